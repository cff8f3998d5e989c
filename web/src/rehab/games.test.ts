// The gym's pure game rules: which game an exercise is, progress, the
// feedback words ("slow down"), the score, the neck game's turn counter and
// the head orientation it records.
import { describe, expect, it } from 'vitest';
import { feedbackWords, gameOf, NeckTurns, orientationFromForward, progressOf, ScoreKeeper, yawOfForward } from './games';
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
  });

  it('scores 15 a steady rep, 10 a hurried one, nothing for a partial', () => {
    const keeper = new ScoreKeeper();
    expect(keeper.push({ tooFast: false, closed: 'rep' })).toBe(15);
    keeper.push({ tooFast: true, closed: null });
    expect(keeper.push({ tooFast: false, closed: 'rep' })).toBe(25);
    expect(keeper.push({ tooFast: false, closed: 'partial' })).toBe(25);
    expect(keeper.push({ tooFast: false, closed: 'rep' })).toBe(40);
  });

  it('counts a neck turn only when the light was reached and the head came back', () => {
    const turns = new NeckTurns(45);
    let t = 0;
    const sweep = (to: number, steps = 20) => {
      let last;
      for (let i = 1; i <= steps; i++) last = turns.push((t += 100), to * Math.sin((i / steps) * Math.PI));
      return last!;
    };
    expect(sweep(30).turns).toBe(0); // not far enough
    expect(sweep(50).turns).toBe(1); // left, reached and back
    expect(sweep(50).turns).toBe(1); // left again: the light is on the right now
    const right = sweep(-50);
    expect(right.turns).toBe(2);
    expect(right.wanted).toBe('left');
    expect(right.tooFast).toBe(false);
  });

  it('keeps a prescribed side and says slow down above 120°/s', () => {
    const turns = new NeckTurns(30, 'right');
    let t = 0;
    for (const yaw of [0, -20, -40, -60, -40, -10, 0]) turns.push((t += 100), yaw);
    const after = turns.push((t += 100), 0);
    expect(after.turns).toBe(1);
    expect(after.wanted).toBe('right');
    const fast = new NeckTurns(30);
    let reading;
    for (let i = 0; i < 10; i++) reading = fast.push(i * 50, i * 10); // 200°/s
    expect(reading!.tooFast).toBe(true);
  });

  it('turns a looking direction into a quaternion with the same yaw', () => {
    for (const yawDeg of [-80, -30, 0, 25, 70]) {
      const yaw = (yawDeg * Math.PI) / 180;
      const forward = { x: -Math.sin(yaw) * Math.cos(0.3), y: Math.sin(0.3), z: -Math.cos(yaw) * Math.cos(0.3) };
      expect(yawOfForward(forward)).toBeCloseTo(yawDeg, 9);
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
