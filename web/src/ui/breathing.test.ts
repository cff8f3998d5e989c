import { describe, expect, it } from 'vitest';
import { cycleSeconds, kPatterns, pacerAt, withSeconds, type Pattern } from './breathing';

const pattern = (id: Pattern['id']) => kPatterns.find((p) => p.id === id)!;

/** A deterministic jitter source (no Math.random in tests). */
function* jitter(seed: number) {
  let state = seed;
  for (;;) {
    state = (state * 1103515245 + 12345) % 2147483648;
    yield state / 2147483648;
  }
}

describe('breathing pacer', () => {
  it('resonance breathing is 6 breaths a minute', () => {
    expect(60 / cycleSeconds(pattern('resonance'))).toBe(6);
    expect(pacerAt(pattern('resonance'), 60).breaths).toBe(6);
  });

  it('walks through the phases in order, with the fullness rising and falling', () => {
    const box = pattern('box');
    expect(pacerAt(box, 1).kind).toBe('in');
    expect(pacerAt(box, 5).kind).toBe('hold-full');
    expect(pacerAt(box, 5).fullness).toBe(1);
    expect(pacerAt(box, 9).kind).toBe('out');
    expect(pacerAt(box, 13).kind).toBe('hold-empty');
    expect(pacerAt(box, 13).fullness).toBe(0);
    const sigh = pattern('sighing');
    expect(pacerAt(sigh, 2).fullness).toBeCloseTo(2 / 3, 5); // the first breath in ends two-thirds full
    expect(pacerAt(sigh, 2.999).fullness).toBeCloseTo(1, 2);
  });

  it('stays within 50 ms of the ideal phase changes over 10 minutes of uneven frames', () => {
    // Frames every 16.7 ms +/- 12 ms, with a 300 ms stall every ~20 s, on
    // a clock that is the audio clock (elapsed time, not summed frame times).
    for (const base of kPatterns) {
      const paced = withSeconds(base, base.phases.map((phase) => phase.seconds + 0.3));
      const random = jitter(7);
      const ideal: number[] = [];
      for (let t = 0, i = 0; t <= 600; t += paced.phases[i % paced.phases.length].seconds, ++i) ideal.push(t);
      let previous = pacerAt(paced, 0);
      let worstMs = 0;
      let seen = 0;
      for (let t = 0; t < 600; ) {
        const r = random.next().value as number;
        t += r < 0.0008 ? 0.3 : 0.0167 + (r - 0.5) * 0.024;
        const now = pacerAt(paced, t);
        if (now.phaseStartS !== previous.phaseStartS) {
          // The frame that first shows a new phase: how late is it against the ideal boundary?
          const boundary = ideal.reduce((best, candidate) => (Math.abs(candidate - now.phaseStartS) < Math.abs(best - now.phaseStartS) ? candidate : best));
          expect(Math.abs(boundary - now.phaseStartS) * 1000).toBeLessThan(1);
          if (t - now.phaseStartS < 0.1) worstMs = Math.max(worstMs, Math.abs(now.phaseStartS - boundary) * 1000);
          ++seen;
        }
        previous = now;
      }
      expect(seen).toBeGreaterThan(600 / cycleSeconds(paced));
      expect(worstMs).toBeLessThan(50);
      // After 10 minutes the pacer is where a perfect one would be.
      expect(pacerAt(paced, 600).breaths).toBe(Math.floor(600 / cycleSeconds(paced)));
    }
  });

  it('keeps every phase between 1 and 12 seconds', () => {
    const set = withSeconds(pattern('box'), [0, 30, 4, 4]);
    expect(set.phases.map((phase) => phase.seconds)).toEqual([1, 12, 4, 4]);
  });
});
