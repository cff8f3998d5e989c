// Walls between two people muffle what one hears of the other: each
// collision wall crossed by the straight line between them multiplies the
// gain by `kWallGain`. Pure; the spatial mixer applies it.

import { segmentsIntersect } from '../spaces/movement';
import type { Segment, Vec2 } from '../spaces/space';

export const kWallGain = 0.35;
/** Below this the voice is as good as gone; more walls change nothing audible. */
export const kMinOcclusionGain = kWallGain ** 4;

export function wallsBetween(a: Vec2, b: Vec2, walls: readonly Segment[]): number {
  let count = 0;
  for (const wall of walls) if (segmentsIntersect(a, b, wall.from, wall.to)) count++;
  return count;
}

export function occlusionGain(a: Vec2, b: Vec2, walls: readonly Segment[]): number {
  return Math.max(kMinOcclusionGain, kWallGain ** wallsBetween(a, b, walls));
}
