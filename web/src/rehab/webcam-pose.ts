// The webcam as a pose source: getUserMedia video into a <video> element
// that never leaves the page, @vladmandic/human's MoveNet Lightning (its
// model files ship in the npm package; the build copies them to
// /models/human/, vite.config.ts, so they come from our own origin and
// nothing is downloaded from elsewhere at run time), one detection per
// video frame, keypoints out in pixels (y down, no depth). Loaded on demand:
// the model library is large and only the camera needs it.

import { KEYPOINT_COUNT, KEYPOINT_NAMES } from './motion-core';
import { RateMeter, type PoseSource } from './pose-sources';
import { errorName, mediaErrorKind, type MediaErrorKind } from '../ui/media-errors';

/** The few parts of human's API this page uses (its own types pull in tfjs's). */
interface HumanKeypoint { part: string; position: number[]; score: number }
interface HumanResult { body: { keypoints: HumanKeypoint[]; score: number }[] }
interface HumanInstance {
  load(): Promise<void>;
  detect(input: HTMLVideoElement): Promise<HumanResult>;
  tf: { getBackend(): string };
}

const kCameraWords: Record<MediaErrorKind, string> = {
  denied: 'The browser did not allow the camera. Allow it in the site settings, or choose another way to track.',
  missing: 'No camera was found on this device.',
  busy: 'The camera is in use by another program. Close it and try again.',
  insecure: 'The camera needs a secure (HTTPS) connection to this server.',
  other: 'The camera could not be started.',
};

export const kHumanModelBase = '/models/human/';

/** human's settings: body only (MoveNet Lightning), our own origin, no warm-up download, no cache in IndexedDB. */
export const kHumanConfig = {
  backend: 'webgl',
  modelBasePath: kHumanModelBase,
  cacheModels: false,
  warmup: 'none',
  debug: false,
  async: true,
  cacheSensitivity: 0,
  filter: { enabled: false },
  face: { enabled: false },
  hand: { enabled: false },
  object: { enabled: false },
  gesture: { enabled: false },
  segmentation: { enabled: false },
  body: { enabled: true, modelPath: 'movenet-lightning.json', maxDetected: 1, minConfidence: 0.05 },
};

/** human's keypoints as the core's 17 (x, y, z, score), MoveNet order; a missing part scores 0. */
export function keypointsOf(keypoints: HumanKeypoint[]): Float64Array {
  const out = new Float64Array(KEYPOINT_COUNT * 4);
  for (const point of keypoints) {
    const index = (KEYPOINT_NAMES as readonly string[]).indexOf(point.part);
    if (index < 0) continue;
    out[4 * index] = point.position[0] ?? 0;
    out[4 * index + 1] = point.position[1] ?? 0;
    out[4 * index + 3] = Number.isFinite(point.score) ? point.score : 0;
  }
  return out;
}

/** `backend`: tfjs's ('webgl' by default; 'cpu' where WebGL is software, as the benchmark compares). */
export function webcamSource(video: HTMLVideoElement, options: { backend?: 'webgl' | 'cpu' } = {}): PoseSource {
  let stream: MediaStream | undefined;
  let stopped = false;
  const meter = new RateMeter();
  return {
    async start(onFrame, onStatus) {
      onStatus('Starting the camera…');
      try {
        stream = await navigator.mediaDevices.getUserMedia({ video: { width: { ideal: 640 }, height: { ideal: 480 }, facingMode: 'user' }, audio: false });
      } catch (error) {
        throw new Error(kCameraWords[mediaErrorKind(errorName(error))]);
      }
      if (stopped) return this.stop();
      video.srcObject = stream;
      video.muted = true;
      await video.play().catch(() => undefined);
      onStatus('Loading the body tracker (it runs on this device)…');
      const module = (await import('@vladmandic/human')) as unknown as { Human: new (config: object) => HumanInstance };
      const human = new module.Human({ ...kHumanConfig, backend: options.backend ?? kHumanConfig.backend });
      await human.load();
      if (stopped) return;
      onStatus(`Camera on: the picture stays on this device (tracker on ${human.tf.getBackend()}).`);
      const loop = async () => {
        while (!stopped) {
          if (video.readyState < 2) {
            await new Promise((resolve) => setTimeout(resolve, 50));
            continue;
          }
          const tMs = performance.now();
          const result = await human.detect(video);
          if (stopped) break;
          meter.tick(performance.now());
          const body = result.body[0];
          onFrame({ tMs, keypoints: body ? keypointsOf(body.keypoints) : new Float64Array(KEYPOINT_COUNT * 4), hasDepth: false });
          await new Promise((resolve) => requestAnimationFrame(resolve));
        }
      };
      void loop();
    },
    stop() {
      stopped = true;
      for (const track of stream?.getTracks() ?? []) track.stop();
      video.srcObject = null;
    },
    framesPerSecond: () => meter.perSecond(),
  };
}
