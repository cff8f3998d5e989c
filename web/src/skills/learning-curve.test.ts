import { describe, expect, it } from 'vitest';
import type { AttemptRecord, TaskInfo } from './api';
import { curveGeometry, curveSummary } from './learning-curve';

const task: TaskInfo = {
  id: 'peg-transfer', name: 'Peg transfer', cutoff_ms: 300_000, time_limit_ms: 300_000,
  drop_penalty_ms: 10_000, rings: 6, proficiency: { time_ms: 48_000, drops: 0 },
};
const record = (score_ms: number, proficient = false): AttemptRecord => ({
  id: 1, task: 'peg-transfer', finished_at: '2026-12-07T21:00:00Z', time_ms: 300_000 - score_ms, drops: 0,
  rings_placed: 6, path_mm: 1000, idle_ms: 0, score_ms, completed: true, proficient, rating: null,
});

describe('learning curve', () => {
  it('puts a zero score on the bottom line and the cutoff on the top one', () => {
    const geometry = curveGeometry([0, 300_000, 150_000], task);
    expect(geometry.points).toEqual([{ x: 24, y: 136 }, { x: 160, y: 24 }, { x: 296, y: 80 }]);
    expect(geometry.proficiencyY).toBeCloseTo(136 - (112 * 252) / 300, 10);
  });

  it('says the attempts in words', () => {
    expect(curveSummary([], task)).toBe('No attempts at peg transfer yet.');
    expect(curveSummary([record(149_500), record(255_000, true)], task))
      .toBe('2 attempts; latest score 255.0 s, best 255.0 s; proficient in 1.');
    expect(curveSummary([record(100_000)], task)).toBe('1 attempt; latest score 100.0 s, best 100.0 s; not yet at the proficiency target.');
  });
});
