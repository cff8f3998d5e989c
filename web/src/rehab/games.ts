// The gym's three games and what they say, as pure functions of the motion
// core's live reading (motion-core.ts): which game an exercise is played
// as, how far along the way to the target a reading is, the feedback in
// words ("slow down" when too fast), and the score; and the head
// orientation the neck game hands the core (cervical rotation is counted by
// the core too, from a quaternion). No DOM, no clock.

import type { Exercise, LiveReading, Side } from './motion-core';

export type GameKind = 'lights' | 'kick' | 'neck';

export interface GameInfo {
  kind: GameKind;
  title: string;
  /** What to do, said before the game starts. */
  how: string;
}

export function gameOf(exercise: Exercise): GameKind {
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
  'cervical-rotation': 'head',
};

export function gameInfo(kind: GameKind, exercise: Exercise, side: Side): GameInfo {
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
        how: `Sit up straight and keep your shoulders still. Turn your head to the ${side}, towards the light, then slowly back to the middle.`,
      };
    case 'lights':
      return {
        kind,
        title: 'Reach for the lights',
        how: exercise === 'shoulder-abduction'
          ? `Sit or stand facing the camera. Raise your ${side} arm out to the side to the light, then lower it.`
          : `Sit or stand side on to the camera. Raise your ${side} ${kJoint[exercise]} forward to the light, then lower it.`,
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
  if (reading.angleDeg === null) {
    return exercise === 'cervical-rotation'
      ? 'The headset is not tracking: check it is on and can see the room.'
      : `The camera cannot see your ${joint} clearly: move so your whole body shows, in good light.`;
  }
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

/** Where the head looks after turning `yawDeg` (positive left) from -z, level. */
export function forwardOfYaw(yawDeg: number): { x: number; y: number; z: number } {
  const yaw = (yawDeg * Math.PI) / 180;
  return { x: -Math.sin(yaw), y: 0, z: -Math.cos(yaw) };
}
