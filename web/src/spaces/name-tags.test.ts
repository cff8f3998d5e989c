import { describe, expect, it } from 'vitest';
import { kTagHiddenBeyondM, tagHeightM, tagLiftM, tagLinePixels, tagOpacity } from './name-tags';

describe('name tags', () => {
  it('are fully drawn up to 12 m, fade out, and are hidden beyond 15 m', () => {
    expect(tagOpacity(2)).toBe(1);
    expect(tagOpacity(5)).toBe(1);
    expect(tagOpacity(12)).toBe(1);
    expect(tagOpacity(13.5)).toBeCloseTo(0.5);
    expect(tagOpacity(kTagHiddenBeyondM)).toBe(0);
    expect(tagOpacity(15.01)).toBe(0);
    expect(tagOpacity(40)).toBe(0);
    expect(tagOpacity(Number.NaN)).toBe(0);
  });

  it('are hidden when the person is right in front of the camera', () => {
    expect(tagOpacity(0.5)).toBe(0);
    expect(tagOpacity(1.2)).toBe(0);
    expect(tagOpacity(1.75)).toBeCloseTo(0.5);
    expect(tagOpacity(2)).toBe(1);
  });

  it('are readable at 5 m: lines at least 12 px on a small (600 px, 65 degree) view', () => {
    expect(tagLinePixels(5, 600, 65)).toBeGreaterThanOrEqual(12);
    expect(tagLinePixels(2, 600, 65)).toBeGreaterThanOrEqual(12);
    // further out they shrink on screen instead of covering the room
    expect(tagLinePixels(12, 600, 65)).toBeLessThan(tagLinePixels(5, 600, 65));
  });

  it('sit above the head, never over the face', () => {
    for (const distance of [1, 5, 10, 15]) {
      expect(tagLiftM(distance, 0.15) - tagHeightM(distance) / 2).toBeGreaterThan(0.15);
    }
  });
});
