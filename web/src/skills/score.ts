// The skills lab's task scores, pure (docs/skills.md "Scoring"). FLS-style:
// a task score is a cutoff minus the time taken minus penalties, never
// below 0, and 0 when the task was not finished within its time limit.
// The server computes the same score for the record (src/skills/scoring.h);
// both are held to src/skills/testdata/peg_transfer_scores.json.

export type TaskId = 'peg-transfer';

export interface TaskRules {
  id: TaskId;
  name: string;
  cutoffMs: number;
  timeLimitMs: number;
  dropPenaltyMs: number;
  rings: number;
  proficiency: { timeMs: number; drops: number };
}

export const PEG_TRANSFER: TaskRules = {
  id: 'peg-transfer',
  name: 'Peg transfer',
  cutoffMs: 300_000,
  timeLimitMs: 300_000,
  dropPenaltyMs: 10_000,
  rings: 6,
  proficiency: { timeMs: 48_000, drops: 0 },
};

export interface AttemptMetrics {
  timeMs: number;       // from the first instrument movement to the last ring placed (or the limit)
  drops: number;
  ringsPlaced: number;  // 0..rings
  pathMm: number;       // both instrument tips' path length
  idleMs: number;       // pauses of the instruments longer than kIdleGapMs
}

export interface Score {
  completed: boolean;
  scoreMs: number;
  proficient: boolean;
}

export function scoreAttempt(rules: TaskRules, metrics: Pick<AttemptMetrics, 'timeMs' | 'drops' | 'ringsPlaced'>): Score {
  const completed = metrics.ringsPlaced >= rules.rings && metrics.timeMs < rules.timeLimitMs;
  const scoreMs = completed
    ? Math.max(0, rules.cutoffMs - metrics.timeMs - rules.dropPenaltyMs * metrics.drops)
    : 0;
  const proficient = completed && metrics.timeMs <= rules.proficiency.timeMs && metrics.drops <= rules.proficiency.drops;
  return { completed, scoreMs, proficient };
}

/** "48.0 s": a time or score in seconds with one decimal. */
export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
