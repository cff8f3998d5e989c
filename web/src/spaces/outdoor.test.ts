// The calm places (spaces/therapy-beach.json, therapy-forest.json): outdoors,
// a circle of log seats facing its middle that people can sit on, and every
// zone reachable from the first arrival point among the trees and rocks.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { seatsOf } from './seats';
import { parseSpace, type SpaceDefinitionJson } from './space';
import { unreachableZones } from './test-space';

/** A file as the server sends it: trees and rocks are solid by default (src/world/space_furniture.cpp). */
function load(id: string) {
  const json = JSON.parse(readFileSync(resolve(__dirname, `../../../spaces/${id}.json`), 'utf8')) as SpaceDefinitionJson;
  for (const item of json.furniture ?? []) {
    if (item.kind === 'tree' || item.kind === 'rock') {
      item.solid = item.solid ?? true;
      item.size = item.size ?? (item.kind === 'tree' ? [0.5, 0.5] : [1.2, 0.9]);
    }
    if (item.kind === 'log_seat') item.size = item.size ?? [1.2, 0.45];
  }
  return parseSpace(json);
}

for (const [id, setting] of [
  ['therapy-beach', 'beach'],
  ['therapy-forest', 'forest'],
] as const) {
  describe(id, () => {
    const space = load(id);

    it(`is a ${setting} with trees and a trail`, () => {
      expect(space.setting).toBe(setting);
      expect(space.furniture.filter((item) => item.kind === 'tree').length).toBeGreaterThan(setting === 'forest' ? 100 : 10);
      expect(space.furniture.some((item) => item.kind === 'trail')).toBe(true);
    });

    it('has a circle of at least 8 log seats, each facing the middle', () => {
      const logs = space.furniture.filter((item) => item.kind === 'log_seat');
      const seats = seatsOf(space).filter((seat) => logs.some((log) => Math.hypot(log.at.x - seat.at.x, log.at.z - seat.at.z) < 0.2));
      const circle = seats.slice(0, 8);
      expect(circle.length).toBe(8);
      const middle = { x: circle.reduce((sum, seat) => sum + seat.at.x, 0) / 8, z: circle.reduce((sum, seat) => sum + seat.at.z, 0) / 8 };
      for (const seat of circle) {
        const toMiddle = Math.atan2(middle.x - seat.at.x, middle.z - seat.at.z);
        const off = Math.abs(Math.atan2(Math.sin(toMiddle - seat.yaw), Math.cos(toMiddle - seat.yaw)));
        expect(off).toBeLessThan(0.05);
        expect(Math.hypot(seat.at.x - middle.x, seat.at.z - middle.z)).toBeGreaterThan(3);
      }
    });

    it('every zone can be walked to from the first arrival point', () => {
      expect(unreachableZones(space)).toEqual([]);
    });
  });
}
