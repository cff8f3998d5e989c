import { describe, expect, it } from 'vitest';
import { layoutColumns, type ColumnOptions, type PlacedLabel } from './label-columns';

const phone: ColumnOptions = { width: 390, height: 460, labelWidthPx: 120, labelHeightPx: 40, gapPx: 4, topPx: 60, bottomPx: 400 };

const overlaps = (a: PlacedLabel, b: PlacedLabel, options: ColumnOptions) =>
  a.left < b.left + options.labelWidthPx && b.left < a.left + options.labelWidthPx && a.top < b.top + options.labelHeightPx && b.top < a.top + options.labelHeightPx;

describe('layoutColumns', () => {
  it('puts points left of centre in the left column and the others on the right, at their height', () => {
    const placed = layoutColumns([{ id: 'brain', x: 180, y: 100 }, { id: 'eyes', x: 220, y: 200 }], phone);
    const brain = placed.find((label) => label.id === 'brain')!;
    const eyes = placed.find((label) => label.id === 'eyes')!;
    expect(brain).toMatchObject({ side: 'left', left: 0, top: 80, edgeX: 120 });
    expect(eyes).toMatchObject({ side: 'right', left: 270, top: 180, edgeX: 270 });
  });

  it('never lets two labels overlap, and keeps them between the top and the bottom', () => {
    const points = Array.from({ length: 14 }, (_, i) => ({ id: `p${i}`, x: i % 2 ? 250 : 150, y: 150 + (i % 3) * 5 }));
    const placed = layoutColumns(points, phone);
    expect(placed).toHaveLength(14);
    for (const [i, a] of placed.entries()) {
      expect(a.top).toBeGreaterThanOrEqual(phone.topPx);
      expect(a.top + phone.labelHeightPx).toBeLessThanOrEqual(phone.bottomPx);
      for (const b of placed.slice(i + 1)) expect(overlaps(a, b, phone)).toBe(false);
    }
  });

  it('lifts a column that runs off the bottom, in order', () => {
    const points = Array.from({ length: 5 }, (_, i) => ({ id: `p${i}`, x: 10, y: 380 + i }));
    const tops = layoutColumns(points, phone).map((label) => label.top);
    expect(tops[tops.length - 1]).toBe(phone.bottomPx - phone.labelHeightPx);
    for (let i = 1; i < tops.length; ++i) expect(tops[i] - tops[i - 1]).toBeGreaterThanOrEqual(44);
  });

  it('stacks labels of their own heights without overlap', () => {
    const placed = layoutColumns([{ id: 'a', x: 10, y: 100, heightPx: 60 }, { id: 'b', x: 10, y: 101 }], phone);
    expect(placed.map((label) => label.top)).toEqual([70, 134]);
    expect(placed[0].edgeY).toBe(100);
  });

  it('leaves out points behind the camera', () => {
    expect(layoutColumns([{ id: 'gone', x: Number.NaN, y: 10 }], phone)).toEqual([]);
  });
});
