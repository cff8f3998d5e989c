import { describe, expect, it } from 'vitest';
import type { RecordedSet } from './therapist-api';
import { chartSummary, painWords, romChart, seriesOf, setWords } from './therapist-progress';

const kNow = Date.parse('2026-12-07T12:00:00Z');

function set(at: string, exercise: string, side: string, min: number, max: number, extra: Partial<RecordedSet> = {}): RecordedSet {
  return {
    set_id: at, at, careplan_id: 'cp', activity_id: 'a1', exercise, side, target_deg: 120,
    rep_count: 8, partial_count: 0, rom_deg: { min, max }, low_confidence_ms: 0, pain_before: 4, pain_after: 3, ...extra,
  };
}

describe('therapist progress', () => {
  const sets = [
    set('2026-12-05T09:00:00Z', 'shoulder-flexion', 'right', 3, 110),
    set('2026-11-20T09:00:00Z', 'shoulder-flexion', 'right', 2, 95),
    set('2026-12-06T09:00:00Z', 'knee-extension', 'right', 6, 88, { target_deg: 10 }),
  ];

  it('groups sets per exercise and side, oldest first', () => {
    const series = seriesOf(sets);
    expect(series.map((one) => one.title)).toEqual(['Knee extension, right', 'Shoulder flexion, right']);
    expect(series[1].sets.map((one) => one.at)).toEqual(['2026-11-20T09:00:00Z', '2026-12-05T09:00:00Z']);
    expect(chartSummary(series[1])).toBe('Shoulder flexion, right: largest angle 95° in the first set, 110° in the latest (2 sets).');
  });

  it('places each set by day and angle inside the box', () => {
    const box = { left: 50, top: 10, width: 300, height: 180 };
    const geometry = romChart(seriesOf(sets)[1], box, kNow, 30);
    // y: 0..120 (target 120, largest 110, rounded up to 30s).
    expect(geometry.yTicks.map((tick) => tick.label)).toEqual(['0°', '30°', '60°', '90°', '120°']);
    expect(geometry.yTicks[0].y).toBe(190);
    expect(geometry.yTicks[4].y).toBe(10);
    expect(geometry.target).toEqual({ y: 10, label: 'target 120°' });
    expect(geometry.marks).toHaveLength(2);
    const [first, second] = geometry.marks;
    expect(first.x).toBeLessThan(second.x);
    expect(second.x).toBeGreaterThan(box.left + box.width * 0.9); // 2 days ago of 30
    expect(second.yMax).toBeCloseTo(190 - (110 / 120) * 180, 6);
    expect(second.label).toBe('5 Dec: 3° to 110°');
    expect(geometry.xTicks.at(-1)?.label).toBe('7 Dec');
    expect(geometry.line.startsWith('M')).toBe(true);
  });

  it('says reps, range, gaps and pain in words', () => {
    expect(setWords(set('2026-12-05T09:00:00Z', 'knee-extension', 'right', 5.4, 90.6, { rep_count: 4, partial_count: 1, low_confidence_ms: 1000 })))
      .toBe('4 reps counted, 1 partial (not counted); 5.4° to 90.6°; 1 s not tracked');
    expect(setWords({ ...sets[0], rom_deg: null, rep_count: 1 })).toBe('1 rep counted; no range: tracking was not trusted');
    expect(painWords(sets[0])).toBe('Pain 4 before, 3 after (better)');
    expect(painWords({ ...sets[0], pain_after: 6 })).toBe('Pain 4 before, 6 after (worse)');
    expect(painWords({ ...sets[0], pain_before: null })).toBe('Pain not recorded');
  });
});
