// The gym's pure game rules: which game an exercise is, progress, the
// feedback words ("slow down"), the score, and the head orientation the neck
// game hands the core and records.
import { describe, expect, it } from 'vitest';
import { feedbackWords, forwardOfYaw, gameOf, orientationFromForward, progressOf, ScoreKeeper } from './games';
import type { LiveReading } from './motion-core';

const reading = (over: Partial<LiveReading>): LiveReading => ({ angleDeg: 40, phase: 'moving', repCount: 0, partialCount: 0, tooFast: false, closed: null, ...over });

describe('games', () => {
  it('plays each exercise as its game', () => {
    expect(gameOf('knee-extension')).toBe('kick');
    expect(gameOf('knee-flexion')).toBe('kick');
    expect(gameOf('shoulder-flexion')).toBe('lights');
    expect(gameOf('shoulder-abduction')).toBe('lights');
    expect(gameOf('cervical-rotation')).toBe('neck');
  });

  it('measures progress from the start angle towards the target, either way', () => {
    expect(progressOf(90, 90, 10)).toBe(0);
    expect(progressOf(50, 90, 10)).toBeCloseTo(0.5);
    expect(progressOf(10, 90, 10)).toBe(1);
    expect(progressOf(0, 10, 130)).toBe(0);
    expect(progressOf(200, 10, 130)).toBe(1.5);
  });

  it('says slow down, not seen, partial and rep in words', () => {
    expect(feedbackWords(reading({ tooFast: true }), 'knee-extension', 10)).toMatch(/^Slow down/);
    expect(feedbackWords(reading({ angleDeg: null, tooFast: true }), 'knee-extension', 10)).toMatch(/cannot see your knee/);
    expect(feedbackWords(reading({ closed: 'partial' }), 'shoulder-flexion', 120)).toMatch(/does not count/);
    expect(feedbackWords(reading({ closed: 'rep', repCount: 3 }), 'shoulder-flexion', 120)).toBe('Well done: that is 3 reps.');
    expect(feedbackWords(reading({ angleDeg: 41.6 }), 'shoulder-flexion', 120)).toBe('42° of 120°: keep going.');
    expect(feedbackWords(reading({ angleDeg: null }), 'cervical-rotation', 45)).toMatch(/headset is not tracking/);
  });

  it('scores 15 a steady rep, 10 a hurried one, nothing for a partial', () => {
    const keeper = new ScoreKeeper();
    expect(keeper.push({ tooFast: false, closed: 'rep' })).toBe(15);
    keeper.push({ tooFast: true, closed: null });
    expect(keeper.push({ tooFast: false, closed: 'rep' })).toBe(25);
    expect(keeper.push({ tooFast: false, closed: 'partial' })).toBe(25);
    expect(keeper.push({ tooFast: false, closed: 'rep' })).toBe(40);
  });

  it('turns a looking direction into a quaternion with the same yaw', () => {
    for (const yawDeg of [-80, -30, 0, 25, 70]) {
      const yaw = (yawDeg * Math.PI) / 180;
      const forward = { x: -Math.sin(yaw) * Math.cos(0.3), y: Math.sin(0.3), z: -Math.cos(yaw) * Math.cos(0.3) };
      const level = forwardOfYaw(yawDeg);
      expect(level.x * Math.cos(0.3)).toBeCloseTo(forward.x, 12);
      expect(level.z * Math.cos(0.3)).toBeCloseTo(forward.z, 12);
      const [x, y, z, w] = orientationFromForward(forward);
      expect(Math.hypot(x, y, z, w)).toBeCloseTo(1, 12);
      // Rotating (0, 0, -1) by the quaternion gives the forward direction back.
      const ix = -w * 0 + y * -1 - z * 0, iy = w * 0 + z * 0 - x * -1, iz = w * -1 + x * 0 - y * 0, iw = -x * 0 - y * 0 - z * -1;
      const rx = ix * w + iw * -x + iy * -z - iz * -y;
      const ry = iy * w + iw * -y + iz * -x - ix * -z;
      const rz = iz * w + iw * -z + ix * -y - iy * -x;
      expect(rx).toBeCloseTo(forward.x, 9);
      expect(ry).toBeCloseTo(forward.y, 9);
      expect(rz).toBeCloseTo(forward.z, 9);
    }
  });
});
