import { describe, expect, it } from 'vitest';
import { kFreshForMs, UnixClock } from './unix-clock';

describe('UnixClock', () => {
  it('knows nothing before a sample', () => {
    expect(new UnixClock().serverNow(5)).toBeUndefined();
  });

  it('places the server time halfway through the round trip', () => {
    const clock = new UnixClock();
    // Local 1000 -> server stamps 1_700_000_000_050 -> local 1100 (server is 1_699_999_999_000 ahead).
    clock.observe(1_700_000_000_050, 1000, 1100);
    expect(clock.serverNow(1100)).toBe(1_700_000_000_100);
    expect(clock.uncertaintyMs()).toBe(50);
  });

  it('keeps the shortest round trip and ignores slower samples', () => {
    const clock = new UnixClock();
    clock.observe(10_000, 0, 20); // offset 10_000 - 20 + 10 = 9990
    clock.observe(10_500, 300, 700); // a slow one, skewed: ignored
    expect(clock.serverNow(1000)).toBe(10_990);
    clock.observe(11_003, 1000, 1006); // faster: taken
    expect(clock.serverNow(1006)).toBe(11_006);
  });

  it('lets a stale best sample give way, and rejects nonsense', () => {
    const clock = new UnixClock();
    clock.observe(10_000, 0, 2);
    clock.observe(20_000 + kFreshForMs, kFreshForMs, kFreshForMs + 40);
    expect(clock.serverNow(kFreshForMs + 40)).toBe(20_000 + kFreshForMs + 20);
    clock.observe(Number.NaN, 0, 1);
    clock.observe(5, 10, 9);
    expect(clock.uncertaintyMs()).toBe(20);
  });
});
