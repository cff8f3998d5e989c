// A small space for tests: a 20 x 20 m hall with a walled room (door on its
// south side) in the north-east corner and a portal in the west.
import { WalkGrid, findPath, zoneWalkTarget } from './movement';
import type { Space, SpaceDefinitionJson } from './space';

export const testSpaceJson: SpaceDefinitionJson = {
  id: 'test-hall',
  name: 'Test hall',
  policy: 'public',
  capacity: 50,
  bounds: { min: [-10, 0, -10], max: [10, 4, 10] },
  zones: [
    { id: 'hall', name: 'Hall', kind: 'waiting', box: { min: [-10, 0, -10], max: [10, 4, 10] } },
    {
      id: 'room', name: 'Consult room', kind: 'consult', walled: true,
      box: { min: [2, 0, 2], max: [8, 3, 8] },
      doors: [{ side: 'south', offset: 3, width: 1.2 }],
    },
  ],
  walls: [{ box: { min: [-3, -1], max: [-2, 1] } }],
  spawn_points: [{ position: [0, 0, -5], yaw_deg: 0 }],
  portals: [{ id: 'to-cardiology', name: 'Cardiology', box: { min: [-10, 0, -1], max: [-9, 3, 1] }, target: 'cardiology' }],
};

/**
 * The zones of `space` that cannot be walked to from its first arrival
 * point (no path, or one ending over 0.8 m short), for the tests over
 * spaces/*.json; empty when every zone can be reached.
 */
export function unreachableZones(space: Space): string[] {
  const grid = new WalkGrid(space);
  const start = space.spawnPoints[0].position;
  return space.zones
    .filter((zone) => {
      const target = zoneWalkTarget(space, zone);
      const path = findPath(space, grid, start, target);
      const end = path[path.length - 1];
      return !end || Math.hypot(end.x - target.x, end.z - target.z) >= 0.8;
    })
    .map((zone) => zone.id);
}
