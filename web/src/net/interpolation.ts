// Remote avatars are drawn about 100 ms in the past, between the two
// snapshots that bracket that moment, so they move smoothly although
// snapshots arrive at 20 Hz with jitter and budget gaps. Times are the
// server's tick timeline (tick * tick_interval_ms) mapped onto the local
// clock by a slowly adapting offset. Pure: callers pass `now`.

import type { Quat, Vec3 } from './quantize';

export interface PoseSample {
  time: number; // server timeline, ms
  body: Vec3;
  yaw: number; // body rotation about +y, radians
  head: Vec3;
  headRotation: Quat;
  hands?: { left: Vec3; right: Vec3; leftRotation: Quat; rightRotation: Quat };
}

export const kInterpolationDelayMs = 100;
const kMaxSamples = 32;
// A gap longer than this means the avatar stood still (no record was sent):
// hold the old pose until just before the new sample instead of gliding.
const kHoldGapMs = 200;

function lerp(a: number, b: number, t: number): number {
  return a + (b - a) * t;
}

function lerpVec(a: Vec3, b: Vec3, t: number): Vec3 {
  return { x: lerp(a.x, b.x, t), y: lerp(a.y, b.y, t), z: lerp(a.z, b.z, t) };
}

function lerpAngle(a: number, b: number, t: number): number {
  let difference = (b - a) % (2 * Math.PI);
  if (difference > Math.PI) difference -= 2 * Math.PI;
  if (difference < -Math.PI) difference += 2 * Math.PI;
  return a + difference * t;
}

function slerp(a: Quat, b: Quat, t: number): Quat {
  let dot = a.x * b.x + a.y * b.y + a.z * b.z + a.w * b.w;
  let bx = b.x, by = b.y, bz = b.z, bw = b.w;
  if (dot < 0) {
    dot = -dot;
    bx = -bx; by = -by; bz = -bz; bw = -bw;
  }
  // Normalised lerp: close enough for 50 ms steps.
  const x = lerp(a.x, bx, t), y = lerp(a.y, by, t), z = lerp(a.z, bz, t), w = lerp(a.w, bw, t);
  const length = Math.hypot(x, y, z, w) || 1;
  return { x: x / length, y: y / length, z: z / length, w: w / length };
}

/** The pose samples of one remote avatar. */
export class InterpolationBuffer {
  private samples: PoseSample[] = [];

  get latest(): PoseSample | undefined {
    return this.samples[this.samples.length - 1];
  }

  push(sample: PoseSample, tickIntervalMs = 50): void {
    const last = this.latest;
    if (last && sample.time <= last.time) {
      if (sample.time === last.time) this.samples[this.samples.length - 1] = sample;
      return; // out of order: older than what we have
    }
    if (last && sample.time - last.time > kHoldGapMs) {
      this.samples.push({ ...last, time: sample.time - tickIntervalMs });
    }
    this.samples.push(sample);
    if (this.samples.length > kMaxSamples) this.samples.splice(0, this.samples.length - kMaxSamples);
  }

  /** The pose at server time `time`: interpolated, or the nearest end held. */
  sample(time: number): PoseSample | undefined {
    const samples = this.samples;
    if (samples.length === 0) return undefined;
    if (time <= samples[0].time) return samples[0];
    const last = samples[samples.length - 1];
    if (time >= last.time) return last;
    let index = samples.length - 1;
    while (index > 0 && samples[index - 1].time > time) --index;
    const a = samples[index - 1];
    const b = samples[index];
    const t = (time - a.time) / (b.time - a.time);
    return {
      time,
      body: lerpVec(a.body, b.body, t),
      yaw: lerpAngle(a.yaw, b.yaw, t),
      head: lerpVec(a.head, b.head, t),
      headRotation: slerp(a.headRotation, b.headRotation, t),
      hands:
        a.hands && b.hands
          ? {
              left: lerpVec(a.hands.left, b.hands.left, t),
              right: lerpVec(a.hands.right, b.hands.right, t),
              leftRotation: slerp(a.hands.leftRotation, b.hands.leftRotation, t),
              rightRotation: slerp(a.hands.rightRotation, b.hands.rightRotation, t),
            }
          : b.hands,
    };
  }
}

/**
 * Maps the server's tick timeline onto the local clock. The offset follows
 * the fastest arrivals (least delay) at once and drifts up slowly, so one late
 * snapshot does not pull every avatar back.
 */
export class ServerClock {
  private offset: number | undefined;

  observe(serverTime: number, localArrival: number): void {
    const sample = localArrival - serverTime;
    if (this.offset === undefined || sample < this.offset) this.offset = sample;
    else this.offset += (sample - this.offset) * 0.02;
  }

  /** The server time to draw remote avatars at, `delay` ms behind. */
  renderTime(localNow: number, delay = kInterpolationDelayMs): number {
    return localNow - (this.offset ?? localNow) - delay;
  }
}
