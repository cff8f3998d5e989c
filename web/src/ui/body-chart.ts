// The body explorer's 24-hour chart: blood sugar over simulated time with a
// labelled time axis and value axis (in the person's unit), the 70-180
// target band, and the floor below which the model is not reliable. SVG
// only; the layout maths (chartTicks) is pure and tested on its own.

import { formatClock, formatGlucose, kHighMgDl, kLowMgDl, kModelFloorMgDl, type BodyReadout, type GlucoseUnit } from '../net/body';
import { svg } from './dom';

export const kChartWidth = 360;
export const kChartHeight = 210;
/** The plot area inside the SVG (room for axis labels around it). */
export const plot = { left: 46, right: 340, top: 10, bottom: 168 } as const;
export const kChartMaxMgDl = 400;

export interface ChartTicks {
  /** Value axis: mg/dL positions and their labels in the unit. */
  values: Array<{ mgDl: number; label: string }>;
  /** Time axis: minutes since the session began and clock labels ("06:00"). */
  times: Array<{ minute: number; label: string }>;
  firstMinute: number;
  spanMinutes: number;
}

/** Ticks for a trace from `firstMinute` over `spanMinutes` (at least 24 h shown). */
export function chartTicks(firstMinute: number, lastMinute: number, unit: GlucoseUnit): ChartTicks {
  const spanMinutes = Math.max(1440, lastMinute - firstMinute);
  const values = [kModelFloorMgDl, kLowMgDl, kHighMgDl, 250, kChartMaxMgDl].map((mgDl) => ({ mgDl, label: formatGlucose(mgDl, unit, true) }));
  const times: ChartTicks['times'] = [];
  const step = 360; // every 6 simulated hours, on the clock's hour
  for (let minute = Math.ceil(firstMinute / step) * step; minute <= firstMinute + spanMinutes; minute += step) {
    times.push({ minute, label: formatClock(minute).split(', ')[1] });
  }
  return { values, times, firstMinute, spanMinutes };
}

export function chartX(minute: number, ticks: ChartTicks): number {
  return plot.left + ((minute - ticks.firstMinute) / ticks.spanMinutes) * (plot.right - plot.left);
}

/** Values below the model's floor are drawn on the floor, not below it. */
export function chartY(mgDl: number): number {
  const clamped = Math.min(kChartMaxMgDl, Math.max(kModelFloorMgDl, mgDl));
  return plot.bottom - ((clamped - kModelFloorMgDl) / (kChartMaxMgDl - kModelFloorMgDl)) * (plot.bottom - plot.top);
}

function text(x: number, y: number, words: string, attributes: Record<string, string | number> = {}): SVGTextElement {
  const element = svg('text', { x, y, ...attributes });
  element.textContent = words;
  return element;
}

export function createBodyChart() {
  const element = svg('svg', { viewBox: `0 0 ${kChartWidth} ${kChartHeight}`, class: 'body-chart', id: 'body-chart', role: 'img', 'aria-labelledby': 'body-chart-title' });
  const title = svg('title', { id: 'body-chart-title' });
  const band = svg('rect', { class: 'chart-band', x: plot.left, width: plot.right - plot.left });
  const floor = svg('line', { class: 'chart-floor', x1: plot.left, x2: plot.right });
  const floorLabel = text(plot.right - 2, 0, 'model not reliable below this line', { class: 'chart-note', 'text-anchor': 'end' });
  const axes = svg('path', { class: 'chart-axes', d: `M${plot.left} ${plot.top} V${plot.bottom} H${plot.right}` });
  const grid = svg('g', { class: 'chart-grid' });
  const line = svg('polyline', { class: 'chart-line', points: '' });
  const yTitle = text(12, (plot.top + plot.bottom) / 2, '', { class: 'chart-axis-title', 'text-anchor': 'middle', transform: `rotate(-90 12 ${(plot.top + plot.bottom) / 2})` });
  const xTitle = text((plot.left + plot.right) / 2, kChartHeight - 4, 'Simulated time of day (last 24 hours)', { class: 'chart-axis-title', 'text-anchor': 'middle' });
  element.append(title, band, grid, floor, floorLabel, axes, line, yTitle, xTitle);
  band.setAttribute('y', String(chartY(kHighMgDl)));
  band.setAttribute('height', String(chartY(kLowMgDl) - chartY(kHighMgDl)));
  floor.setAttribute('y1', String(chartY(kModelFloorMgDl)));
  floor.setAttribute('y2', String(chartY(kModelFloorMgDl)));
  floorLabel.setAttribute('y', String(chartY(kModelFloorMgDl) - 3));
  let lastKey = '';

  return {
    element,
    render(body: BodyReadout, unit: GlucoseUnit, summary: string): void {
      const first = body.trace[0]?.minute ?? 0;
      const last = body.trace[body.trace.length - 1]?.minute ?? first;
      const ticks = chartTicks(first, last, unit);
      const key = `${unit}:${first}:${ticks.spanMinutes}`;
      if (key !== lastKey) {
        lastKey = key;
        yTitle.textContent = `Blood sugar (${unit})`;
        grid.replaceChildren(
          ...ticks.values.flatMap(({ mgDl, label }) => [
            svg('line', { class: 'chart-tick', x1: plot.left - 4, x2: plot.right, y1: chartY(mgDl), y2: chartY(mgDl) }),
            text(plot.left - 6, chartY(mgDl) + 4, label, { class: 'chart-label', 'text-anchor': 'end' }),
          ]),
          ...ticks.times.flatMap(({ minute, label }) => [
            svg('line', { class: 'chart-tick', x1: chartX(minute, ticks), x2: chartX(minute, ticks), y1: plot.bottom, y2: plot.bottom + 4 }),
            text(chartX(minute, ticks), plot.bottom + 16, label, { class: 'chart-label', 'text-anchor': 'middle' }),
          ]),
        );
      }
      line.setAttribute('points', body.trace.map((p) => `${chartX(p.minute, ticks).toFixed(1)},${chartY(p.bgMgDl).toFixed(1)}`).join(' '));
      title.textContent = summary;
    },
  };
}
