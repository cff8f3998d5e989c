// Benchmark page (/pose-bench.html): the gym's webcam pipeline as a patient
// runs it (webcam-pose.ts: getUserMedia, @vladmandic/human's MoveNet
// Lightning from our own origin, then each frame through the WebAssembly
// motion core's live set), for a fixed span after the first frame. Frames
// per second, the model's load time and the backend are shown on the page
// and left in window.poseBench for web/e2e/bench-motion.mjs
// (bench/results/motion.json). A headless browser's fake camera shows no
// body, so the keypoints score low; the cost per frame is the same.
import { loadMotionCore } from './motion-core';
import { webcamSource } from './webcam-pose';

const query = new URLSearchParams(location.search);
const kMeasureMs = Number(query.get('ms') ?? 10000);
const kBackend = query.get('backend') === 'cpu' ? 'cpu' : 'webgl';
const status = document.getElementById('pose-bench-status') as HTMLElement;
const video = document.getElementById('pose-bench-video') as HTMLVideoElement;

async function run() {
  const core = await loadMotionCore();
  const live = core.openLiveSet('knee-extension', 'right');
  const source = webcamSource(video, { backend: kBackend });
  const began = performance.now();
  let firstAt: number | undefined;
  let frames = 0;
  let backend = '';
  await new Promise<void>((resolve, reject) => {
    source.start((frame) => {
      const now = performance.now();
      firstAt ??= now;
      live.push(frame.tMs, frame.keypoints, frame.hasDepth);
      if (now - firstAt > 0) frames++;
      if (now - firstAt >= kMeasureMs) resolve();
    }, (words, problem) => {
      status.textContent = words;
      backend = /tracker on (\w+)/.exec(words)?.[1] ?? backend;
      if (problem) reject(new Error(words));
    }).catch(reject);
  });
  const camera = `${video.videoWidth}x${video.videoHeight}`;
  source.stop();
  live.close();
  const seconds = (performance.now() - (firstAt ?? began)) / 1000;
  const bench = {
    frames_per_second: Number((frames / seconds).toFixed(2)),
    frames,
    seconds: Number(seconds.toFixed(1)),
    first_frame_after_ms: Math.round((firstAt ?? began) - began),
    backend,
    model: 'MoveNet Lightning (@vladmandic/human 3.3.6), served from /models/human/',
    camera,
  };
  (window as unknown as { poseBench: typeof bench }).poseBench = bench;
  status.textContent = `${bench.frames_per_second} frames per second over ${bench.seconds} s (${bench.backend}).`;
}

run().catch((error: unknown) => {
  status.textContent = `The webcam pipeline could not run: ${String(error)}`;
  (window as unknown as { poseBench: unknown }).poseBench = { error: String(error) };
});
