// Scores over time: every total in its band (as the server's), and what counts as a clinically important change.
import { describe, expect, it } from 'vitest';
import { bandOf, changeBetween, isScoreCode, kInstruments } from './scores';

describe('bands', () => {
  it('all 28 PHQ-9 totals', () => {
    const expected = (total: number) => (total <= 4 ? 'minimal' : total <= 9 ? 'mild' : total <= 14 ? 'moderate' : total <= 19 ? 'moderately severe' : 'severe');
    for (let total = 0; total <= 27; ++total) expect(bandOf('44261-6', total), String(total)).toBe(expected(total));
  });
  it('all 22 GAD-7 totals', () => {
    const expected = (total: number) => (total <= 4 ? 'minimal' : total <= 9 ? 'mild' : total <= 14 ? 'moderate' : 'severe');
    for (let total = 0; total <= 21; ++total) expect(bandOf('70274-6', total), String(total)).toBe(expected(total));
  });
  it('pain 0-10 and PEG (a mean, one decimal)', () => {
    expect([0, 1, 3, 4, 6, 7, 10].map((score) => bandOf('72514-3', score))).toEqual(['no pain', 'mild', 'mild', 'moderate', 'moderate', 'severe', 'severe']);
    expect([3.9, 4, 6.9, 7].map((score) => bandOf('91147-9', score))).toEqual(['mild', 'moderate', 'moderate', 'severe']);
  });
  it('knows its codes', () => {
    expect(isScoreCode('72514-3')).toBe(true);
    expect(isScoreCode('4548-4')).toBe(false);
    for (const instrument of Object.values(kInstruments)) expect(instrument.importance).toMatch(/\(.*\d{4}\)/);
  });
});

describe('clinically important change', () => {
  it('pain: 2 points or 30%', () => {
    expect(changeBetween('72514-3', 7, 4)).toMatchObject({ points: -3, percent: 43, important: true });
    expect(changeBetween('72514-3', 7, 4).words).toBe('3 points lower (43% lower): a clinically important change.');
    expect(changeBetween('72514-3', 8, 7).important).toBe(false); // 1 point, 13%
    expect(changeBetween('72514-3', 3, 2).important).toBe(true); // 1 point but 33%
    expect(changeBetween('72514-3', 9, 7).important).toBe(true); // 2 points
    expect(changeBetween('72514-3', 0, 1)).toMatchObject({ percent: undefined, important: false });
    expect(changeBetween('72514-3', 0, 1).words).toBe('1 point higher: a change smaller than what is considered clinically important.');
    expect(changeBetween('72514-3', 5, 5)).toMatchObject({ points: 0, important: false, words: 'No change.' });
  });
  it('PHQ-9: 5 points; GAD-7: 4 points', () => {
    expect(changeBetween('44261-6', 14, 10).important).toBe(false);
    expect(changeBetween('44261-6', 14, 9).important).toBe(true);
    expect(changeBetween('44261-6', 4, 9).important).toBe(true); // worse counts too
    expect(changeBetween('70274-6', 12, 9).important).toBe(false);
    expect(changeBetween('70274-6', 12, 8).important).toBe(true);
  });
  it('PEG: 30% of a mean, in tenths', () => {
    expect(changeBetween('91147-9', 6, 4.3)).toMatchObject({ points: -1.7, important: false });
    expect(changeBetween('91147-9', 6, 4.2)).toMatchObject({ points: -1.8, important: true });
    expect(changeBetween('91147-9', 6, 4.2).words).toMatch(/^1\.8 points lower \(30% lower\)/);
  });
});
