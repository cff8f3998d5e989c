// Scores over time, the engine-free part: the four instruments the server
// scores (docs/fhir.md, "Questionnaires, scores and the safety flag"), their
// bands, and whether a change between two scores is clinically important,
// in plain words with the source each threshold comes from. Used by pain
// distraction (before and after) and the therapist's Patients view.
// Educational: thresholds for groups, not a verdict on one person.

export type ScoreCode = '44261-6' | '70274-6' | '72514-3' | '91147-9';

export interface Band {
  /** The band holds scores up to and including this. */
  upTo: number;
  words: string;
}

export interface Instrument {
  code: ScoreCode;
  name: string;
  /** What it measures, in a few words. */
  measures: string;
  max: number;
  bands: Band[];
  /** The smallest change that counts as clinically important, in words with its source. */
  importance: string;
  important(previous: number, current: number): boolean;
}

const kNrsImportance = (previous: number, current: number) => {
  const points = Math.abs(current - previous);
  return points >= 2 || (previous > 0 && points / previous >= 0.3);
};

export const kInstruments: Record<ScoreCode, Instrument> = {
  '44261-6': {
    code: '44261-6',
    name: 'PHQ-9',
    measures: 'mood (depression symptoms)',
    max: 27,
    bands: [
      { upTo: 4, words: 'minimal' },
      { upTo: 9, words: 'mild' },
      { upTo: 14, words: 'moderate' },
      { upTo: 19, words: 'moderately severe' },
      { upTo: 27, words: 'severe' },
    ],
    importance: 'A change of 5 points or more is considered clinically important (Löwe and others, 2004; Kroenke and others, 2001).',
    important: (previous, current) => Math.abs(current - previous) >= 5,
  },
  '70274-6': {
    code: '70274-6',
    name: 'GAD-7',
    measures: 'anxiety',
    max: 21,
    bands: [
      { upTo: 4, words: 'minimal' },
      { upTo: 9, words: 'mild' },
      { upTo: 14, words: 'moderate' },
      { upTo: 21, words: 'severe' },
    ],
    importance: 'A change of 4 points or more is considered clinically important (Toussaint and others, 2020; Spitzer and others, 2006).',
    important: (previous, current) => Math.abs(current - previous) >= 4,
  },
  '72514-3': {
    code: '72514-3',
    name: 'Pain 0-10',
    measures: 'pain right now',
    max: 10,
    bands: [
      { upTo: 0, words: 'no pain' },
      { upTo: 3, words: 'mild' },
      { upTo: 6, words: 'moderate' },
      { upTo: 10, words: 'severe' },
    ],
    importance: 'A change of 2 points or 30% or more is considered clinically important (Farrar and others, 2001).',
    important: kNrsImportance,
  },
  '91147-9': {
    code: '91147-9',
    name: 'PEG',
    measures: 'pain and its effect on daily life',
    max: 10,
    bands: [
      { upTo: 3.9, words: 'mild' },
      { upTo: 6.9, words: 'moderate' },
      { upTo: 10, words: 'severe' },
    ],
    importance: 'As for pain scores, a change of 30% or more is considered clinically important (Krebs and others, 2009; Dworkin and others, IMMPACT, 2008).',
    important: (previous, current) => previous > 0 && Math.abs(current - previous) / previous >= 0.3,
  },
};

export function isScoreCode(code: string): code is ScoreCode {
  return code in kInstruments;
}

/** The band a score falls in, in words ("moderate"). */
export function bandOf(code: ScoreCode, score: number): string {
  const instrument = kInstruments[code];
  return (instrument.bands.find((band) => score <= band.upTo) ?? instrument.bands[instrument.bands.length - 1]).words;
}

export interface Change {
  /** current - previous: negative is lower (for all four, lower is better). */
  points: number;
  /** The change as a share of the previous score (undefined when that was 0). */
  percent?: number;
  important: boolean;
  /** "3 points lower (43% lower): a clinically important change." */
  words: string;
}

function formatPoints(value: number): string {
  const rounded = Math.round(value * 10) / 10;
  const text = Number.isInteger(rounded) ? String(rounded) : rounded.toFixed(1);
  return `${text} ${rounded === 1 ? 'point' : 'points'}`;
}

/** How `current` differs from `previous` on `code`, and whether that is clinically important. */
export function changeBetween(code: ScoreCode, previous: number, current: number): Change {
  const points = Math.round((current - previous) * 10) / 10;
  const percent = previous > 0 ? Math.round((Math.abs(points) / previous) * 100) : undefined;
  const important = kInstruments[code].important(previous, current);
  if (points === 0) return { points, percent, important: false, words: 'No change.' };
  const way = points < 0 ? 'lower' : 'higher';
  const share = percent !== undefined ? ` (${percent}% ${way})` : '';
  const meaning = important ? 'a clinically important change' : 'a change smaller than what is considered clinically important';
  return { points, percent, important, words: `${formatPoints(Math.abs(points))} ${way}${share}: ${meaning}.` };
}
