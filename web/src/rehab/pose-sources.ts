// Where the gym's keypoints come from. Each source hands frames (trace.ts's
// PoseFrame: 17 MoveNet keypoints, time in ms) to one callback and says
// what it is doing in words:
// - the webcam, through @vladmandic/human's MoveNet Lightning (webcam-pose.ts,
//   loaded only when chosen): the picture stays in the page, only keypoints
//   leave it, and only when a set is saved;
// - a recorded sequence (test mode): a trace CSV played back in real time
//   (or faster) instead of the camera, with its own time stamps, so the
//   same live analysis, recording and upload run as with a camera.
// The neck game reads the head's yaw instead (gym-page.ts).

import type { PoseFrame } from './trace';

export interface PoseSource {
  /** Starts delivering frames; resolves once running, rejects with words for the patient. */
  start(onFrame: (frame: PoseFrame) => void, onStatus: (words: string, problem?: boolean) => void): Promise<void>;
  stop(): void;
  /** Frames delivered per second over the last second or so (0 before any). */
  framesPerSecond(): number;
}

/** Counts frames over a sliding second (times handed in, ms). */
export class RateMeter {
  private readonly times: number[] = [];

  tick(nowMs: number): void {
    this.times.push(nowMs);
    while (this.times.length > 0 && this.times[0] < nowMs - 2000) this.times.shift();
  }

  perSecond(): number {
    if (this.times.length < 2) return 0;
    const span = this.times[this.times.length - 1] - this.times[0];
    return span > 0 ? ((this.times.length - 1) * 1000) / span : 0;
  }
}

/**
 * Plays recorded frames back, `rate` times real time, then calls `ended`.
 * Frames keep their recorded t_ms, so the analysis sees the set as recorded.
 */
export function recordedSource(frames: PoseFrame[], options: { rate: number; ended(): void }): PoseSource {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const meter = new RateMeter();
  return {
    async start(onFrame, onStatus) {
      if (frames.length === 0) throw new Error('The recorded sequence has no frames.');
      onStatus(`Test mode: a recorded sequence of ${frames.length} frames is played instead of the camera.`);
      const first = frames[0].tMs;
      const began = performance.now();
      let next = 0;
      const play = () => {
        if (stopped) return;
        const due = first + (performance.now() - began) * options.rate;
        while (next < frames.length && frames[next].tMs <= due) {
          meter.tick(performance.now());
          onFrame(frames[next++]);
        }
        if (next >= frames.length) {
          options.ended();
          return;
        }
        timer = setTimeout(play, Math.max(1, (frames[next].tMs - due) / options.rate));
      };
      play();
    },
    stop() {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
    },
    framesPerSecond: () => meter.perSecond(),
  };
}
