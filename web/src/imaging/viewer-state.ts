// The 2D image viewer's state, pure (no DOM, no network): which slice of the
// stack is shown, the window (centre/width, with the presets clinicians
// use), zoom and pan, and distances in millimetres from the pixel spacing.
// viewer.ts draws it from frames rendered by the
// server (GET …/frames/1/rendered?window=…, docs/api.md "DICOMweb").

export interface Window {
  center: number;
  width: number;
}

export interface WindowPreset extends Window {
  id: 'soft-tissue' | 'lung' | 'bone';
  label: string;
}

/** The usual CT presets, in Hounsfield units. */
export const kWindowPresets: readonly WindowPreset[] = [
  { id: 'soft-tissue', label: 'Soft tissue', center: 40, width: 400 },
  { id: 'lung', label: 'Lung', center: -600, width: 1500 },
  { id: 'bone', label: 'Bone', center: 400, width: 1800 },
];

export const kMinZoom = 0.25;
export const kMaxZoom = 8;

export interface ViewerState {
  slices: number;
  /** 0-based index into the stack. */
  slice: number;
  window: Window;
  zoom: number;
  /** Pan of the image centre from the view centre, in screen pixels. */
  panX: number;
  panY: number;
}

export function initialState(slices: number, window: Window = kWindowPresets[0]): ViewerState {
  return { slices, slice: Math.floor(slices / 2), window: { center: window.center, width: window.width }, zoom: 1, panX: 0, panY: 0 };
}

/** Moves `by` slices (a wheel notch or an arrow key), staying in the stack. */
export function scrollSlices(state: ViewerState, by: number): ViewerState {
  if (state.slices <= 0) return state;
  const slice = Math.min(state.slices - 1, Math.max(0, state.slice + Math.trunc(by)));
  return { ...state, slice };
}

export function withPreset(state: ViewerState, id: WindowPreset['id']): ViewerState {
  const preset = kWindowPresets.find((candidate) => candidate.id === id);
  return preset ? { ...state, window: { center: preset.center, width: preset.width } } : state;
}

/** Free window/level: a drag of (dx, dy) screen pixels changes width and centre. */
export function adjustWindow(state: ViewerState, dx: number, dy: number, unitsPerPixel = 4): ViewerState {
  const width = Math.max(1, Math.round(state.window.width + dx * unitsPerPixel));
  const center = Math.round(state.window.center + dy * unitsPerPixel);
  return { ...state, window: { center, width } };
}

/** Zooms by `factor` keeping the screen point (x, y) (from the view centre) where it is. */
export function zoomAt(state: ViewerState, factor: number, x = 0, y = 0): ViewerState {
  const zoom = Math.min(kMaxZoom, Math.max(kMinZoom, state.zoom * factor));
  const applied = zoom / state.zoom;
  return { ...state, zoom, panX: x - (x - state.panX) * applied, panY: y - (y - state.panY) * applied };
}

export function pan(state: ViewerState, dx: number, dy: number): ViewerState {
  return { ...state, panX: state.panX + dx, panY: state.panY + dy };
}

/** The `window` query value of a rendered frame (PS3.18: center,width,function). */
export function windowParameter(window: Window): string {
  return `${window.center},${window.width},linear`;
}

/** Image pixel (column, row) under the screen point (x, y) from the view centre. */
export function imagePoint(state: ViewerState, x: number, y: number, columns: number, rows: number): { column: number; row: number } {
  return { column: (x - state.panX) / state.zoom + columns / 2, row: (y - state.panY) / state.zoom + rows / 2 };
}

/**
 * The distance in mm between two image points, from Pixel Spacing (row
 * spacing: between rows, i.e. along y; column spacing: along x). Null when
 * the image has no spacing (the length cannot be known).
 */
export function distanceMm(
  from: { column: number; row: number },
  to: { column: number; row: number },
  rowSpacingMm: number,
  columnSpacingMm: number,
): number | null {
  if (!(rowSpacingMm > 0) || !(columnSpacingMm > 0)) return null;
  return Math.hypot((to.column - from.column) * columnSpacingMm, (to.row - from.row) * rowSpacingMm);
}

/** Words for a measured distance ("12.3 mm"; or why there is none). */
export function distanceWords(mm: number | null): string {
  return mm === null ? 'No distance: this image does not say its pixel size' : `${mm.toFixed(1)} mm`;
}
