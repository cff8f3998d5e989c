import { describe, expect, it } from 'vitest';
import { dequantizeAxis, packRotation, quantizeAxis, quatToYaw, unpackRotation, yawToQuat } from './quantize';

describe('quantize', () => {
  it('maps bounds onto 0..65535 and clamps', () => {
    expect(quantizeAxis(-20, -20, 20)).toBe(0);
    expect(quantizeAxis(20, -20, 20)).toBe(65535);
    expect(quantizeAxis(0, -20, 20)).toBe(32768);
    expect(quantizeAxis(-99, -20, 20)).toBe(0);
    expect(quantizeAxis(99, -20, 20)).toBe(65535);
    expect(quantizeAxis(Number.NaN, -20, 20)).toBe(0);
    expect(quantizeAxis(1, 5, 5)).toBe(0);
  });
  it('round trips within 1 cm on a 655 m space', () => {
    for (const value of [-300, -1.234, 0, 17.5, 327]) {
      const back = dequantizeAxis(quantizeAxis(value, -327.5, 327.5), -327.5, 327.5);
      expect(Math.abs(back - value)).toBeLessThanOrEqual(0.01);
    }
  });
  it('packs the identity with w largest', () => {
    const packed = packRotation({ x: 0, y: 0, z: 0, w: 1 });
    expect(packed >>> 30).toBe(3);
    expect(packed).toBe(packRotation({ x: 0, y: 0, z: 0, w: 0 }));
    const q = unpackRotation(packed);
    expect(q.w).toBeCloseTo(1, 3);
  });
  it('round trips yaw within a degree', () => {
    for (const yaw of [0, 0.5, -1.2, 3.0, -3.1]) {
      const back = quatToYaw(unpackRotation(packRotation(yawToQuat(yaw))));
      const difference = Math.atan2(Math.sin(back - yaw), Math.cos(back - yaw));
      expect(Math.abs(difference)).toBeLessThan(Math.PI / 180);
    }
  });
  it('makes the largest component positive (q and -q pack alike)', () => {
    const q = { x: 0.1, y: -0.7, z: 0.2, w: 0.6 };
    expect(packRotation(q)).toBe(packRotation({ x: -0.1, y: 0.7, z: -0.2, w: -0.6 }));
  });
});
