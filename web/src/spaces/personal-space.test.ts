import { describe, expect, it } from 'vitest';
import { insideBubble, kPersonalSpaceM } from './personal-space';

describe('personal space bubble', () => {
  it('hides only people nearer than 1 m on the floor, and only when on', () => {
    expect(kPersonalSpaceM).toBe(1);
    const me = { x: 2, z: 3 };
    expect(insideBubble(me, { x: 2.6, z: 3.6 }, true)).toBe(true); // 0.85 m
    expect(insideBubble(me, { x: 3, z: 3 }, true)).toBe(false); // exactly 1 m: outside
    expect(insideBubble(me, { x: 2.6, z: 3.6 }, false)).toBe(false);
    expect(insideBubble(me, { x: 5, z: 3 }, true)).toBe(false);
  });
});
