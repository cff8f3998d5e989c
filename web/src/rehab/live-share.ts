// Sharing the set being played with the therapist (docs/api.md
// "Rehabilitation", PUT /api/rehab/live): the gym hands every live reading
// and the latest keypoints here; at most ten times a second, one request at
// a time, the newest state goes to the server, which keeps it a few seconds
// in memory for a therapist who watches (therapist-live.ts). Only numbers:
// the exercise, the count, the angle and 17 points (x, y, score), never the
// picture. stop() ends the sharing at once (DELETE). A refusal (not a
// patient) ends it quietly: the game goes on the same.

import type { ApiClient } from '../net/rest';
import type { Exercise, LiveReading, Side } from './motion-core';
import { KEYPOINT_COUNT } from './keypoints';

export interface SharedSet {
  exercise: Exercise;
  side: Side;
  targetDeg: number;
  reps: number;
}

export const kShareIntervalMs = 100;

/** The body of PUT /api/rehab/live: keypoints 17 x [x, y, score] (rounded) or null. */
export function liveBody(set: SharedSet, reading: LiveReading, keypoints: Float64Array | undefined) {
  const round = (value: number, places: number) => Number.isFinite(value) ? Math.round(value * 10 ** places) / 10 ** places : 0;
  const points = keypoints && keypoints.length >= 4 * KEYPOINT_COUNT
    ? Array.from({ length: KEYPOINT_COUNT }, (_, i) => [round(keypoints[4 * i], 1), round(keypoints[4 * i + 1], 1), Math.max(0, Math.min(1, round(keypoints[4 * i + 3], 2)))])
    : null;
  return {
    exercise: set.exercise,
    side: set.side,
    target_deg: set.targetDeg,
    reps: set.reps,
    rep_count: reading.repCount,
    partial_count: reading.partialCount,
    angle_deg: reading.angleDeg === null ? null : round(reading.angleDeg, 1),
    keypoints: points,
  };
}

export class LiveShare {
  private pending: ReturnType<typeof liveBody> | undefined;
  private inFlight = false;
  private lastSentAt = -Infinity;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private ended = false;

  constructor(private readonly api: ApiClient, private readonly set: SharedSet, private readonly now: () => number = () => performance.now()) {}

  update(reading: LiveReading, keypoints: Float64Array | undefined): void {
    if (this.ended) return;
    this.pending = liveBody(this.set, reading, keypoints);
    this.schedule();
  }

  stop(): void {
    if (this.ended) return;
    this.ended = true;
    clearTimeout(this.timer);
    void this.api.request('DELETE', '/api/rehab/live');
  }

  private schedule(): void {
    if (this.inFlight || this.timer !== undefined || this.ended) return;
    const wait = Math.max(0, this.lastSentAt + kShareIntervalMs - this.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.send();
    }, wait);
  }

  private async send(): Promise<void> {
    const body = this.pending;
    if (!body || this.ended) return;
    this.pending = undefined;
    this.inFlight = true;
    this.lastSentAt = this.now();
    const result = await this.api.request('PUT', '/api/rehab/live', body);
    this.inFlight = false;
    if (!result.ok && (result.error.status === 403 || result.error.status === 401)) {
      this.ended = true; // not a patient: nothing to share
      return;
    }
    if (this.ended) {
      void this.api.request('DELETE', '/api/rehab/live'); // stopped while this was on its way
      return;
    }
    if (this.pending) this.schedule();
  }
}
