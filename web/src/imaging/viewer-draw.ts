// Drawing the 2D viewer on a canvas: the frame under zoom and pan, the
// annotations of the slice, other people's named pointers and the keyboard
// cursor. Coordinates: image pixels (column, row) map to the canvas through
// `fit` (the scale that fits the whole image at zoom 1), the zoom and the
// pan (in image pixels at zoom 1, so every screen size shows the same part).

import type { Annotation, LivePointer } from './review-sync';
import { distanceMm, distanceWords, type ViewerState } from './viewer-state';

export interface Geometry {
  width: number;
  height: number;
  columns: number;
  rows: number;
}

export function fitScale(geometry: Geometry): number {
  if (geometry.columns <= 0 || geometry.rows <= 0) return 1;
  return Math.min(geometry.width / geometry.columns, geometry.height / geometry.rows);
}

/** The canvas point of image pixel (column, row). */
export function toCanvas(state: ViewerState, geometry: Geometry, column: number, row: number): { x: number; y: number } {
  const fit = fitScale(geometry);
  return {
    x: geometry.width / 2 + (state.panX + (column - geometry.columns / 2) * state.zoom) * fit,
    y: geometry.height / 2 + (state.panY + (row - geometry.rows / 2) * state.zoom) * fit,
  };
}

/** The image pixel under canvas point (x, y). */
export function toImage(state: ViewerState, geometry: Geometry, x: number, y: number): { column: number; row: number } {
  const fit = fitScale(geometry);
  return {
    column: ((x - geometry.width / 2) / fit - state.panX) / state.zoom + geometry.columns / 2,
    row: ((y - geometry.height / 2) / fit - state.panY) / state.zoom + geometry.rows / 2,
  };
}

export interface Scene {
  state: ViewerState;
  geometry: Geometry;
  image: ImageBitmap | null;
  annotations: Annotation[];
  pointers: LivePointer[];
  cursor: { column: number; row: number } | null;
  /** An annotation being drawn (a drag in progress). */
  draft: Annotation | null;
  rowSpacingMm: number;
  columnSpacingMm: number;
}

const kAnnotationColour = '#ffd23f';
const kPointerColours = ['#4cc9f0', '#f72585', '#90be6d', '#f8961e', '#b5179e', '#43aa8b'];

export function distanceLabel(annotation: Annotation, rowSpacingMm: number, columnSpacingMm: number): string {
  const [x0, y0, x1, y1] = annotation.points;
  return distanceWords(distanceMm({ column: x0, row: y0 }, { column: x1, row: y1 }, rowSpacingMm, columnSpacingMm));
}

function drawArrow(context: CanvasRenderingContext2D, from: { x: number; y: number }, to: { x: number; y: number }): void {
  const angle = Math.atan2(to.y - from.y, to.x - from.x);
  context.beginPath();
  context.moveTo(from.x, from.y);
  context.lineTo(to.x, to.y);
  for (const side of [-1, 1]) {
    context.moveTo(to.x, to.y);
    context.lineTo(to.x - 12 * Math.cos(angle + side * 0.45), to.y - 12 * Math.sin(angle + side * 0.45));
  }
  context.stroke();
}

function label(context: CanvasRenderingContext2D, text: string, x: number, y: number, colour: string): void {
  context.font = '14px system-ui, sans-serif';
  const width = context.measureText(text).width;
  context.fillStyle = 'rgba(0, 0, 0, 0.75)';
  context.fillRect(x - 2, y - 14, width + 4, 18);
  context.fillStyle = colour;
  context.fillText(text, x, y);
}

function drawAnnotation(context: CanvasRenderingContext2D, scene: Scene, annotation: Annotation): void {
  const point = (index: number) => toCanvas(scene.state, scene.geometry, annotation.points[index * 2], annotation.points[index * 2 + 1]);
  context.strokeStyle = kAnnotationColour;
  context.lineWidth = 2;
  const start = point(0);
  if (annotation.kind === 'text') {
    label(context, annotation.text, start.x, start.y, kAnnotationColour);
    return;
  }
  const end = point(1);
  if (annotation.kind === 'arrow') drawArrow(context, start, end);
  if (annotation.kind === 'circle') {
    context.beginPath();
    context.arc(start.x, start.y, Math.hypot(end.x - start.x, end.y - start.y), 0, Math.PI * 2);
    context.stroke();
  }
  if (annotation.kind === 'distance') {
    context.beginPath();
    context.moveTo(start.x, start.y);
    context.lineTo(end.x, end.y);
    context.stroke();
    label(context, distanceLabel(annotation, scene.rowSpacingMm, scene.columnSpacingMm), end.x + 6, end.y - 6, kAnnotationColour);
  }
}

export function drawScene(context: CanvasRenderingContext2D, scene: Scene): void {
  const { width, height } = scene.geometry;
  context.fillStyle = '#000';
  context.fillRect(0, 0, width, height);
  if (scene.image) {
    const topLeft = toCanvas(scene.state, scene.geometry, 0, 0);
    const bottomRight = toCanvas(scene.state, scene.geometry, scene.geometry.columns, scene.geometry.rows);
    context.imageSmoothingEnabled = scene.state.zoom < 2;
    context.drawImage(scene.image, topLeft.x, topLeft.y, bottomRight.x - topLeft.x, bottomRight.y - topLeft.y);
  }
  for (const annotation of scene.annotations) if (annotation.slice === scene.state.slice) drawAnnotation(context, scene, annotation);
  if (scene.draft) drawAnnotation(context, scene, scene.draft);
  for (const pointer of scene.pointers) {
    const at = toCanvas(scene.state, scene.geometry, pointer.x, pointer.y);
    const colour = kPointerColours[pointer.user_id % kPointerColours.length];
    context.fillStyle = colour;
    context.beginPath();
    context.arc(at.x, at.y, 6, 0, Math.PI * 2);
    context.fill();
    label(context, pointer.name, at.x + 9, at.y - 8, colour);
  }
  if (scene.cursor) {
    const at = toCanvas(scene.state, scene.geometry, scene.cursor.column, scene.cursor.row);
    context.strokeStyle = '#ffffff';
    context.lineWidth = 1;
    context.beginPath();
    context.moveTo(at.x - 10, at.y);
    context.lineTo(at.x + 10, at.y);
    context.moveTo(at.x, at.y - 10);
    context.lineTo(at.x, at.y + 10);
    context.stroke();
  }
}
