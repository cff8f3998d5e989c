// Range of motion over time for one exercise, as an SVG chart with axes,
// tick labels, axis titles and the target line (geometry from
// therapist-progress.ts). The svg is role="img" with a summary; the page
// lists the same sets as a table for keyboard and screen-reader users.

import { svg } from '../ui/dom';
import { chartSummary, romChart, type ExerciseSeries } from './therapist-progress';

const kWidth = 560;
const kHeight = 240;
const kBox = { left: 64, top: 14, width: kWidth - 64 - 16, height: kHeight - 14 - 44 };

function text(x: number, y: number, words: string, attributes: Record<string, string | number> = {}): SVGTextElement {
  const element = svg('text', { x, y, ...attributes });
  element.textContent = words;
  return element;
}

export function romChartSvg(series: ExerciseSeries, nowMs: number, windowDays: number): SVGSVGElement {
  const geometry = romChart(series, kBox, nowMs, windowDays);
  const root = svg('svg', {
    class: 'rehab-chart',
    viewBox: `0 0 ${kWidth} ${kHeight}`,
    role: 'img',
    'aria-label': `Range of motion over the last ${windowDays} days. ${chartSummary(series)}`,
  });
  const bottom = kBox.top + kBox.height;
  for (const tick of geometry.yTicks) {
    root.append(svg('line', { class: 'chart-tick', x1: kBox.left, x2: kBox.left + kBox.width, y1: tick.y, y2: tick.y }));
    root.append(text(kBox.left - 6, tick.y + 4, tick.label, { 'text-anchor': 'end', class: 'chart-small' }));
  }
  for (const tick of geometry.xTicks) {
    root.append(svg('line', { class: 'chart-axes', x1: tick.x, x2: tick.x, y1: bottom, y2: bottom + 4 }));
    root.append(text(tick.x, bottom + 16, tick.label, { 'text-anchor': 'middle', class: 'chart-small' }));
  }
  root.append(svg('path', { class: 'chart-axes', d: `M${kBox.left},${kBox.top}V${bottom}H${kBox.left + kBox.width}` }));
  if (geometry.target) {
    root.append(svg('line', { class: 'chart-target', x1: kBox.left, x2: kBox.left + kBox.width, y1: geometry.target.y, y2: geometry.target.y }));
    root.append(text(kBox.left + kBox.width - 4, geometry.target.y - 4, geometry.target.label, { 'text-anchor': 'end', class: 'chart-small chart-target-label' }));
  }
  if (geometry.line) root.append(svg('path', { class: 'chart-line', d: geometry.line }));
  for (const mark of geometry.marks) {
    const bar = svg('line', { class: 'chart-range', x1: mark.x, x2: mark.x, y1: mark.yMin, y2: mark.yMax });
    const title = svg('title');
    title.textContent = mark.label;
    bar.append(title);
    root.append(bar, svg('circle', { class: 'chart-dot', cx: mark.x, cy: mark.yMax, r: 3.5 }));
  }
  root.append(text(13, kBox.top + kBox.height / 2, 'Angle (degrees)', {
    class: 'chart-axis-title', 'text-anchor': 'middle', transform: `rotate(-90 13 ${kBox.top + kBox.height / 2})`,
  }));
  root.append(text(kBox.left + kBox.width / 2, kHeight - 6, 'Day of the set (UTC)', { class: 'chart-axis-title', 'text-anchor': 'middle' }));
  return root;
}
