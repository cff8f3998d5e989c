// What the therapist's progress page shows, worked out without the DOM
// (vitest covers it): sets grouped per exercise and side, the chart's
// scales, ticks and marks for range of motion over time, and pain and reps
// in words. therapist-chart.ts and therapist-page.ts draw it.

import type { LiveView, RecordedSet } from './therapist-api';

export interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** One exercise on one side: its sets, oldest first. */
export interface ExerciseSeries {
  key: string; // "shoulder-flexion/right"
  exercise: string;
  side: string;
  title: string; // "Shoulder flexion, right"
  sets: RecordedSet[];
}

/** "shoulder-flexion" -> "Shoulder flexion". */
export function exerciseName(exercise: string): string {
  const words = exercise.replace(/-/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function seriesOf(sets: readonly RecordedSet[]): ExerciseSeries[] {
  const byKey = new Map<string, ExerciseSeries>();
  for (const set of sets) {
    const key = `${set.exercise}/${set.side}`;
    let series = byKey.get(key);
    if (!series) {
      series = { key, exercise: set.exercise, side: set.side, title: `${exerciseName(set.exercise)}, ${set.side}`, sets: [] };
      byKey.set(key, series);
    }
    series.sets.push(set);
  }
  for (const series of byKey.values()) series.sets.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  return [...byKey.values()].sort((a, b) => a.title.localeCompare(b.title));
}

export interface ChartMark {
  x: number;
  yMin: number;
  yMax: number;
  label: string; // for the tooltip and the table
}

export interface ChartGeometry {
  xTicks: Array<{ x: number; label: string }>;
  yTicks: Array<{ y: number; label: string }>;
  marks: ChartMark[]; // one per set with a range of motion
  line: string; // SVG path through each set's largest angle
  target: { y: number; label: string } | null;
}

const kDayMs = 24 * 3600 * 1000;

function scale(d0: number, d1: number, r0: number, r1: number): (value: number) => number {
  const span = d1 - d0 || 1;
  return (value) => r0 + ((Math.min(d1, Math.max(d0, value)) - d0) / span) * (r1 - r0);
}

function round1(value: number): string {
  return (Math.round(value * 10) / 10).toString();
}

/** "7 Dec" in UTC, as the server counts days. */
export function dayLabel(ms: number): string {
  const date = new Date(ms);
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  return `${date.getUTCDate()} ${months[date.getUTCMonth()]}`;
}

/**
 * Range of motion over the window: x is the day (the `windowDays` UTC days
 * ending today), y the angle in degrees (0 to the largest angle or target
 * rounded up to 30, at least 90). Each set is a bar from its smallest to
 * its largest angle; the line joins the largest angles.
 */
export function romChart(series: ExerciseSeries, box: Box, nowMs: number, windowDays: number): ChartGeometry {
  const today = Math.floor(nowMs / kDayMs) * kDayMs;
  const start = today - (windowDays - 1) * kDayMs;
  const end = today + kDayMs;
  const x = scale(start, end, box.left, box.left + box.width);
  const target = series.sets.find((set) => set.target_deg !== null)?.target_deg ?? null;
  let top = Math.max(90, target ?? 0);
  for (const set of series.sets) if (set.rom_deg) top = Math.max(top, set.rom_deg.max);
  top = Math.min(180, Math.ceil(top / 30) * 30);
  const y = scale(0, top, box.top + box.height, box.top);
  const yTicks = [];
  for (let value = 0; value <= top; value += 30) yTicks.push({ y: y(value), label: `${value}°` });
  const xTicks = [];
  for (let day = 0; day < windowDays; day += 7) {
    const ms = start + (windowDays - 1 - day) * kDayMs;
    xTicks.unshift({ x: x(ms + kDayMs / 2), label: dayLabel(ms) });
  }
  const marks: ChartMark[] = [];
  for (const set of series.sets) {
    if (!set.rom_deg) continue;
    const at = Date.parse(set.at);
    if (!(at >= start && at < end)) continue;
    marks.push({
      x: x(at),
      yMin: y(set.rom_deg.min),
      yMax: y(set.rom_deg.max),
      label: `${dayLabel(at)}: ${round1(set.rom_deg.min)}° to ${round1(set.rom_deg.max)}°`,
    });
  }
  const line = marks.length > 1 ? `M${marks.map((mark) => `${round1(mark.x)},${round1(mark.yMax)}`).join('L')}` : '';
  return { xTicks, yTicks, marks, line, target: target === null ? null : { y: y(target), label: `target ${round1(target)}°` } };
}

/** "Pain 4 before, 3 after (better)". */
export function painWords(set: RecordedSet): string {
  if (set.pain_before === null || set.pain_after === null) return 'Pain not recorded';
  const change = set.pain_after - set.pain_before;
  const how = change < 0 ? 'better' : change > 0 ? 'worse' : 'the same';
  return `Pain ${set.pain_before} before, ${set.pain_after} after (${how})`;
}

/** "10 reps counted, 1 partial; 5.4° to 90.6°; 1.0 s not tracked". */
export function setWords(set: RecordedSet): string {
  const reps = `${set.rep_count} rep${set.rep_count === 1 ? '' : 's'} counted`;
  const partial = set.partial_count > 0 ? `, ${set.partial_count} partial (not counted)` : '';
  const range = set.rom_deg ? `; ${round1(set.rom_deg.min)}° to ${round1(set.rom_deg.max)}°` : '; no range: tracking was not trusted';
  const gaps = set.low_confidence_ms > 0 ? `; ${round1(set.low_confidence_ms / 1000)} s not tracked` : '';
  return reps + partial + range + gaps;
}

/** The chart's summary for a screen reader. */
export function chartSummary(series: ExerciseSeries): string {
  const ranged = series.sets.filter((set) => set.rom_deg);
  if (ranged.length === 0) return `${series.title}: no range of motion recorded in this period.`;
  const first = ranged[0].rom_deg!.max;
  const last = ranged[ranged.length - 1].rom_deg!.max;
  return `${series.title}: largest angle ${round1(first)}° in the first set, ${round1(last)}° in the latest (${ranged.length} set${ranged.length === 1 ? '' : 's'}).`;
}

/**
 * A live set in words: "Casey is doing knee extension (right): 3 of 10
 * reps, 45° now, target 10°." (first name only), or that nothing is played.
 */
export function liveWords(live: LiveView): string {
  const who = live.name.trim().split(/\s+/)[0] || 'The patient';
  if (!live.live || !live.exercise) return `${who} is not exercising right now.`;
  const neck = live.exercise === 'cervical-rotation';
  const partial = live.partial_count ? ` (${live.partial_count} not far enough)` : '';
  const angle = live.angle_deg === null || live.angle_deg === undefined
    ? `the ${neck ? 'headset' : 'camera'} cannot see it clearly now`
    : `${Math.round(live.angle_deg)}°${neck ? ` to the ${live.side}` : ''} now`;
  return `${who} is doing ${exerciseName(live.exercise).toLowerCase()} (${live.side}): ${live.rep_count ?? 0} of ${live.reps ?? 0} ${neck ? 'turns' : 'reps'}${partial}, ${angle}, target ${Math.round(live.target_deg ?? 0)}°.`;
}
