// The guided-breathing pacer, engine-free: breathing patterns as phases of
// given lengths, and where a pattern stands at a moment. The moment is
// measured from the pattern's start on one clock (the page's AudioContext
// clock, which runs at the sound card's rate and does not stall with busy
// frames), never by adding up frame times, so the pacer cannot drift
// however unevenly frames come.

export type PhaseKind = 'in' | 'in-more' | 'hold-full' | 'out' | 'hold-empty';

export interface Phase {
  kind: PhaseKind;
  seconds: number;
}

export interface Pattern {
  id: 'resonance' | 'sighing' | 'box';
  name: string;
  /** What it is, in plain words, with its source (educational). */
  about: string;
  phases: Phase[];
}

/** Seconds per phase may be set from 1 to 12 (shorter or longer is not a calm pace). */
export const kPhaseSecondsRange = { min: 1, max: 12 } as const;

export const kPatterns: Pattern[] = [
  {
    id: 'resonance',
    name: 'Slow breathing (6 a minute)',
    about: 'Breathe in gently for 5 seconds and out for 5. Around 6 breaths a minute is often called resonance breathing (Lehrer and Gevirtz, 2014).',
    phases: [
      { kind: 'in', seconds: 5 },
      { kind: 'out', seconds: 5 },
    ],
  },
  {
    id: 'sighing',
    name: 'Cyclic sighing',
    about: 'Breathe in through the nose, take a second short breath in on top, then breathe out slowly through the mouth (Balban and others, 2023).',
    phases: [
      { kind: 'in', seconds: 2 },
      { kind: 'in-more', seconds: 1 },
      { kind: 'out', seconds: 6 },
    ],
  },
  {
    id: 'box',
    name: 'Box breathing',
    about: 'Breathe in for 4 seconds, hold for 4, breathe out for 4, hold for 4.',
    phases: [
      { kind: 'in', seconds: 4 },
      { kind: 'hold-full', seconds: 4 },
      { kind: 'out', seconds: 4 },
      { kind: 'hold-empty', seconds: 4 },
    ],
  },
];

export const kPhaseWords: Record<PhaseKind, string> = {
  in: 'Breathe in',
  'in-more': 'A little more in',
  'hold-full': 'Hold',
  out: 'Breathe out',
  'hold-empty': 'Hold',
};

export interface PacerState {
  phase: number;
  kind: PhaseKind;
  /** 0..1 through the current phase. */
  progress: number;
  /** 0 (empty) .. 1 (full): how big the pacer's shape is drawn. */
  fullness: number;
  /** Whole breaths completed since the start. */
  breaths: number;
  /** Seconds from the start at which the current phase began. */
  phaseStartS: number;
}

export function cycleSeconds(pattern: Pattern): number {
  return pattern.phases.reduce((sum, phase) => sum + phase.seconds, 0);
}

/** The pattern with every phase clamped to the allowed range. */
export function withSeconds(pattern: Pattern, seconds: number[]): Pattern {
  return {
    ...pattern,
    phases: pattern.phases.map((phase, index) => ({
      ...phase,
      seconds: Math.min(kPhaseSecondsRange.max, Math.max(kPhaseSecondsRange.min, seconds[index] ?? phase.seconds)),
    })),
  };
}

/** Fullness at the start of each phase, so a shape grows and shrinks smoothly. */
function fullnessAt(pattern: Pattern, index: number): [number, number] {
  const kind = pattern.phases[index].kind;
  const inhaled = pattern.phases.filter((phase) => phase.kind === 'in' || phase.kind === 'in-more').reduce((sum, phase) => sum + phase.seconds, 0);
  let before = 0;
  for (let i = 0; i < index; ++i) {
    const phase = pattern.phases[i];
    if (phase.kind === 'in' || phase.kind === 'in-more') before += phase.seconds;
  }
  const start = pattern.phases.slice(0, index).some((phase) => phase.kind === 'out') ? 0 : inhaled > 0 ? before / inhaled : 0;
  if (kind === 'in' || kind === 'in-more') return [start, start + pattern.phases[index].seconds / inhaled];
  if (kind === 'out') return [1, 0];
  return kind === 'hold-full' ? [1, 1] : [0, 0];
}

/** Where `pattern` stands `elapsedS` seconds after its start (elapsedS >= 0). */
export function pacerAt(pattern: Pattern, elapsedS: number): PacerState {
  const cycle = cycleSeconds(pattern);
  const breaths = Math.floor(elapsedS / cycle);
  let within = elapsedS - breaths * cycle;
  let phaseStartS = breaths * cycle;
  let index = 0;
  while (index < pattern.phases.length - 1 && within >= pattern.phases[index].seconds) {
    within -= pattern.phases[index].seconds;
    phaseStartS += pattern.phases[index].seconds;
    ++index;
  }
  const progress = Math.min(1, within / pattern.phases[index].seconds);
  const [from, to] = fullnessAt(pattern, index);
  // Eased, as breath is: slow at the turns.
  const eased = (1 - Math.cos(Math.PI * progress)) / 2;
  return { phase: index, kind: pattern.phases[index].kind, progress, fullness: from + (to - from) * eased, breaths, phaseStartS };
}

/**
 * The pattern a group room's shared pacer names (its id and seconds per
 * phase, as the server keeps them), or undefined when it names no known
 * pattern or the wrong number of phases.
 */
export function sharedPattern(id: string, phaseSeconds: readonly number[]): Pattern | undefined {
  const base = kPatterns.find((pattern) => pattern.id === id);
  if (!base || phaseSeconds.length !== base.phases.length) return undefined;
  return withSeconds(base, [...phaseSeconds]);
}

/**
 * What to add to a local clock's seconds (the AudioContext's) to get the
 * seconds since a shared pacer started at `startedAtMs` on the server,
 * given that the server's clock read `serverNowMs` when the local clock read
 * `clockS`. Every member computes it once and then counts on their own audio
 * clock, so they agree as well as their server-time estimates do and
 * do not drift apart.
 */
export function sharedOffsetS(startedAtMs: number, serverNowMs: number, clockS: number): number {
  return (serverNowMs - startedAtMs) / 1000 - clockS;
}
