import { describe, expect, it } from 'vitest';
import { describeMediaError, rmsLevel } from './media';

describe('media checks', () => {
  it('explains refusals and missing devices', () => {
    expect(describeMediaError('NotAllowedError', 'camera')).toMatchObject({ result: 'denied' });
    expect(describeMediaError('NotAllowedError', 'camera').words).toMatch(/blocked the camera/);
    expect(describeMediaError('NotFoundError', 'microphone')).toMatchObject({ result: 'missing' });
    expect(describeMediaError('NotFoundError', 'microphone').words).toMatch(/No microphone was found/);
    expect(describeMediaError('NotReadableError', 'camera').words).toMatch(/in use by another program/);
  });

  it('measures the microphone level', () => {
    expect(rmsLevel(new Uint8Array(64).fill(128))).toBe(0);
    expect(rmsLevel(new Uint8Array(64).fill(0))).toBe(1);
    const half = Uint8Array.from({ length: 64 }, (_, i) => (i % 2 ? 192 : 64));
    expect(rmsLevel(half)).toBeCloseTo(0.5, 5);
  });
});
