import { describe, expect, it } from 'vitest';
import { WalkGrid, findPath, moveWithCollision, pathBlocked } from './movement';
import { parseSpace, portalAt, zoneAt, zoneWalls } from './space';
import { testSpaceJson } from './test-space';

const space = parseSpace(testSpaceJson);

describe('space definitions', () => {
  it('expands wall blocks and cuts door openings like the server', () => {
    expect(space.walls).toHaveLength(4);
    const room = space.zones[1];
    const walls = zoneWalls(room);
    // south side split in two by the door at offset 3 (x 4.4..5.6), three whole sides
    expect(walls).toHaveLength(5);
    expect(walls[0]).toEqual({ from: { x: 2, z: 2 }, to: { x: 4.4, z: 2 } });
    expect(walls[1].from.x).toBeCloseTo(5.6);
    expect(space.collisionWalls).toHaveLength(9);
  });
  it('uses the server collision_walls when given', () => {
    const withWalls = parseSpace({ ...testSpaceJson, collision_walls: [{ from: [0, 0], to: [1, 1] }] });
    expect(withWalls.collisionWalls).toHaveLength(1);
  });
  it('finds the innermost zone and portals', () => {
    expect(zoneAt(space, { x: 5, z: 5 })?.id).toBe('room');
    expect(zoneAt(space, { x: -5, z: 5 })?.id).toBe('hall');
    expect(portalAt(space, { x: -8.5, z: 0 })?.target).toBe('cardiology');
    expect(portalAt(space, { x: 0, z: 0 })).toBeUndefined();
  });
});

describe('movement', () => {
  it('never walks through a wall and slides along it', () => {
    const next = moveWithCollision(space, { x: 3, z: 1.5 }, { x: 3.2, z: 2.3 });
    expect(next.z).toBeLessThanOrEqual(2 - 0.29);
    expect(next.x).toBeCloseTo(3.2, 1);
    expect(pathBlocked(space, { x: 3, z: 1.5 }, next)).toBe(false);
  });
  it('walks through a door', () => {
    const next = moveWithCollision(space, { x: 5, z: 1.8 }, { x: 5, z: 2.3 });
    expect(next.z).toBeCloseTo(2.3);
  });
  it('stays inside bounds', () => {
    const next = moveWithCollision(space, { x: 9.5, z: 0 }, { x: 12, z: 0 });
    expect(next.x).toBeLessThanOrEqual(10 - 0.3);
  });
  it('finds a path into the room through its door', () => {
    const grid = new WalkGrid(space);
    const path = findPath(space, grid, { x: 0, z: -5 }, { x: 5, z: 6 });
    expect(path.length).toBeGreaterThan(1);
    let at = { x: 0, z: -5 };
    for (const point of path) {
      expect(pathBlocked(space, at, point)).toBe(false);
      at = point;
    }
    expect(at).toEqual({ x: 5, z: 6 });
  });
  it('goes straight when nothing is in the way', () => {
    const grid = new WalkGrid(space);
    expect(findPath(space, grid, { x: 0, z: -5 }, { x: 0, z: -8 })).toEqual([{ x: 0, z: -8 }]);
  });
});

describe('the shipped space definitions (spaces/*.json)', async () => {
  const { existsSync, readdirSync, readFileSync } = await import('node:fs');
  const { join, resolve } = await import('node:path');
  const directory = resolve(__dirname, '../../../spaces');
  const files = existsSync(directory) ? readdirSync(directory).filter((name) => name.endsWith('.json')) : [];
  it.skipIf(files.length === 0)('parse, and the lobby has a walkable path to every portal', () => {
    for (const file of files) {
      const parsed = parseSpace(JSON.parse(readFileSync(join(directory, file), 'utf8')));
      expect(parsed.spawnPoints.length, file).toBeGreaterThan(0);
    }
    const lobby = parseSpace(JSON.parse(readFileSync(join(directory, 'lobby.json'), 'utf8')));
    const grid = new WalkGrid(lobby);
    const start = { x: lobby.spawnPoints[0].position.x, z: lobby.spawnPoints[0].position.z };
    for (const portal of lobby.portals) {
      const target = { x: (portal.box.min.x + portal.box.max.x) / 2, z: (portal.box.min.z + portal.box.max.z) / 2 };
      expect(findPath(lobby, grid, start, target).length, portal.id).toBeGreaterThan(0);
    }
  });
});

describe('locomotion', async () => {
  const { Locomotion } = await import('../ui/locomotion');
  it('walks forward along the server\'s yaw convention (yaw 0 faces +z)', () => {
    const locomotion = new Locomotion('relative');
    locomotion.setSpace(space);
    locomotion.keyDown('KeyW');
    const moved = locomotion.update(0.2, { x: 0, z: -5 }, 0);
    expect(moved.position.z).toBeGreaterThan(-5);
    expect(moved.position.x).toBeCloseTo(0);
    const turned = locomotion.update(0.2, { x: 0, z: -5 }, Math.PI / 2);
    expect(turned.position.x).toBeGreaterThan(0);
  });
  it('follows a path and reports arrival', () => {
    const locomotion = new Locomotion('absolute');
    locomotion.setSpace(space);
    let arrived = false;
    expect(locomotion.walkTo({ x: 0, z: -5 }, { x: 1, z: -5 }, () => (arrived = true))).toBe(true);
    let at = { x: 0, z: -5 };
    for (let i = 0; i < 20 && !arrived; ++i) at = locomotion.update(0.1, at, 0).position;
    expect(arrived).toBe(true);
    expect(at.x).toBeCloseTo(1);
  });
});
