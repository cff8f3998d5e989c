import { readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSpace, type SpaceDefinitionJson } from './space';
import { arrivalProblems, signPlacements } from './signs';
import { testSpaceJson } from './test-space';

const directory = resolve(__dirname, '../../../spaces');
const spaces = readdirSync(directory)
  .filter((file) => file.endsWith('.json'))
  .map((file) => parseSpace(JSON.parse(readFileSync(resolve(directory, file), 'utf8')) as SpaceDefinitionJson));

describe('arrival points (every spaces/*.json)', () => {
  it('reads the real spaces', () => {
    expect(spaces.length).toBeGreaterThan(20);
  });
  for (const space of spaces) {
    it(`${space.id}: nobody arrives facing a wall or the back of a sign`, () => {
      expect(arrivalProblems(space)).toEqual([]);
    });
  }
});

describe('arrivalProblems', () => {
  const base = parseSpace(testSpaceJson);
  it('names a spawn whose camera sees the back of a portal sign', () => {
    // Facing away from a portal at the south edge: the camera behind stands behind the sign.
    const json: SpaceDefinitionJson = {
      id: 'room',
      name: 'Room',
      bounds: { min: [-5, 0, -5], max: [5, 3, 5] },
      spawn_points: [{ position: [0, 0, -1], yaw_deg: 0 }],
      portals: [{ id: 'out', name: 'Out', box: { min: [-1, 0, -4], max: [1, 3, -3.5] }, target: 'lobby' }],
    };
    const problems = arrivalProblems(parseSpace(json));
    expect(problems.some((problem) => problem.includes('back of the sign "Out"'))).toBe(true);
  });
  it('names a spawn facing a wall and one with no room for the camera behind', () => {
    const json: SpaceDefinitionJson = {
      id: 'room',
      name: 'Room',
      bounds: { min: [-5, 0, -5], max: [5, 3, 5] },
      walls: [{ from: [-5, 2], to: [5, 2] }],
      spawn_points: [{ position: [0, 0, 0], yaw_deg: 0 }, { position: [0, 0, -4.2], yaw_deg: 0 }],
    };
    const problems = arrivalProblems(parseSpace(json));
    expect(problems).toContain('room: spawn_points[0] faces a wall or the edge of the space within 3 m');
    expect(problems).toContain('room: spawn_points[1]: no room behind the avatar for the camera (a wall or the edge is too close behind)');
  });
  it('puts door signs outside the door, facing out', () => {
    const door = signPlacements(base).find((sign) => sign.kind === 'door');
    if (door) expect(Math.hypot(door.normal.x, door.normal.z)).toBeCloseTo(1);
  });
});
