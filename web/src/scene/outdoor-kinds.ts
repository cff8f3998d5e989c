// The outdoor kinds of furniture (spaces/*.json "furniture" in a space with
// a "setting"): trees, rocks, log seats and trails, built from the same
// instanced parts as the indoor kinds (interior-kit.ts), so a forest of a
// hundred and fifty trees is a handful of draw calls. Each tree's shape
// (pine or broadleaf, its height) follows from where it stands, so the same
// data always grows the same forest. scene/outdoor.ts grows the far trees
// beyond the space's bounds with treeParts too.

import { kChair } from '../spaces/seats';
import type { Furniture } from '../spaces/space';
import { colourNumber, type Palette, type PartCollector } from './interior-kit';

/** A number in [0, 1) from a place on the floor plan: the same place, the same number. */
export function placeHash(x: number, z: number, salt = 0): number {
  const value = Math.sin(x * 12.9898 + z * 78.233 + salt * 37.719) * 43758.5453;
  return value - Math.floor(value);
}

/** Pines outnumber broadleaf trees this much (a share of 1). */
const kPineShare = 0.6;

/**
 * One tree standing at the collector's current frame: a pine (stacked
 * cones) or a broadleaf tree (a crown of spheres). `seed` picks the kind and
 * the details; `scale` 1 is a tree about 7 m tall.
 */
export function treeParts(parts: PartCollector, palette: Palette, seed: number, scale: number): void {
  const s = scale * (0.85 + 0.4 * placeHash(seed, 1));
  if (placeHash(seed, 2) < kPineShare) {
    parts.cylinder(0, 0, 0, 0.17 * s, 2.4 * s, palette.bark);
    const tiers = [
      { y: 1.5, radius: 1.9, height: 2.8 },
      { y: 3.1, radius: 1.5, height: 2.5 },
      { y: 4.5, radius: 1.05, height: 2.3 },
    ];
    tiers.forEach((tier, index) => parts.cone(0, tier.y * s, 0, tier.radius * s, tier.height * s, index === 1 ? palette.needleLight : palette.needle));
    return;
  }
  parts.cylinder(0, 0, 0, 0.2 * s, 3.4 * s, palette.bark);
  parts.ellipsoid(0, 4.4 * s, 0, [4.2 * s, 3.4 * s, 4.2 * s], palette.leaf);
  const turn = placeHash(seed, 3) * Math.PI * 2;
  for (let k = 0; k < 3; ++k) {
    const angle = turn + (k * Math.PI * 2) / 3;
    parts.sphere(Math.sin(angle) * 1.3 * s, (4.9 + 0.4 * k) * s, Math.cos(angle) * 1.3 * s, (1.2 + 0.2 * k) * s, k === 1 ? palette.leaf : palette.leafLight);
  }
}

/** A tree whose trunk fills the item's footprint (the part that blocks walking). */
export function buildTree(item: Furniture, parts: PartCollector, palette: Palette): void {
  parts.at(item);
  treeParts(parts, palette, placeHash(item.at.x, item.at.z), item.width / 0.5);
}

/** A boulder, partly sunk into the ground, with a smaller stone leaning on it. */
export function buildRock(item: Furniture, parts: PartCollector, palette: Palette): void {
  parts.at(item);
  const height = Math.min(item.width, item.depth) * 0.75;
  parts.ellipsoid(0, height * 0.3, 0, [item.width, height, item.depth], palette.rock, placeHash(item.at.x, item.at.z) * 0.6);
  parts.ellipsoid(item.width * 0.38, height * 0.12, item.depth * 0.2, [item.width * 0.4, height * 0.45, item.depth * 0.45], palette.rock);
}

/** A log lying across the item, its top at a chair's seat height (spaces/seats.ts: people sit on it). */
export function buildLogSeat(item: Furniture, parts: PartCollector, palette: Palette): void {
  parts.at(item);
  const radius = 0.23;
  const top = kChair.seatHeightM + kChair.seatThicknessM / 2;
  parts.lying(0, top - radius, kChair.seatCentreZ, radius, item.width, palette.driftwood);
}

/** A walked path: strips along `path`, `width` wide, with round joins, just above the ground; in its `colour` (high contrast: the palette's). */
export function buildTrail(item: Furniture, parts: PartCollector, palette: Palette, highContrast: boolean): void {
  parts.at({ at: { x: 0, y: 0, z: 0 }, yaw: 0 });
  const y = item.at.y;
  const colour = highContrast ? palette.trail : colourNumber(item.colour, palette.trail);
  item.path.forEach((point, index) => {
    parts.cylinder(point.x, y + 0.004, point.z, item.width / 2, 0.008, colour);
    const from = item.path[index - 1];
    if (!from) return;
    const length = Math.hypot(point.x - from.x, point.z - from.z);
    const yaw = Math.atan2(point.x - from.x, point.z - from.z);
    parts.box((from.x + point.x) / 2, y + 0.006, (from.z + point.z) / 2, [item.width, 0.008, length], colour, yaw);
  });
}
