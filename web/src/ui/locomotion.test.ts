import { describe, expect, it } from 'vitest';
import { parseSpace } from '../spaces/space';
import { testSpaceJson } from '../spaces/test-space';
import { Locomotion, describeKeys, kKeyBindings, movementHelp } from './locomotion';

const space = parseSpace(testSpaceJson);
const start = { x: space.spawnPoints[0].position.x, z: space.spawnPoints[0].position.z };

/** What holding `code` for a short while does in `steering` mode, from yaw 0 (facing +z). */
function effect(steering: 'relative' | 'absolute', code: string) {
  const locomotion = new Locomotion(steering);
  locomotion.setSpace(space);
  locomotion.keyDown(code);
  const moved = locomotion.update(0.1, start, 0);
  return { dx: moved.position.x - start.x, dz: moved.position.z - start.z, yaw: moved.yaw };
}

describe('key bindings', () => {
  it('help lists exactly the bound keys, with what they do', () => {
    expect(describeKeys('relative')).toBe(
      'W or Up arrow: walk forward; S or Down arrow: walk back; A: step left; D: step right; ' +
        'Left arrow or Q: turn left; Right arrow or E: turn right',
    );
    expect(describeKeys('absolute')).toBe('W or Up arrow: walk north; S or Down arrow: walk south; A or Left arrow: walk west; D or Right arrow: walk east');
  });
  it('every bound key does what the help says (3D: A/D step aside, arrows and Q/E turn)', () => {
    for (const { action, codes } of kKeyBindings.relative) {
      for (const code of codes) {
        const { dx, dz, yaw } = effect('relative', code);
        if (action === 'forward') expect(dz).toBeGreaterThan(0);
        if (action === 'back') expect(dz).toBeLessThan(0);
        // Facing +z, the right hand is -x.
        if (action === 'left') expect([dx > 0, yaw]).toEqual([true, 0]);
        if (action === 'right') expect([dx < 0, yaw]).toEqual([true, 0]);
        if (action === 'turn-left') expect([yaw > 0, dx, dz]).toEqual([true, 0, 0]);
        if (action === 'turn-right') expect([yaw < 0, dx, dz]).toEqual([true, 0, 0]);
      }
    }
    for (const { action, codes } of kKeyBindings.absolute) {
      for (const code of codes) {
        const { dx, dz } = effect('absolute', code);
        const expected = { north: [0, 1], south: [0, -1], west: [-1, 0], east: [1, 0] }[action as 'north'];
        expect([Math.sign(Math.round(dx * 100)), Math.sign(Math.round(dz * 100))]).toEqual(expected);
      }
    }
  });
  it('says what a touch screen does instead of keys', () => {
    expect(movementHelp('3d', 'touch')).not.toMatch(/\bW\b|arrow/);
    expect(movementHelp('3d', 'touch')).toMatch(/pad/);
    expect(movementHelp('2d', 'touch')).toMatch(/Tap/);
    expect(movementHelp('3d', 'keyboard')).toContain(describeKeys('relative'));
    expect(movementHelp('2d', 'keyboard')).toContain(describeKeys('absolute'));
  });
  it('handles every bound key and no other', () => {
    expect(Locomotion.handles('KeyQ')).toBe(true);
    expect(Locomotion.handles('KeyX')).toBe(false);
  });
});
