import { describe, expect, it } from 'vitest';
import {
  applyEvent, expire, kIdleGapMs, kPegHeightMm, metricsOf, newPegTransfer, replay, ringsPlaced, scoreOf,
  type Hand, type InstrumentEvent, type Point3,
} from './peg-transfer';

/** A scripted attempt: each ring lifted by the left grasper, passed to the right one mid-air, placed. */
function scriptedAttempt(options: { stepMs: number; dropFirst?: boolean }): InstrumentEvent[] {
  const events: InstrumentEvent[] = [];
  let t = 1000;
  const move = (hand: Hand, to: Point3) => { events.push({ tMs: (t += options.stepMs), kind: 'move', hand, to }); };
  const grip = (hand: Hand, closed: boolean) => { events.push({ tMs: (t += options.stepMs), kind: 'grip', hand, closed }); };
  const start = newPegTransfer();
  start.pegs.slice(0, 6).forEach((peg, index) => {
    const target = start.pegs[6 + index];
    move(0, { x: peg.x, y: 40, z: peg.z });
    move(0, { x: peg.x, y: 5, z: peg.z });
    grip(0, true);
    move(0, { x: peg.x, y: 50, z: peg.z });
    move(0, { x: -5, y: 50, z: 0 });
    move(1, { x: 5, y: 50, z: 0 });
    grip(1, true);
    grip(0, false);
    if (options.dropFirst && index === 0) {
      grip(1, false);  // let go in mid-air: a drop onto the board at (5, 0)
      move(1, { x: 5, y: 4, z: 0 });
      grip(1, true);
    }
    move(1, { x: target.x, y: 50, z: target.z });
    move(1, { x: target.x, y: 35, z: target.z });
    grip(1, false);
    move(0, { x: -40, y: 60, z: 50 });
    move(1, { x: 40, y: 60, z: 50 });
  });
  return events;
}

describe('peg transfer', () => {
  it('starts with six rings on the left pegs and none placed', () => {
    const state = newPegTransfer();
    expect(state.rings.every((ring, index) => ring.peg === index)).toBe(true);
    expect(ringsPlaced(state)).toBe(0);
    expect(metricsOf(state, 5000).timeMs).toBe(0);
  });

  it('a scripted attempt places all six rings, with its time, path and no drop', () => {
    const events = scriptedAttempt({ stepMs: 200 });
    const state = replay(events);
    expect(ringsPlaced(state)).toBe(6);
    expect(state.endedMs).not.toBeNull();
    expect(state.rings.every((ring) => ring.transferred)).toBe(true);
    const { metrics, score } = scoreOf(state, 1e9);
    // Started at the first move (t = 1200), ended at the sixth placing grip.
    const lastGrip = [...events].reverse().find((event) => event.kind === 'grip' && !event.closed && event.hand === 1)!;
    expect(metrics.timeMs).toBe(lastGrip.tMs - 1200);
    expect(metrics.drops).toBe(0);
    expect(metrics.idleMs).toBe(0);
    expect(metrics.pathMm).toBeGreaterThan(6 * 300);
    expect(score.completed).toBe(true);
    expect(score.scoreMs).toBe(300_000 - metrics.timeMs);
    expect(score.proficient).toBe(metrics.timeMs <= 48_000);
  });

  it('a ring let go off a peg is a drop, and can be picked up again', () => {
    const state = replay(scriptedAttempt({ stepMs: 100, dropFirst: true }));
    expect(state.drops).toBe(1);
    expect(ringsPlaced(state)).toBe(6);
    const { metrics, score } = scoreOf(state, 1e9);
    expect(score.scoreMs).toBe(300_000 - metrics.timeMs - 10_000);
    expect(score.proficient).toBe(false);
  });

  it('counts pauses longer than a second as idle time and measures the path exactly', () => {
    let state = newPegTransfer();
    state = applyEvent(state, { tMs: 0, kind: 'move', hand: 0, to: { x: -40, y: 60, z: 40 } });  // 10 mm
    state = applyEvent(state, { tMs: 500, kind: 'move', hand: 0, to: { x: -40, y: 60, z: 10 } });  // 30 mm
    state = applyEvent(state, { tMs: 500 + kIdleGapMs + 700, kind: 'move', hand: 1, to: { x: 40, y: 20, z: 50 } });  // 40 mm
    const metrics = metricsOf(state, 3000);
    expect(metrics.pathMm).toBe(80);
    expect(metrics.idleMs).toBe(kIdleGapMs + 700);
    expect(metrics.timeMs).toBe(3000);
  });

  it('closing on nothing holds nothing; a ring released high over a peg is a drop', () => {
    let state = newPegTransfer();
    state = applyEvent(state, { tMs: 0, kind: 'grip', hand: 0, closed: true });
    expect(state.said).toMatch(/nothing/);
    state = applyEvent(state, { tMs: 10, kind: 'grip', hand: 0, closed: false });
    state = applyEvent(state, { tMs: 20, kind: 'move', hand: 0, to: { x: -95, y: 5, z: -40 } });
    state = applyEvent(state, { tMs: 30, kind: 'grip', hand: 0, closed: true });
    state = applyEvent(state, { tMs: 40, kind: 'move', hand: 0, to: { x: 65, y: kPegHeightMm + 40, z: -40 } });
    state = applyEvent(state, { tMs: 50, kind: 'grip', hand: 0, closed: false });
    expect(state.drops).toBe(1);
    expect(ringsPlaced(state)).toBe(0);
  });

  it('ends at the time limit with no score', () => {
    let state = applyEvent(newPegTransfer(), { tMs: 0, kind: 'move', hand: 0, to: { x: 0, y: 60, z: 0 } });
    state = expire(state, 299_999);
    expect(state.endedMs).toBeNull();
    state = expire(state, 300_000);
    expect(state.endedMs).toBe(300_000);
    const { metrics, score } = scoreOf(state, 400_000);
    expect(metrics.timeMs).toBe(300_000);
    expect(score.scoreMs).toBe(0);
    expect(score.completed).toBe(false);
    expect(applyEvent(state, { tMs: 300_001, kind: 'move', hand: 0, to: { x: 9, y: 9, z: 9 } })).toBe(state);
  });
});
