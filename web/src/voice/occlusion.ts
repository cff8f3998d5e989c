// Walls between two people muffle what one hears of the other: each wall
// crossed by the straight line between them multiplies the gain by
// `kWallGain`. Walls are the space's own and its walled rooms' (doors left
// open); furniture, solid for walking, lets sound past. Pure; the spatial
// mixer applies it.

import { segmentsIntersect } from '../spaces/movement';
import { zoneWalls, type Segment, type Space, type Vec2 } from '../spaces/space';

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

/** The walls sound has to pass through in `space`. */
export function soundWalls(space: Pick<Space, 'walls' | 'zones'>): Segment[] {
  return [...space.walls, ...space.zones.flatMap(zoneWalls)];
}
