// The research lab's charts as SVG elements: time in ranges per arm and the
// ambulatory glucose profile (AGP) of one arm. Each chart has a title and a
// sentence for screen readers; colours come from CSS classes (styles.css),
// so high contrast applies; no inline styles (CSP).

import { svg } from '../ui/dom';
import type { ArmResult } from './api';
import { agpScales, agpWords, bandPath, linePath, rangeSegments, stackOffsets, type Box } from './charts';

function text(x: number, y: number, content: string, attributes: Record<string, string | number> = {}): SVGTextElement {
  const element = svg('text', { x, y, ...attributes });
  element.textContent = content;
  return element;
}

let chartCount = 0;

function titled(root: SVGSVGElement, title: string, description: string): SVGSVGElement {
  const id = `research-chart-${++chartCount}`;
  const titleElement = svg('title', { id: `${id}-title` });
  titleElement.textContent = title;
  const desc = svg('desc', { id: `${id}-desc` });
  desc.textContent = description;
  root.prepend(titleElement, desc);
  root.setAttribute('role', 'img');
  root.setAttribute('aria-labelledby', `${id}-title ${id}-desc`);
  return root;
}

/**
 * The drawing width for charts on this screen: 640 user units on a wide
 * screen, narrower on a phone, so that 12-unit text stays about 12 px.
 */
export function chartWidth(screenWidth: number): number {
  return Math.round(Math.min(640, Math.max(320, screenWidth - 48)));
}

/** One stacked bar per arm: below 54, 54–69, 70–180, 181–250, above 250 (% of the time). */
export function rangeBars(arms: readonly ArmResult[], width = 640): SVGSVGElement {
  const rowHeight = 34;
  const left = Math.min(130, width * 0.28);
  const plotWidth = width - left - 20;
  const height = 40 + rowHeight * arms.length + 36;
  const root = svg('svg', { viewBox: `0 0 ${width} ${height}`, class: 'research-chart' });
  const sentences: string[] = [];
  arms.forEach((arm, row) => {
    const y = 20 + row * rowHeight;
    root.append(text(left - 8, y + 17, arm.arm, { 'text-anchor': 'end', class: 'chart-label' }));
    const segments = rangeSegments(arm);
    const offsets = stackOffsets(segments);
    segments.forEach((segment, index) => {
      if (segment.percent <= 0) return;
      root.append(svg('rect', { x: left + (offsets[index] / 100) * plotWidth, y, width: (segment.percent / 100) * plotWidth, height: 24, class: `range-${segment.tone}` }));
    });
    const inRange = segments[2];
    root.append(text(left + ((offsets[2] + inRange.percent / 2) / 100) * plotWidth, y + 17, `${inRange.percent.toFixed(1)}%`, { 'text-anchor': 'middle', class: 'chart-on-bar' }));
    sentences.push(`${arm.arm}: ${segments.map((s) => `${s.percent.toFixed(1)}% ${s.label}`).join(', ')}.`);
  });
  const legendY = height - 14;
  const tones: Array<[string, string]> = [['very-low', 'below 54'], ['low', '54–69'], ['in-range', '70–180'], ['high', '181–250'], ['very-high', 'above 250']];
  const step = (width - 20) / tones.length;
  tones.forEach(([tone, label], index) => {
    const x = 10 + index * step;
    root.append(svg('rect', { x, y: legendY - 10, width: 12, height: 12, class: `range-${tone}` }), text(x + 16, legendY, label, { class: 'chart-small' }));
  });
  return titled(root, 'Time in glucose ranges (mg/dL) per arm', sentences.join(' '));
}

/** The AGP of one arm: 5–95 and 25–75 percentile bands, the median, the 70–180 target range. */
export function agpChart(arm: ArmResult, width = 640): SVGSVGElement {
  const height = width < 500 ? 260 : 300;
  const box: Box = { left: 48, top: 12, width: width - 64, height: height - 44 };
  const root = svg('svg', { viewBox: `0 0 ${width} ${height}`, class: 'research-chart' });
  const bins = arm.agp.p50.length;
  const { y } = agpScales(box, Math.max(1, bins));
  root.append(svg('rect', { x: box.left, y: y(180), width: box.width, height: y(70) - y(180), class: 'agp-target' }));
  for (const mg of [70, 180, 250, 54]) {
    root.append(svg('line', { x1: box.left, x2: box.left + box.width, y1: y(mg), y2: y(mg), class: mg === 70 || mg === 180 ? 'agp-target-line' : 'agp-grid' }));
  }
  for (const mg of [54, 70, 180, 250, 400]) root.append(text(box.left - 6, y(mg) + 4, String(mg), { 'text-anchor': 'end', class: 'chart-small' }));
  for (let hour = 0; hour <= 24; hour += width < 500 ? 6 : 3) {
    const x = box.left + (hour / 24) * box.width;
    root.append(svg('line', { x1: x, x2: x, y1: box.top, y2: box.top + box.height, class: 'agp-grid' }));
    root.append(text(x, height - 14, `${String(hour).padStart(2, '0')}:00`, { 'text-anchor': 'middle', class: 'chart-small' }));
  }
  root.append(
    svg('path', { d: bandPath(arm.agp.p5, arm.agp.p95, box), class: 'agp-outer' }),
    svg('path', { d: bandPath(arm.agp.p25, arm.agp.p75, box), class: 'agp-inner' }),
    svg('path', { d: linePath(arm.agp.p50, box), class: 'agp-median' }),
    text(box.left + 6, box.top + 14, 'mg/dL', { class: 'chart-small' }),
  );
  return titled(root, `Glucose profile over the day, ${arm.arm}: median, 25th–75th and 5th–95th percentiles`, agpWords(arm));
}
