import { readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chairOffsets, kChair, nearestFreeSeat, seatsOf } from './seats';
import { parseSpace, type SpaceDefinitionJson } from './space';
import { testSpaceJson } from './test-space';

const space = parseSpace({
  ...testSpaceJson,
  furniture: [
    { kind: 'chair_row', at: [0, 0, 0], facing: 0, count: 3, size: [0.6, 0.6] },
    { kind: 'chair', at: [-5, 0, 5], facing: 90, size: [0.6, 0.6] },
    { kind: 'table', at: [5, 0, -5], size: [1, 1] },
    // Its middle sits on the west side of the wall block at x -3..-2: the seat moves out in front (-x).
    { kind: 'chair', at: [-3.1, 0, 0], facing: -90, size: [0.6, 0.6] },
  ],
});

describe('seats', () => {
  it('puts a row\'s chairs side by side across the row, one for a single chair, none for other kinds', () => {
    expect(chairOffsets(space.furniture[0])).toEqual([-0.6, 0, 0.6].map((x) => expect.closeTo(x)));
    expect(chairOffsets(space.furniture[1])).toEqual([0]);
    expect(chairOffsets(space.furniture[2])).toEqual([]);
  });
  it('lists every chair with the way it faces', () => {
    const seats = seatsOf(space);
    expect(seats.map((seat) => seat.id)).toEqual(['0:0', '0:1', '0:2', '1:0', '3:0']);
    expect(seats[0].at.x).toBeCloseTo(-0.6);
    expect(seats[0].at.z).toBeCloseTo(kChair.seatCentreZ);
    expect(seats[0].yaw).toBe(0);
    // Facing 90 (+x): the seat's middle is a little towards +x of the chair's centre.
    expect(seats[3].yaw).toBeCloseTo(Math.PI / 2);
    expect(seats[3].at.x).toBeCloseTo(-5 + kChair.seatCentreZ);
    expect(seats[3].at.z).toBeCloseTo(5);
  });
  it('moves a seat that is inside a wall forward to the first clear place', () => {
    const against = seatsOf(space).find((seat) => seat.id === '3:0')!;
    expect(against.at.x).toBeLessThanOrEqual(-3 - 0.3 + 1e-9);
    expect(against.at.x).toBeGreaterThan(-3.5);
    expect(against.at.z).toBeCloseTo(0);
  });
  it('finds the nearest free seat within reach, skipping occupied ones', () => {
    const seats = seatsOf(space);
    expect(nearestFreeSeat(seats, { x: 0.5, z: 1 }, [])?.id).toBe('0:2');
    expect(nearestFreeSeat(seats, { x: 0.5, z: 1 }, [{ x: 0.62, z: 0.05 }])?.id).toBe('0:1');
    expect(nearestFreeSeat(seats, { x: 0.5, z: 1 }, [{ x: 0.6, z: 0 }, { x: 0, z: 0 }, { x: -0.6, z: 0 }])).toBeUndefined();
    expect(nearestFreeSeat(seats, { x: 0, z: 3 }, [])).toBeUndefined(); // 3 m away: out of reach
  });
});

describe('seats of every spaces/*.json', () => {
  const directory = resolve(__dirname, '../../../spaces');
  for (const file of readdirSync(directory).filter((name) => name.endsWith('.json'))) {
    it(`${file}: every chair has a seat`, () => {
      const definition = parseSpace(JSON.parse(readFileSync(resolve(directory, file), 'utf8')) as SpaceDefinitionJson);
      const chairs = definition.furniture.reduce((sum, item) => sum + chairOffsets(item).length, 0);
      expect(seatsOf(definition)).toHaveLength(chairs);
    });
  }
});
