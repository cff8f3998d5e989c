import { describe, expect, it } from 'vitest';
import { BreathLight } from './breath-light';

const cue = (fullness: number) => ({ fullness, breathingIn: true, phaseStartS: 0 });
const parts = (light: BreathLight) => {
  const sphere = light.group.children[0];
  const point = light.group.children[1] as unknown as { intensity: number };
  return { size: sphere.scale.x, intensity: point.intensity };
};

describe('BreathLight', () => {
  it('is hidden without a pacer and stands in the middle of the space', () => {
    const light = new BreathLight();
    light.update(undefined, false);
    expect(light.group.visible).toBe(false);
    light.place({ min: { x: -4, z: -2 }, max: { x: 6, z: 8 } }, 0.5);
    expect(light.group.position.toArray()).toEqual([1, 2, 3]);
  });

  it('grows and brightens as the breath fills', () => {
    const light = new BreathLight();
    light.update(cue(0), false);
    const empty = parts(light);
    light.update(cue(1), false);
    const full = parts(light);
    expect(light.group.visible).toBe(true);
    expect(full.size).toBeGreaterThan(empty.size * 2);
    expect(full.intensity).toBeGreaterThan(empty.intensity);
  });

  it('with reduced motion keeps its size and only brightens and dims', () => {
    const light = new BreathLight();
    light.update(cue(0), true);
    const empty = parts(light);
    light.update(cue(1), true);
    const full = parts(light);
    expect(full.size).toBe(empty.size);
    expect(full.intensity).toBeGreaterThan(empty.intensity);
  });
});
