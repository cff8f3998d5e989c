import { describe, expect, it } from 'vitest';
import type { ArmResult } from './api';
import { agpScales, agpWords, bandPath, clockTime, differenceWords, durationWords, linePath, linearScale, rangeSegments, stackOffsets, timeLeftMs } from './charts';

const box = { left: 10, top: 20, width: 288, height: 360 };

function arm(overrides: Partial<ArmResult> = {}): ArmResult {
  const flat = (value: number) => Array.from({ length: 288 }, () => value);
  return {
    arm: 'standard',
    samples: 1440,
    mean_mg_dl: 150,
    cv_percent: 30,
    tir_70_180_percent: 70,
    below_70_percent: 4,
    below_54_percent: 1,
    above_180_percent: 26,
    above_250_percent: 6,
    agp: { bin_minutes: 5, p5: flat(80), p25: flat(110), p50: flat(140), p75: flat(170), p95: flat(220) },
    ...overrides,
  };
}

describe('scales', () => {
  it('maps linearly and clamps', () => {
    const s = linearScale(40, 400, 380, 20);
    expect(s(40)).toBe(380);
    expect(s(400)).toBe(20);
    expect(s(220)).toBe(200);
    expect(s(1000)).toBe(20);
    expect(s(0)).toBe(380);
  });
  it('puts bins at their centres across the day', () => {
    const { x, y } = agpScales(box, 288);
    expect(x(0)).toBeCloseTo(10.5);
    expect(x(287)).toBeCloseTo(297.5);
    expect(y(40)).toBe(380);
    expect(y(400)).toBe(20);
  });
});

describe('AGP paths', () => {
  it('closes a band along the upper then back along the lower trace', () => {
    const path = bandPath([100, 120], [200, 220], { left: 0, top: 0, width: 2, height: 360 });
    // y = 360 − (mg − 40): 200 → 200, 220 → 180, 120 → 280, 100 → 300.
    expect(path).toBe('M0.5,200L1.5,180L1.5,280L0.5,300Z');
    expect(bandPath([], [], box)).toBe('');
  });
  it('draws the median as an open line', () => {
    expect(linePath([40, 400], { left: 0, top: 0, width: 2, height: 360 })).toBe('M0.5,360L1.5,0');
    expect(linePath([], box)).toBe('');
  });
  it('describes the profile in words', () => {
    const p50 = Array.from({ length: 288 }, (_, bin) => (bin === 36 ? 90 : bin === 228 ? 260 : 140));
    const text = agpWords(arm({ agp: { ...arm().agp, p50 } }));
    expect(text).toContain('lowest around 03:00 (90 mg/dL)');
    expect(text).toContain('highest around 19:00 (260 mg/dL)');
  });
  it('writes clock times', () => {
    expect(clockTime(0)).toBe('00:00');
    expect(clockTime(1439)).toBe('23:59');
    expect(clockTime(1440 + 65)).toBe('01:05');
  });
});

describe('time in ranges', () => {
  it('splits into five ranges that add up', () => {
    const segments = rangeSegments(arm());
    expect(segments.map((s) => s.percent)).toEqual([1, 3, 70, 20, 6]);
    expect(segments.reduce((sum, s) => sum + s.percent, 0)).toBe(100);
    expect(stackOffsets(segments)).toEqual([0, 1, 4, 74, 94]);
  });
});

describe('time left', () => {
  it('extrapolates from the work done', () => {
    expect(timeLeftMs(0, 10, 500)).toBeUndefined();
    expect(timeLeftMs(2, 10, 1000)).toBe(4000);
    expect(timeLeftMs(10, 10, 1000)).toBe(0);
  });
  it('says durations in words', () => {
    expect(durationWords(400)).toBe('less than a second');
    expect(durationWords(1000)).toBe('about 1 second');
    expect(durationWords(45_000)).toBe('about 45 seconds');
    expect(durationWords(180_000)).toBe('about 3 minutes');
  });
});

describe('paired difference in words', () => {
  it('says when the interval excludes zero and whether that is better', () => {
    const text = differenceWords('tighter', 'standard', 'time_in_range', { mean: 5.24, ci95_low: 3.1, ci95_high: 7.3, n: 3 });
    expect(text).toContain('by +5.2 percentage points');
    expect(text).toContain('95% confidence interval +3.1 to +7.3; 3 patients');
    expect(text).toContain('excludes zero');
    expect(text).toContain('better');
    const worse = differenceWords('tighter', 'standard', 'time_below_70', { mean: 2, ci95_low: 1, ci95_high: 3, n: 5 });
    expect(worse).toContain('worse');
  });
  it('says when the trial cannot tell the arms apart', () => {
    const text = differenceWords('b', 'a', 'mean', { mean: -1, ci95_low: -4, ci95_high: 2, n: 10 });
    expect(text).toContain('by −1.0 mg/dL');
    expect(text).toContain('cannot tell the arms apart');
  });
  it('handles a single patient', () => {
    expect(differenceWords('b', 'a', 'cv', { mean: 1, ci95_low: 1, ci95_high: 1, n: 1 })).toContain('no interval');
  });
});
