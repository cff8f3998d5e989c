// A patient's scores over time, the engine-free part of the therapist's
// chart: score Observations (FHIR, as the server writes them) into one
// series per instrument, the change since last time and since the first,
// and the chart's geometry (points, band stripes) in an SVG's own units.
// No DOM here: patients-scores.ts draws it.

import type { Resource } from '../net/fhir';
import { bandOf, changeBetween, isScoreCode, kInstruments, type Change, type ScoreCode } from './scores';

export interface ScorePoint {
  /** ISO date-time, as the Observation's effectiveDateTime. */
  when: string;
  value: number;
}

/** Score Observations by instrument, each series oldest first; other Observations are left out. */
export function seriesOf(observations: readonly Resource[]): Map<ScoreCode, ScorePoint[]> {
  const series = new Map<ScoreCode, ScorePoint[]>();
  for (const observation of observations) {
    if (observation.resourceType !== 'Observation' || observation.status === 'entered-in-error') continue;
    const coding = (observation.code as { coding?: Array<{ system?: string; code?: string }> } | undefined)?.coding ?? [];
    const code = coding.find((c) => c.system === 'http://loinc.org' && c.code && isScoreCode(c.code))?.code;
    if (!code || !isScoreCode(code)) continue;
    const value = (observation.valueInteger as number | undefined) ?? (observation.valueQuantity as { value?: number } | undefined)?.value;
    const when = observation.effectiveDateTime;
    if (typeof value !== 'number' || typeof when !== 'string') continue;
    const list = series.get(code) ?? [];
    list.push({ when, value });
    series.set(code, list);
  }
  for (const list of series.values()) list.sort((a, b) => Date.parse(a.when) - Date.parse(b.when));
  return series;
}

export interface Summary {
  latest: ScorePoint;
  band: string;
  /** Against the score before the latest; absent with a single score. */
  sinceLast?: { previous: ScorePoint; change: Change };
  /** Against the first score, when there are three or more. */
  sinceFirst?: { first: ScorePoint; change: Change };
}

export function summarise(code: ScoreCode, points: readonly ScorePoint[]): Summary | undefined {
  const latest = points[points.length - 1];
  if (!latest) return undefined;
  const previous = points[points.length - 2];
  const first = points[0];
  return {
    latest,
    band: bandOf(code, latest.value),
    sinceLast: previous ? { previous, change: changeBetween(code, previous.value, latest.value) } : undefined,
    sinceFirst: points.length >= 3 ? { first, change: changeBetween(code, first.value, latest.value) } : undefined,
  };
}

export interface ChartLayout {
  width: number;
  height: number;
  /** The plot's left edge (room for the band names to its left is the caller's). */
  left: number;
  right: number;
  top: number;
  bottom: number;
  points: Array<{ x: number; y: number; point: ScorePoint }>;
  /** One stripe per band, from its lower to its upper score. */
  bands: Array<{ words: string; y: number; height: number; index: number }>;
  /** Score gridlines with their labels (0 and the maximum, and each band's top). */
  ticks: Array<{ value: number; y: number }>;
}

/**
 * The chart of one series in a `width` x `height` box: time runs left to
 * right (evenly by date; a single score sits in the middle), scores bottom
 * (0) to top (the instrument's maximum), bands as stripes behind.
 */
export function layoutChart(code: ScoreCode, points: readonly ScorePoint[], width: number, height: number): ChartLayout {
  const instrument = kInstruments[code];
  const margin = { left: 150, right: 40, top: 16, bottom: 26 };
  const left = margin.left;
  const right = width - margin.right;
  const top = margin.top;
  const bottom = height - margin.bottom;
  const y = (value: number) => bottom - (Math.max(0, Math.min(instrument.max, value)) / instrument.max) * (bottom - top);
  const times = points.map((point) => Date.parse(point.when));
  const first = Math.min(...times);
  const last = Math.max(...times);
  const x = (time: number) => (last > first ? left + ((time - first) / (last - first)) * (right - left) : (left + right) / 2);
  let lower = 0;
  const bands = instrument.bands.map((band, index) => {
    // A band covers its scores: from just below its first to its top (PEG's tenths included).
    const from = index === 0 ? 0 : lower;
    const to = index === instrument.bands.length - 1 ? instrument.max : band.upTo + (code === '91147-9' ? 0.1 : 0.5);
    lower = to;
    return { words: band.words, y: y(to), height: y(from) - y(to), index };
  });
  const ticks = [0, ...instrument.bands.map((band) => band.upTo)].filter((value, index, all) => all.indexOf(value) === index).map((value) => ({ value, y: y(value) }));
  return {
    width,
    height,
    left,
    right,
    top,
    bottom,
    points: points.map((point, index) => ({ x: x(times[index]), y: y(point.value), point })),
    bands,
    ticks,
  };
}
