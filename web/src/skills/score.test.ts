// The score is exact on hand-computed attempts: the same cases the server's
// scoring is held to (src/skills/testdata/peg_transfer_scores.json).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PEG_TRANSFER, scoreAttempt, seconds } from './score';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
interface Case { name: string; time_ms: number; drops: number; rings_placed: number; score_ms: number; proficient: boolean }
const { cases } = JSON.parse(readFileSync(join(root, 'src', 'skills', 'testdata', 'peg_transfer_scores.json'), 'utf8')) as { cases: Case[] };

describe('peg transfer score', () => {
  it('has the hand-computed cases', () => expect(cases.length).toBeGreaterThanOrEqual(9));

  it.each(cases)('$name', (c) => {
    const score = scoreAttempt(PEG_TRANSFER, { timeMs: c.time_ms, drops: c.drops, ringsPlaced: c.rings_placed });
    expect(score.scoreMs).toBe(c.score_ms);
    expect(score.proficient).toBe(c.proficient);
    expect(score.completed).toBe(c.rings_placed === 6 && c.time_ms < 300_000);
  });

  it('writes seconds with one decimal', () => {
    expect(seconds(48_000)).toBe('48.0 s');
    expect(seconds(149_560)).toBe('149.6 s');
  });
});
