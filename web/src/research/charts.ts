// The maths behind the research lab's charts and sentences: scales, the AGP's
// percentile bands as SVG paths, time-in-range bar segments, time left, and
// the paired difference in plain words. Pure functions (vitest covers them);
// charts-svg.ts draws with them.

import type { ArmResult, Outcome, PairedDifference } from './api';

export interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** A linear map from [d0, d1] to [r0, r1]; values outside are clamped to the range's ends. */
export function linearScale(d0: number, d1: number, r0: number, r1: number): (value: number) => number {
  const span = d1 - d0 || 1;
  return (value) => {
    const t = Math.min(1, Math.max(0, (value - d0) / span));
    return r0 + t * (r1 - r0);
  };
}

export const kAgpLow = 40;
export const kAgpHigh = 400;

/** x of a 5-minute bin's centre and y of a glucose value inside `box` (0–24 h, 40–400 mg/dL). */
export function agpScales(box: Box, bins: number): { x: (bin: number) => number; y: (mg: number) => number } {
  const x = linearScale(0, bins, box.left, box.left + box.width);
  const y = linearScale(kAgpLow, kAgpHigh, box.top + box.height, box.top);
  return { x: (bin) => x(bin + 0.5), y };
}

function fixed(value: number): string {
  return (Math.round(value * 10) / 10).toString();
}

/** A closed band between two percentile traces: along `upper`, back along `lower`. '' for no data. */
export function bandPath(lower: readonly number[], upper: readonly number[], box: Box): string {
  const bins = Math.min(lower.length, upper.length);
  if (bins === 0) return '';
  const { x, y } = agpScales(box, bins);
  const points: string[] = [];
  for (let bin = 0; bin < bins; ++bin) points.push(`${fixed(x(bin))},${fixed(y(upper[bin]))}`);
  for (let bin = bins - 1; bin >= 0; --bin) points.push(`${fixed(x(bin))},${fixed(y(lower[bin]))}`);
  return `M${points.join('L')}Z`;
}

/** An open line along one percentile trace. */
export function linePath(values: readonly number[], box: Box): string {
  if (values.length === 0) return '';
  const { x, y } = agpScales(box, values.length);
  return `M${values.map((value, bin) => `${fixed(x(bin))},${fixed(y(value))}`).join('L')}`;
}

/** "HH:MM" for a minute of the day. */
export function clockTime(minute: number): string {
  const m = ((Math.round(minute) % 1440) + 1440) % 1440;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/** The AGP in a sentence: when the median is lowest and highest, and the widest 5–95 spread. */
export function agpWords(arm: ArmResult): string {
  const { p5, p50, p95, bin_minutes: step } = arm.agp;
  if (p50.length === 0) return `${arm.arm}: no glucose profile.`;
  let low = 0;
  let high = 0;
  let wide = 0;
  for (let bin = 1; bin < p50.length; ++bin) {
    if (p50[bin] < p50[low]) low = bin;
    if (p50[bin] > p50[high]) high = bin;
    if (p95[bin] - p5[bin] > p95[wide] - p5[wide]) wide = bin;
  }
  const at = (bin: number) => clockTime(bin * step);
  return (
    `${arm.arm}: the median glucose is lowest around ${at(low)} (${Math.round(p50[low])} mg/dL) ` +
    `and highest around ${at(high)} (${Math.round(p50[high])} mg/dL); ` +
    `the 5th to 95th percentiles spread widest around ${at(wide)} (${Math.round(p5[wide])} to ${Math.round(p95[wide])} mg/dL).`
  );
}

export interface RangeSegment {
  label: string;
  percent: number;
  tone: 'very-low' | 'low' | 'in-range' | 'high' | 'very-high';
}

/** An arm's time in the five glucose ranges (they add up to 100%). */
export function rangeSegments(arm: ArmResult): RangeSegment[] {
  const clampPercent = (value: number) => Math.max(0, value);
  return [
    { label: 'below 54', percent: clampPercent(arm.below_54_percent), tone: 'very-low' },
    { label: '54–69', percent: clampPercent(arm.below_70_percent - arm.below_54_percent), tone: 'low' },
    { label: '70–180', percent: clampPercent(arm.tir_70_180_percent), tone: 'in-range' },
    { label: '181–250', percent: clampPercent(arm.above_180_percent - arm.above_250_percent), tone: 'high' },
    { label: 'above 250', percent: clampPercent(arm.above_250_percent), tone: 'very-high' },
  ];
}

/** Segment start positions (0–100) for a stacked bar. */
export function stackOffsets(segments: readonly RangeSegment[]): number[] {
  const offsets: number[] = [];
  let at = 0;
  for (const segment of segments) {
    offsets.push(at);
    at += segment.percent;
  }
  return offsets;
}

/**
 * Estimated milliseconds left from the work done so far (patient-days) and
 * the time it took; undefined until something is done.
 */
export function timeLeftMs(done: number, total: number, runningMs: number): number | undefined {
  if (!(done > 0) || !(total > 0) || runningMs < 0) return undefined;
  return Math.max(0, (runningMs * (total - done)) / done);
}

/** "about 40 seconds", "about 3 minutes", "less than a second". */
export function durationWords(ms: number): string {
  if (ms < 1000) return 'less than a second';
  const seconds = Math.round(ms / 1000);
  if (seconds < 90) return `about ${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.round(seconds / 60);
  return `about ${minutes} minute${minutes === 1 ? '' : 's'}`;
}

interface OutcomeWords {
  title: string; // "time in range (70–180 mg/dL)"
  metric: string; // the results' field
  unit: string; // "percentage points"
  better: 'higher' | 'lower' | 'neither';
}

export const kOutcomes: Record<Outcome, OutcomeWords> = {
  time_in_range: { title: 'time in range (70–180 mg/dL)', metric: 'tir_70_180_percent', unit: 'percentage points', better: 'higher' },
  time_below_70: { title: 'time below 70 mg/dL', metric: 'below_70_percent', unit: 'percentage points', better: 'lower' },
  mean: { title: 'mean glucose', metric: 'mean_mg_dl', unit: 'mg/dL', better: 'neither' },
  cv: { title: 'glucose variability (CV)', metric: 'cv_percent', unit: 'percentage points', better: 'lower' },
};

function signed(value: number): string {
  const rounded = Math.round(value * 10) / 10;
  return `${rounded > 0 ? '+' : rounded < 0 ? '−' : ''}${Math.abs(rounded).toFixed(1)}`;
}

/** The paired difference of `arm` against the reference arm, in plain words. */
export function differenceWords(arm: string, reference: string, outcome: Outcome, difference: PairedDifference): string {
  const words = kOutcomes[outcome];
  const base =
    `Compared with ${reference}, ${arm} changed ${words.title} by ${signed(difference.mean)} ${words.unit} on average ` +
    `(95% confidence interval ${signed(difference.ci95_low)} to ${signed(difference.ci95_high)}; ${difference.n} patients, each in both arms).`;
  if (difference.n < 2) return `${base} With one patient there is no interval to judge by.`;
  const excludesZero = difference.ci95_low > 0 || difference.ci95_high < 0;
  if (!excludesZero) return `${base} The interval includes zero: this trial cannot tell the arms apart on this outcome.`;
  const up = difference.mean > 0;
  const verdict = words.better === 'neither' ? '' : (up === (words.better === 'higher') ? ' That is better.' : ' That is worse.');
  return `${base} The interval excludes zero: ${arm} ${up ? 'raised' : 'lowered'} it consistently across these virtual patients.${verdict}`;
}
