// Benchmark page (/motion-bench.html): the motion core as WebAssembly in the
// browser, loaded from our own origin under the server's CSP, fed a
// synthetic seated knee extension (2D keypoints at 30 Hz, 10 reps) frame by
// frame. The per-frame cost is shown on the page and left in
// window.motionBench for web/e2e/bench-motion.mjs (bench/results/motion.json).
import { KEYPOINT_COUNT, loadMotionCore } from './motion-core';

const status = document.getElementById('motion-bench-status') as HTMLElement;

/** 2D keypoints (pixels, y down) of a seated body, right knee at `flexionDeg`. */
function seatedFrame(flexionDeg: number): Float64Array {
  const points = new Float64Array(KEYPOINT_COUNT * 4);
  const put = (index: number, x: number, y: number) => {
    points.set([x, y, 0, 0.9], index * 4);
  };
  const radians = (flexionDeg * Math.PI) / 180;
  [0, 1, 2, 3, 4].forEach((i) => put(i, 330, 100));
  put(5, 320, 160); put(6, 320, 160);    // shoulders
  put(7, 322, 230); put(8, 322, 230);    // elbows
  put(9, 330, 290); put(10, 330, 290);   // wrists
  put(11, 320, 360); put(12, 320, 360);  // hips
  put(13, 500, 360); put(14, 500, 360);  // knees: the thigh lies forward
  put(15, 500, 530);                     // left ankle hangs
  put(16, 500 + 170 * Math.cos(radians), 360 + 170 * Math.sin(radians));
  return points;
}

async function run() {
  const core = await loadMotionCore();
  const frames: Float64Array[] = [];
  for (let i = 0; i < 30 * 30; i += 1) {  // 30 s: a rep every 3 s, 90 -> 5 -> 90
    const phase = ((i / 30) % 3) / 3;
    frames.push(seatedFrame(90 - 85 * (1 - Math.cos(2 * Math.PI * phase)) / 2));
  }
  const repeats = 20;
  let result = core.openLiveSet('knee-extension', 'right').result();
  const started = performance.now();
  for (let r = 0; r < repeats; r += 1) {
    const live = core.openLiveSet('knee-extension', 'right');
    frames.forEach((frame, i) => live.push(i * (1000 / 30), frame, false));
    result = live.result();
    live.close();
  }
  const perFrameUs = ((performance.now() - started) * 1000) / (repeats * frames.length);
  const bench = { live_push_us_per_frame: Number(perFrameUs.toFixed(3)), frames: repeats * frames.length,
                  rep_count: result.rep_count, user_agent: navigator.userAgent };
  (window as unknown as { motionBench: typeof bench }).motionBench = bench;
  status.textContent = `${bench.live_push_us_per_frame} µs per frame over ${bench.frames} frames; ` +
    `${result.rep_count} reps counted in each pass.`;
}

run().catch((error: unknown) => {
  status.textContent = `The motion core could not run: ${String(error)}`;
  (window as unknown as { motionBench: unknown }).motionBench = { error: String(error) };
});
