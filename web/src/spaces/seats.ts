// Where people can sit: every chair of a space's furniture ("chair", each
// chair of a "chair_row", and outdoors a "log_seat"), laid out by the same numbers scene/interiors.ts
// builds the chairs from, so a seat is always where a chair is drawn. Pure
// functions of the space definition; no DOM, no three.js.

import { kAvatarRadiusM } from './movement';
import { furniturePoint, type Furniture, type Segment, type Space, type Vec2 } from './space';

/** One chair's shape in its item's frame (x across, y up, z out of its front), metres. */
export const kChair = {
  seatHeightM: 0.45, // centre of the seat cushion
  seatThicknessM: 0.07,
  seatWidthM: 0.48,
  seatDepthM: 0.46,
  seatCentreZ: 0.02,
  backCentreZ: -0.21,
} as const;

/** The top of a chair's cushion above the floor: where a seated person's hips rest. */
export const kSeatTopM = kChair.seatHeightM + kChair.seatThicknessM / 2;

/** A free seat within this distance of you offers "Sit down". */
export const kSitReachM = 1.5;
/** Someone whose body is this close to a seat's place is on it. */
export const kSeatTakenWithinM = 0.3;

export interface Seat {
  /** "furniture index:chair index", stable for one space definition. */
  id: string;
  /** Where a seated person's body stands on the floor plan (the seat's middle, or the nearest clear place in front of it). */
  at: Vec2;
  /** The way the chair faces, radians about +y (0: +z), as avatar yaw. */
  yaw: number;
  /** Floor height under the chair. */
  floorY: number;
}

/** The chairs' centres across an item (x in its frame): one for a chair or a log seat, `count` side by side for a row. */
export function chairOffsets(item: Pick<Furniture, 'kind' | 'width' | 'count'>): number[] {
  if (item.kind === 'chair' || item.kind === 'log_seat') return [0];
  if (item.kind !== 'chair_row') return [];
  const length = item.width * item.count;
  return Array.from({ length: item.count }, (_, i) => -length / 2 + item.width * (i + 0.5));
}

function distanceToSegment(point: Vec2, wall: Segment): number {
  const dx = wall.to.x - wall.from.x;
  const dz = wall.to.z - wall.from.z;
  const lengthSquared = dx * dx + dz * dz;
  const t = lengthSquared > 0 ? Math.max(0, Math.min(1, ((point.x - wall.from.x) * dx + (point.z - wall.from.z) * dz) / lengthSquared)) : 0;
  return Math.hypot(point.x - (wall.from.x + t * dx), point.z - (wall.from.z + t * dz));
}

function clearOfWalls(space: Space, point: Vec2): boolean {
  return space.collisionWalls.every((wall) => distanceToSegment(point, wall) >= kAvatarRadiusM);
}

/**
 * Every seat of `space`. A seat whose middle is too near a collision wall
 * for an avatar (the server would refuse the step) moves forward, out of the
 * chair's front, to the first clear place within 0.6 m; a seat with none is
 * left out.
 */
export function seatsOf(space: Space): Seat[] {
  const seats: Seat[] = [];
  space.furniture.forEach((item, itemIndex) => {
    chairOffsets(item).forEach((x, chairIndex) => {
      for (let forwardM = 0; forwardM <= 0.6 + 1e-9; forwardM += 0.05) {
        const at = furniturePoint(item, { x, z: kChair.seatCentreZ + forwardM });
        if (!clearOfWalls(space, at)) continue;
        seats.push({ id: `${itemIndex}:${chairIndex}`, at, yaw: item.yaw, floorY: item.at.y });
        return;
      }
    });
  });
  return seats;
}

/**
 * The nearest seat to `from` within `reachM` that nobody in `others` (their
 * body positions) is on; undefined when there is none.
 */
export function nearestFreeSeat(seats: readonly Seat[], from: Vec2, others: readonly Vec2[], reachM = kSitReachM): Seat | undefined {
  let best: Seat | undefined;
  let bestDistance = reachM;
  for (const seat of seats) {
    const distance = Math.hypot(seat.at.x - from.x, seat.at.z - from.z);
    if (distance > bestDistance) continue;
    if (others.some((other) => Math.hypot(other.x - seat.at.x, other.z - seat.at.z) < kSeatTakenWithinM)) continue;
    best = seat;
    bestDistance = distance;
  }
  return best;
}
