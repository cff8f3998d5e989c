// The body model's labels drawn on screen, for views too narrow for labels
// beside the body in the scene (a phone held upright): the same words in
// text of a fixed, readable size, in two columns at the view's edges, with a
// leader line to each organ. The side panel lists the same readings for
// screen readers, so this overlay is hidden from them.

import * as THREE from 'three';
import { h } from '../ui/dom';
import type { LabelReading } from './body-model';
import { layoutColumns } from './label-columns';

const kSvg = 'http://www.w3.org/2000/svg';
// At the default 16 px text; larger text settings scale them.
const kLabelWidthPx = 140;
const kLabelHeightPx = 44;
const kGapPx = 4;

export interface ScreenLabels {
  /** Draws the readings as seen by `camera` in a view of the element's size. */
  update(readings: LabelReading[], camera: THREE.Camera): void;
  hide(): void;
  dispose(): void;
}

/**
 * `avoid` returns the elements in the view the labels must stay clear of
 * (notices at the top, the touch pad at the bottom).
 */
export function createScreenLabels(view: HTMLElement, avoid: () => HTMLElement[]): ScreenLabels {
  const lines = document.createElementNS(kSvg, 'svg');
  lines.setAttribute('class', 'screen-label-leaders');
  const layer = h('div', { class: 'screen-labels', 'aria-hidden': 'true' });
  layer.append(lines);
  view.append(layer);
  const boxes = new Map<string, { box: HTMLElement; value: HTMLElement; bar: HTMLElement; line: SVGLineElement }>();
  const projected = new THREE.Vector3();
  const heights = new Map<string, number>();
  let measuredScale = 0;

  function boxFor(reading: LabelReading) {
    let entry = boxes.get(reading.id);
    if (!entry) {
      const value = h('span', { class: 'screen-label-value' });
      const bar = h('span', { class: 'screen-label-bar' });
      const box = h('div', { class: 'screen-label', 'data-organ': reading.id }, h('strong', {}, reading.title), value, bar);
      const line = document.createElementNS(kSvg, 'line');
      lines.append(line);
      layer.append(box);
      entry = { box, value, bar, line };
      boxes.set(reading.id, entry);
    }
    return entry;
  }

  /** The band of the view free of the elements to avoid (px from its top). */
  function freeBand(height: number): { top: number; bottom: number } {
    const frame = view.getBoundingClientRect();
    let top = 4;
    let bottom = height - 4;
    for (const element of avoid()) {
      if (element.hidden || (!element.textContent?.trim() && element.childElementCount === 0)) continue;
      const rect = element.getBoundingClientRect();
      if (rect.height === 0) continue;
      const middle = rect.top + rect.height / 2 - frame.top;
      if (middle < height / 2) top = Math.max(top, rect.bottom - frame.top + kGapPx);
      else bottom = Math.min(bottom, rect.top - frame.top - kGapPx);
    }
    return { top, bottom };
  }

  return {
    update(readings, camera) {
      const width = view.clientWidth;
      const height = view.clientHeight;
      const band = freeBand(height);
      // Larger text makes larger labels, up to two columns leaving the body
      // a quarter of the view.
      const scale = Math.min((parseFloat(getComputedStyle(view).fontSize) || 16) / 16, (width * 0.375) / kLabelWidthPx);
      const labelWidthPx = Math.round(kLabelWidthPx * scale);
      const labelHeightPx = Math.round(kLabelHeightPx * scale);
      layer.style.setProperty('--label-scale', String(scale));
      layer.hidden = false; // a hidden layer measures 0
      // Words first, so that a value wrapping onto a second line is measured;
      // measured again only when words or sizes change (a read forces layout).
      let changed = scale !== measuredScale;
      for (const reading of readings) {
        const entry = boxFor(reading);
        if (entry.value.textContent !== reading.value) {
          entry.value.textContent = reading.value;
          changed = true;
        }
      }
      if (changed) {
        measuredScale = scale;
        for (const reading of readings) heights.set(reading.id, boxFor(reading).box.offsetHeight);
      }
      const points = readings.map((reading) => {
        projected.copy(reading.anchor).project(camera);
        const inFront = projected.z < 1;
        return {
          id: reading.id,
          x: inFront ? ((projected.x + 1) / 2) * width : Number.NaN,
          y: inFront ? ((1 - projected.y) / 2) * height : Number.NaN,
          heightPx: Math.max(labelHeightPx, heights.get(reading.id) ?? 0),
        };
      });
      const placed = layoutColumns(points, {
        width,
        height,
        labelWidthPx,
        labelHeightPx,
        gapPx: kGapPx,
        topPx: band.top,
        bottomPx: band.bottom,
      });
      const at = new Map(placed.map((label) => [label.id, label]));
      lines.setAttribute('viewBox', `0 0 ${width} ${height}`);
      readings.forEach((reading, index) => {
        const entry = boxFor(reading);
        const label = at.get(reading.id);
        // A label coming back into view is measured again on the next frame.
        if (entry.box.hidden && label) measuredScale = 0;
        entry.box.hidden = !label;
        entry.line.style.display = label ? '' : 'none';
        if (!label) return;
        entry.box.style.left = `${label.left}px`;
        entry.box.style.top = `${label.top}px`;
        entry.bar.style.width = `calc((100% - 10px) * ${Math.max(0, Math.min(1, reading.level)).toFixed(2)})`;
        const point = points[index];
        entry.line.setAttribute('x1', String(label.edgeX));
        entry.line.setAttribute('y1', String(label.edgeY));
        entry.line.setAttribute('x2', String(point.x));
        entry.line.setAttribute('y2', String(point.y));
      });
    },
    hide() {
      layer.hidden = true;
      measuredScale = 0;
    },
    dispose() {
      layer.remove();
      boxes.clear();
    },
  };
}
