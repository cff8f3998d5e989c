// Screen-space label layout for narrow views: labels stand in two columns at
// the view's edges (left for points left of centre, right for the others),
// each as near its point's height as it can be without touching the one above,
// and the whole column is lifted back inside the view when it runs off the
// bottom. Pure: pixels in, pixels out; the DOM overlay draws the result.

export interface LabelPoint {
  id: string;
  /** The point's position on screen (px from the view's top-left). */
  x: number;
  y: number;
  /** The label's own height (px) where it differs from the options'. */
  heightPx?: number;
}

export interface ColumnOptions {
  width: number;
  height: number;
  labelWidthPx: number;
  labelHeightPx: number;
  gapPx: number;
  /** Nothing is placed above this (px): room for notices at the top. */
  topPx: number;
  /** Nothing is placed below this (px from the top): room for the help. */
  bottomPx: number;
}

export interface PlacedLabel {
  id: string;
  side: 'left' | 'right';
  /** The label's top-left corner (px). */
  left: number;
  top: number;
  /** Where its leader line leaves the label (the edge facing the point). */
  edgeX: number;
  edgeY: number;
}

/** Lays out the points' labels; points off screen (NaN) are left out. */
export function layoutColumns(points: LabelPoint[], options: ColumnOptions): PlacedLabel[] {
  const visible = points.filter((point) => Number.isFinite(point.x) && Number.isFinite(point.y));
  const placed: PlacedLabel[] = [];
  for (const side of ['left', 'right'] as const) {
    const column = visible
      .filter((point) => (point.x < options.width / 2) === (side === 'left'))
      .sort((a, b) => a.y - b.y);
    const heights = column.map((point) => point.heightPx ?? options.labelHeightPx);
    const tops: number[] = [];
    column.forEach((point, i) => {
      const wanted = Math.max(options.topPx, point.y - heights[i] / 2);
      tops.push(i ? Math.max(wanted, tops[i - 1] + heights[i - 1] + options.gapPx) : wanted);
    });
    // Lift the column when its last label runs past the bottom, but never
    // above the top: a view too short for all labels keeps them in order.
    const last = tops.length - 1;
    if (last >= 0 && tops[last] + heights[last] > options.bottomPx) {
      const floors = tops.map((_, i) => options.topPx + heights.slice(0, i).reduce((sum, height) => sum + height + options.gapPx, 0));
      for (let i = last; i >= 0; --i) {
        const limit = i === last ? options.bottomPx - heights[i] : tops[i + 1] - heights[i] - options.gapPx;
        tops[i] = Math.max(floors[i], Math.min(tops[i], limit));
      }
    }
    const left = side === 'left' ? 0 : options.width - options.labelWidthPx;
    column.forEach((point, i) => {
      placed.push({
        id: point.id,
        side,
        left,
        top: tops[i],
        edgeX: side === 'left' ? options.labelWidthPx : options.width - options.labelWidthPx,
        edgeY: tops[i] + heights[i] / 2,
      });
    });
  }
  return placed;
}
