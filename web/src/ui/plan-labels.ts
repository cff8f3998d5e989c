// Where the 2D plan's names go (issue 13): in screen pixels, at a size that
// does not shrink with the space (a 200 m lobby on a phone), and never on top
// of one another or off the view. Pure: plan2d.ts measures the view and draws
// what this returns; vitest runs it over the real spaces at phone and desktop
// sizes.

import { boxCentre, type Space, type Vec2 } from '../spaces/space';

/** Labels are never smaller than this on screen, whatever the space's size. */
export const kMinimumLabelPx = 14;
/** A generous average glyph width for system sans-serif, in ems: estimates err wide, never narrow. */
const kGlyphEm = 0.62;

export interface Viewport {
  widthPx: number;
  heightPx: number;
}

/** How the plan's metres land on the screen (an SVG viewBox fitted with "meet"). */
export interface PlanTransform {
  pxPerM: number;
  /** Screen position of the space's west (min x) and north (max z) edges. */
  leftPx: number;
  topPx: number;
  minX: number;
  maxZ: number;
}

export function fitPlan(space: Space, viewport: Viewport): PlanTransform {
  const b = space.bounds;
  const width = b.max.x - b.min.x;
  const depth = b.max.z - b.min.z;
  const pxPerM = Math.min(viewport.widthPx / width, viewport.heightPx / depth);
  return {
    pxPerM,
    leftPx: (viewport.widthPx - width * pxPerM) / 2,
    topPx: (viewport.heightPx - depth * pxPerM) / 2,
    minX: b.min.x,
    maxZ: b.max.z,
  };
}

export function toScreen(transform: PlanTransform, point: Vec2): { x: number; y: number } {
  return {
    x: transform.leftPx + (point.x - transform.minX) * transform.pxPerM,
    y: transform.topPx + (transform.maxZ - point.z) * transform.pxPerM,
  };
}

export interface PlacedLabel {
  text: string;
  /** A sign icon (spaces/icons.ts) drawn left of the text, "" for none. */
  icon: string;
  /** The label's box on screen, pixels; text is centred in it. */
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface LabelLayout {
  placed: PlacedLabel[];
  /** Names that found no free place (they stay in the Map panel's list). */
  dropped: string[];
  fontPx: number;
}

export function estimateWidthPx(text: string, fontPx: number): number {
  return Math.ceil(text.length * fontPx * kGlyphEm) + 8;
}

/** What an icon takes left of a label's text: the icon, as tall as the text, and a gap. */
export function iconSpacePx(fontPx: number): number {
  return Math.ceil(fontPx * 1.3);
}

/** Labels keep this much air between them, so two names never read as one. */
const kGapPx = 4;

function overlaps(a: PlacedLabel, b: PlacedLabel): boolean {
  return a.x < b.x + b.width + kGapPx && b.x < a.x + a.width + kGapPx && a.y < b.y + b.height + kGapPx && b.y < a.y + a.height + kGapPx;
}

/** The names on a space's plan, most important first: portals (where to go), then rooms, smallest first. */
function candidates(space: Space): Array<{ text: string; icon: string; anchor: Vec2 }> {
  const b = space.bounds;
  const portals = space.portals.filter((portal) => portal.name).map((portal) => ({ text: portal.name, icon: portal.icon, anchor: boxCentre(portal.box) }));
  const zones = space.zones
    .filter((zone) => zone.name && zone.box.max.x - zone.box.min.x <= (b.max.x - b.min.x) * 0.9)
    .sort((p, q) => (p.box.max.x - p.box.min.x) * (p.box.max.z - p.box.min.z) - (q.box.max.x - q.box.min.x) * (q.box.max.z - q.box.min.z))
    .map((zone) => ({ text: zone.name, icon: zone.icon, anchor: boxCentre(zone.box) }));
  return [...portals, ...zones];
}

/**
 * Places the space's labels for a view of `viewport` at `fontPx` (at least
 * kMinimumLabelPx): each goes at its place on the plan, or as near as it can
 * (above, below, beside, then farther) without overlapping a label already
 * placed or leaving the view; one that finds no place is dropped.
 */
export function layoutLabels(space: Space, viewport: Viewport, fontPx: number): LabelLayout {
  const size = Math.max(kMinimumLabelPx, fontPx);
  const transform = fitPlan(space, viewport);
  const height = Math.ceil(size * 1.3);
  const placed: PlacedLabel[] = [];
  const dropped: string[] = [];
  for (const { text, icon, anchor } of candidates(space)) {
    const width = estimateWidthPx(text, size) + (icon ? iconSpacePx(size) : 0);
    const at = toScreen(transform, anchor);
    const offsets: Array<[number, number]> = [[0, 0]];
    for (let step = 1; step <= 4; ++step) {
      offsets.push([0, -step * height], [0, step * height], [step * width * 0.6, 0], [-step * width * 0.6, 0]);
      offsets.push([step * width * 0.6, -step * height], [-step * width * 0.6, step * height]);
    }
    let chosen: PlacedLabel | undefined;
    for (const [dx, dy] of offsets) {
      const box = { text, icon, width, height, x: at.x + dx - width / 2, y: at.y + dy - height / 2 };
      // Kept on screen: a label cut by the view's edge is as bad as a covered one.
      box.x = Math.min(Math.max(box.x, 2), viewport.widthPx - width - 2);
      box.y = Math.min(Math.max(box.y, 2), viewport.heightPx - height - 2);
      if (box.x < 0 || box.y < 0) continue; // wider than the view
      if (placed.some((other) => overlaps(box, other))) continue;
      chosen = box;
      break;
    }
    if (chosen) placed.push(chosen);
    else dropped.push(text);
  }
  return { placed, dropped, fontPx: size };
}
