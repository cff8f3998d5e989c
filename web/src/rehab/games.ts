// The gym's three games and what they say, as pure functions of the motion
// core's live reading (motion-core.ts): which game an exercise is played
// as, how far along the way to the target a reading is, the feedback in
// words ("slow down" when too fast), and the score. The neck game reads the
// head's yaw (headset, or the view's camera in 2D), which the core does not
// count, so its turns are counted here by NeckTurns. No DOM, no clock: time
// is handed in.

import type { Exercise, LiveReading, Side } from './motion-core';

export type GameKind = 'lights' | 'kick' | 'neck';

export interface GameInfo {
  kind: GameKind;
  title: string;
  /** What to do, said before the game starts. */
  how: string;
}

export function gameOf(exercise: Exercise | 'cervical-rotation'): GameKind {
  if (exercise === 'cervical-rotation') return 'neck';
  return exercise === 'knee-extension' || exercise === 'knee-flexion' ? 'kick' : 'lights';
}

const kJoint: Record<Exercise, string> = {
  'knee-flexion': 'knee',
  'knee-extension': 'knee',
  'elbow-flexion': 'elbow',
  'shoulder-flexion': 'arm',
  'shoulder-abduction': 'arm',
  'hip-flexion': 'hip',
};

export function gameInfo(kind: GameKind, exercise: Exercise | 'cervical-rotation', side: Side): GameInfo {
  switch (kind) {
    case 'kick':
      return {
        kind,
        title: 'Kick the ball',
        how: `Sit on a chair, side on to the camera, ${side} leg nearest. Straighten your ${side} knee to kick the ball, then lower your foot back down.`,
      };
    case 'neck':
      return {
        kind,
        title: 'Look at the lights',
        how: 'Sit up straight and keep your shoulders still. Turn your head towards each light as it comes on, then back to the middle.',
      };
    case 'lights':
      return {
        kind,
        title: 'Reach for the lights',
        how: exercise === 'shoulder-abduction'
          ? `Sit or stand facing the camera. Raise your ${side} arm out to the side to the light, then lower it.`
          : `Sit or stand side on to the camera. Raise your ${side} ${kJoint[exercise as Exercise] ?? 'arm'} forward to the light, then lower it.`,
      };
  }
}

/**
 * How far a reading is from its start towards the target: 0 at the start
 * angle, 1 at the target (more past it). `startDeg` is the angle where this
 * person's rep began (the first reading at the start), so the game needs no
 * copy of the core's rest angles.
 */
export function progressOf(angleDeg: number, startDeg: number, targetDeg: number): number {
  const span = targetDeg - startDeg;
  if (Math.abs(span) < 1) return angleDeg === targetDeg ? 1 : 0;
  return Math.max(0, Math.min(1.5, (angleDeg - startDeg) / span));
}

/** The live feedback line under the count, in words. */
export function feedbackWords(reading: LiveReading, exercise: Exercise, targetDeg: number): string {
  const joint = kJoint[exercise];
  if (reading.angleDeg === null) return `The camera cannot see your ${joint} clearly: move so your whole body shows, in good light.`;
  if (reading.tooFast) return 'Slow down: move smoothly and steadily.';
  if (reading.closed === 'partial') return 'Not quite far enough: that one does not count. Try to reach the target.';
  if (reading.closed === 'rep') return `Well done: that is ${reading.repCount} ${reading.repCount === 1 ? 'rep' : 'reps'}.`;
  const angle = Math.round(reading.angleDeg);
  switch (reading.phase) {
    case 'waiting-for-start':
      return exercise === 'knee-extension'
        ? 'Start with your knee bent and your foot down.'
        : `Start with your ${joint} at rest.`;
    case 'at-start':
      return `Ready: ${angle}°. Now move towards ${Math.round(targetDeg)}°.`;
    case 'moving':
      return `${angle}° of ${Math.round(targetDeg)}°: keep going.`;
    case 'target-reached':
      return 'Target reached: now slowly back to the start.';
  }
}

