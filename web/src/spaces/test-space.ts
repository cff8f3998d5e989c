// A small space for tests: a 20 x 20 m hall with a walled room (door on its
// south side) in the north-east corner and a portal in the west.
import type { SpaceDefinitionJson } from './space';

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
