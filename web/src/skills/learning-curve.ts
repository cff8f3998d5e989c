// A learning curve: the score of each attempt at a task in order, drawn as
// an SVG line over the proficiency score, with the same numbers as a list
// in words for screen readers and keyboard users. The geometry is pure
// (curveGeometry, curveSummary); learningCurve builds the elements.

import { h, svg as svgElement } from '../ui/dom';
import type { AttemptRecord, TaskInfo } from './api';
import { seconds } from './score';

export interface CurveGeometry {
  points: Array<{ x: number; y: number }>;
  proficiencyY: number;
  maxScoreMs: number;
}

const kWidth = 320;
const kHeight = 160;
const kPad = 24;

/** Points in a kWidth x kHeight box: attempt i at x, its score at y (0 at the bottom, the cutoff at the top). */
export function curveGeometry(scoresMs: number[], task: TaskInfo): CurveGeometry {
  const maxScoreMs = task.cutoff_ms;
  const y = (scoreMs: number) => kHeight - kPad - ((kHeight - 2 * kPad) * scoreMs) / maxScoreMs;
  const step = scoresMs.length > 1 ? (kWidth - 2 * kPad) / (scoresMs.length - 1) : 0;
  return {
    points: scoresMs.map((score, index) => ({ x: kPad + index * step, y: y(score) })),
    proficiencyY: y(task.cutoff_ms - task.proficiency.time_ms),
    maxScoreMs,
  };
}

/** One sentence: how many attempts, the latest and best scores, proficient or not yet. */
export function curveSummary(records: AttemptRecord[], task: TaskInfo): string {
  if (records.length === 0) return `No attempts at ${task.name.toLowerCase()} yet.`;
  const latest = records[records.length - 1];
  const best = Math.max(...records.map((record) => record.score_ms));
  const proficient = records.filter((record) => record.proficient).length;
  const count = records.length === 1 ? '1 attempt' : `${records.length} attempts`;
  return `${count}; latest score ${seconds(latest.score_ms)}, best ${seconds(best)}; ` +
    (proficient > 0 ? `proficient in ${proficient}.` : 'not yet at the proficiency target.');
}

export function learningCurve(records: AttemptRecord[], task: TaskInfo, id: string): HTMLElement {
  const geometry = curveGeometry(records.map((record) => record.score_ms), task);
  const svg = svgElement('svg', { viewBox: `0 0 ${kWidth} ${kHeight}`, class: 'skills-curve', 'aria-hidden': 'true' });
  const line = (x1: number, y1: number, x2: number, y2: number, cls: string) =>
    svg.append(svgElement('line', { x1, y1, x2, y2, class: cls }));
  line(kPad, kHeight - kPad, kWidth - kPad, kHeight - kPad, 'skills-curve-axis');
  line(kPad, kPad, kPad, kHeight - kPad, 'skills-curve-axis');
  line(kPad, geometry.proficiencyY, kWidth - kPad, geometry.proficiencyY, 'skills-curve-target');
  if (geometry.points.length > 0) {
    svg.append(svgElement('polyline', {
      points: geometry.points.map((point) => `${point.x},${point.y}`).join(' '), class: 'skills-curve-line',
    }));
    geometry.points.forEach((point, index) => svg.append(svgElement('circle', {
      cx: point.x, cy: point.y, r: 4, class: records[index].proficient ? 'skills-curve-dot proficient' : 'skills-curve-dot',
    })));
  }
  const list = h('ol', { class: 'skills-curve-list', 'aria-label': 'Scores by attempt' },
    ...records.map((record, index) => h('li', {},
      `Attempt ${index + 1}: score ${seconds(record.score_ms)}, time ${seconds(record.time_ms)}, ` +
      `${record.drops} ${record.drops === 1 ? 'drop' : 'drops'}` +
      (record.completed ? '' : ', not finished') + (record.proficient ? ', proficient' : '') +
      (record.rating ? `; OSATS ${record.rating.total} of 35 from ${record.rating.rater}` +
        (record.rating.comment ? `: "${record.rating.comment}"` : '') : ''))));
  return h('figure', { class: 'skills-curve-figure', id },
    h('figcaption', {}, `Learning curve: score per attempt (the dashed line is the proficiency score, ${seconds(task.cutoff_ms - task.proficiency.time_ms)}). `, curveSummary(records, task)),
    svg as unknown as HTMLElement, list);
}