/** Points: 10 a counted rep, 5 more when it was done steadily (no "slow down" during it). */
export class ScoreKeeper {
  score = 0;
  private hurried = false;

  push(reading: { tooFast: boolean; closed: 'rep' | 'partial' | null }): number {
    if (reading.tooFast) this.hurried = true;
    if (reading.closed === 'rep') this.score += this.hurried ? 10 : 15;
    if (reading.closed !== null) this.hurried = false;
    return this.score;
  }
}

/** The neck game's reading after one head yaw. */
export interface NeckReading {
  yawDeg: number;
  /** Where the next light is: the side to turn to. */
  wanted: 'left' | 'right';
  turns: number;
  tooFast: boolean;
  /** This push finished a turn (to the light and back to the middle). */
  closed: boolean;
  reached: boolean;
}

/**
 * Counts head turns (cervical rotation, yaw positive to the left as WebXR's
 * frame has it): a turn counts when the head reaches the wanted side's light
 * (|yaw| >= target) and comes back to the middle (within 30% of the target);
 * then the light moves to the other side (unless one side is prescribed).
 * "Slow down" above 120°/s.
 */
export class NeckTurns {
  private wanted: 'left' | 'right';
  private reached = false;
  private turns = 0;
  private last: { tMs: number; yawDeg: number } | undefined;
  private speed = 0;

  /** `only`: a prescription for one side keeps the light there; otherwise it alternates, left first. */
  constructor(private readonly targetDeg: number, private readonly only?: 'left' | 'right') {
    this.wanted = only ?? 'left';
  }

  push(tMs: number, yawDeg: number): NeckReading {
    if (this.last && tMs > this.last.tMs) {
      const instant = Math.abs(yawDeg - this.last.yawDeg) / ((tMs - this.last.tMs) / 1000);
      this.speed += (instant - this.speed) * Math.min(1, (tMs - this.last.tMs) / 150);
    }
    this.last = { tMs, yawDeg };
    const toward = this.wanted === 'left' ? yawDeg : -yawDeg;
    let closed = false;
    if (!this.reached && toward >= this.targetDeg) this.reached = true;
    else if (this.reached && Math.abs(yawDeg) <= 0.3 * this.targetDeg) {
      this.turns++;
      this.reached = false;
      if (!this.only) this.wanted = this.wanted === 'left' ? 'right' : 'left';
      closed = true;
    }
    return { yawDeg, wanted: this.wanted, turns: this.turns, tooFast: this.speed > 120, closed, reached: this.reached };
  }
}

export function neckWords(reading: NeckReading, targetDeg: number): string {
  if (reading.tooFast) return 'Slow down: turn your head gently.';
  if (reading.closed) return `Well done: ${reading.turns} ${reading.turns === 1 ? 'turn' : 'turns'}.`;
  if (reading.reached) return 'You see the light: now back to the middle.';
  return `Turn your head to the ${reading.wanted}: ${Math.round(Math.abs(reading.yawDeg))}° of ${Math.round(targetDeg)}°.`;
}

/**
 * A head orientation quaternion [x, y, z, w] from where the head looks
 * (WebXR's frame: -z forward, y up): yaw about y, then pitch about x; roll
 * is not known from a direction and is left at 0 (it does not change the
 * cervical rotation, which is read in the plane normal to up).
 */
export function orientationFromForward(forward: { x: number; y: number; z: number }): [number, number, number, number] {
  const length = Math.hypot(forward.x, forward.y, forward.z) || 1;
  const yaw = Math.atan2(-forward.x, -forward.z);
  const pitch = Math.asin(Math.max(-1, Math.min(1, forward.y / length)));
  const [cy, sy, cp, sp] = [Math.cos(yaw / 2), Math.sin(yaw / 2), Math.cos(pitch / 2), Math.sin(pitch / 2)];
  return [cy * sp, sy * cp, -sy * sp, cy * cp];
}

/** The yaw (deg, positive turning left) of a direction, in the plane normal to up. */
export function yawOfForward(forward: { x: number; z: number }): number {
  return (Math.atan2(-forward.x, -forward.z) * 180) / Math.PI;
}
