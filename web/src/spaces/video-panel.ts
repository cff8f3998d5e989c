// Where the other person's video hangs in a 3D consult room (issue 5: "the
// remote video on a panel in the room"): a 1.6 m x 0.9 m screen whose centre
// is 1.6 m above the floor, two metres ahead of the viewer's spawn point and
// two to their right, beside (not behind) the consult room's middle
// partition and the other person's avatar; turned to face that spawn point.
// Pure: scene/ builds the mesh from this.

import type { Space, Vec2 } from './space';

export const kVideoPanel = {
  widthM: 1.6,
  heightM: 0.9,
  centreHeightM: 1.6,
  /** How far ahead of the spawn point, along its facing. */
  aheadM: 2,
  /** How far to the viewer's right of the line of sight. */
  asideM: 2,
  /** Kept clear of the space's edges. */
  marginM: 0.3,
} as const;

export interface PanelPlacement {
  /** The panel's centre, in space coordinates (metres). */
  x: number;
  y: number;
  z: number;
  /** Rotation about +y (radians, yaw 0 faces +z) that turns the panel's face (+z) to the viewer. */
  yaw: number;
}

/** The spawn point nearest to `viewer`: where a member of the room arrived. */
function nearestSpawn(space: Space, viewer: Vec2) {
  let best = space.spawnPoints[0];
  let bestDistance = Infinity;
  for (const spawn of space.spawnPoints) {
    const distance = Math.hypot(spawn.position.x - viewer.x, spawn.position.z - viewer.z);
    if (distance < bestDistance) {
      best = spawn;
      bestDistance = distance;
    }
  }
  return best;
}

/**
 * The panel's place for someone standing at `viewer` (their own position in
 * the space); undefined when the space has no spawn points.
 */
export function videoPanelPlacement(space: Space, viewer: Vec2): PanelPlacement | undefined {
  const spawn = nearestSpawn(space, viewer);
  if (!spawn) return undefined;
  const yaw = (spawn.yawDeg * Math.PI) / 180;
  const forward = { x: Math.sin(yaw), z: Math.cos(yaw) };
  // Looking down +z with +y up, the right hand is -x: right = (-forward.z, forward.x).
  const right = { x: -forward.z, z: forward.x };
  const { min, max } = space.bounds;
  const clamp = (value: number, low: number, high: number) => (low > high ? (low + high) / 2 : Math.min(high, Math.max(low, value)));
  const x = clamp(spawn.position.x + forward.x * kVideoPanel.aheadM + right.x * kVideoPanel.asideM, min.x + kVideoPanel.marginM, max.x - kVideoPanel.marginM);
  const z = clamp(spawn.position.z + forward.z * kVideoPanel.aheadM + right.z * kVideoPanel.asideM, min.z + kVideoPanel.marginM, max.z - kVideoPanel.marginM);
  return {
    x,
    y: min.y + kVideoPanel.centreHeightM,
    z,
    yaw: Math.atan2(spawn.position.x - x, spawn.position.z - z),
  };
}
