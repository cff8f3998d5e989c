// The 2D image viewer: a canvas with the stack's frames (rendered by the
// server, cached, neighbours prefetched) and its controls, every one
// labelled and usable by keyboard: slice slider and buttons, window
// presets and free window/level, zoom and pan, tools (window/level drag,
// pan, distance in mm, arrow, circle, text, pointer). It owns no network
// state beyond frames: a shared review hands in annotations and pointers
// and hears about changes through the callbacks.

import { h } from '../ui/dom';
import { FrameCache, frameUrl, prefetchOrder, type Stack } from './dicomweb';
import type { Annotation, LivePointer } from './review-sync';
import { drawScene, distanceLabel, fitScale, toImage, type Geometry } from './viewer-draw';
import {
  adjustWindow, initialState, kWindowPresets, pan, scrollSlices, windowParameter, withPreset, zoomAt, type ViewerState, type WindowPreset,
} from './viewer-state';

export type Tool = 'window' | 'pan' | 'measure' | 'arrow' | 'circle' | 'text' | 'point';
export type NewAnnotation = Omit<Annotation, 'id' | 'author'>;

export interface ViewerOptions {
  stack: Stack;
  cache: FrameCache;
  /** A polite announcement. */
  say(text: string): void;
  /** The person changed the view (not called for setState). */
  onViewChange?(state: ViewerState): void;
  /** The person points at an image pixel (pointer tool). */
  onPointer?(slice: number, column: number, row: number): void;
  /** A finished annotation; answers words of a problem, or '' when kept. */
  onAnnotate(annotation: NewAnnotation): Promise<string>;
  annotations(): Annotation[];
  pointers(): LivePointer[];
  /** A new frame is shown (the conference room's wall screen shows it too). */
  onFrame?(image: ImageBitmap, state: ViewerState): void;
}

export interface Viewer {
  element: HTMLElement;
  state(): ViewerState;
  /** Shows `state` (the presenter's view) without calling onViewChange. */
  setState(state: ViewerState): void;
  /** Draws again (new annotations or pointers). */
  redraw(): void;
  dispose(): void;
}

const kTools: Array<{ id: Tool; label: string }> = [
  { id: 'window', label: 'Window/level (drag)' },
  { id: 'pan', label: 'Pan (drag)' },
  { id: 'measure', label: 'Distance in mm' },
  { id: 'arrow', label: 'Arrow' },
  { id: 'circle', label: 'Circle' },
  { id: 'text', label: 'Text note' },
  { id: 'point', label: 'Pointer' },
];

let viewerCount = 0;

export function createViewer(options: ViewerOptions): Viewer {
  const { stack } = options;
  const id = `viewer-${++viewerCount}`;
  let state = initialState(stack.instances.length);
  let tool: Tool = 'window';
  let image: ImageBitmap | null = null;
  let shownUrl = '';
  let cursor: { column: number; row: number } | null = null;
  let measureStart: { column: number; row: number } | null = null;
  let draft: Annotation | null = null;
  let disposed = false;

  const canvas = h('canvas', {
    class: 'viewer-canvas', id: `${id}-canvas`, tabindex: 0, role: 'application', 'aria-roledescription': 'image viewer', 'aria-describedby': `${id}-keys ${id}-words`,
  });
  const frameWords = h('p', { class: 'viewer-words', id: `${id}-words` });
  const problem = h('p', { class: 'error', id: `${id}-problem`, role: 'alert' });
  const slider = h('input', { type: 'range', id: `${id}-slice`, min: 1, max: Math.max(1, stack.instances.length), step: 1, value: state.slice + 1 });
  const previous = h('button', { type: 'button', class: 'secondary', id: `${id}-previous` }, 'Previous slice');
  const next = h('button', { type: 'button', class: 'secondary', id: `${id}-next` }, 'Next slice');
  const presetButtons = kWindowPresets.map((preset) =>
    h('button', { type: 'button', class: 'secondary', 'data-preset': preset.id, 'aria-pressed': 'false' }, `${preset.label} (C ${preset.center}, W ${preset.width})`),
  );
  const centerInput = h('input', { type: 'number', id: `${id}-center`, step: 10, min: -2000, max: 4000 });
  const widthInput = h('input', { type: 'number', id: `${id}-width`, step: 10, min: 1, max: 8000 });
  const zoomIn = h('button', { type: 'button', class: 'secondary', id: `${id}-zoom-in` }, 'Zoom in');
  const zoomOut = h('button', { type: 'button', class: 'secondary', id: `${id}-zoom-out` }, 'Zoom out');
  const reset = h('button', { type: 'button', class: 'secondary', id: `${id}-reset` }, 'Fit to view');
  const toolInputs = kTools.map((entry) =>
    h('input', { type: 'radio', name: `${id}-tool`, id: `${id}-tool-${entry.id}`, value: entry.id, checked: entry.id === tool }),
  );
  const noteText = h('input', { type: 'text', id: `${id}-note`, maxlength: 200, placeholder: 'e.g. look here' });
  const keys = h(
    'p',
    { class: 'viewer-keys', id: `${id}-keys` },
    'Keys on the image: Up and Down arrows or the wheel change slice; + and - zoom; 0 fits the view; 1, 2, 3 pick soft tissue, lung, bone; ' +
      'Shift with the arrows moves the cross, Alt with the arrows pans, Enter uses the tool at the cross.',
  );
  const element = h(
    'div',
    { class: 'viewer', id },
    h('div', { class: 'viewer-stage' }, canvas),
    frameWords,
    problem,
    h('div', { class: 'clinic-row' }, h('label', { for: slider.id }, 'Slice'), slider, previous, next),
    h('div', { class: 'clinic-row', role: 'group', 'aria-label': 'Window presets' }, ...presetButtons),
    h(
      'div',
      { class: 'clinic-row' },
      h('label', { for: centerInput.id }, 'Window centre (HU)'),
      centerInput,
      h('label', { for: widthInput.id }, 'Window width (HU)'),
      widthInput,
    ),
    h('div', { class: 'clinic-row' }, zoomIn, zoomOut, reset),
    h(
      'fieldset',
      { class: 'viewer-tools' },
      h('legend', {}, 'Tool for the mouse, touch or Enter'),
      ...kTools.map((entry, index) => h('label', { class: 'viewer-tool' }, toolInputs[index], ` ${entry.label}`)),
    ),
    h('div', { class: 'clinic-row' }, h('label', { for: noteText.id }, 'Words of a text note'), noteText),
    keys,
  );

  function geometry(): Geometry {
    return { width: canvas.width, height: canvas.height, columns: stack.columns, rows: stack.rows };
  }

  function presetOf(current: ViewerState): WindowPreset | undefined {
    return kWindowPresets.find((preset) => preset.center === current.window.center && preset.width === current.window.width);
  }

  function words(): string {
    const preset = presetOf(state);
    const windowWords = `${preset ? preset.label : 'Custom window'} (centre ${state.window.center}, width ${state.window.width})`;
    return `Slice ${state.slice + 1} of ${stack.instances.length}. ${windowWords}. Zoom ${Math.round(state.zoom * 100)}%.`;
  }

  function draw(): void {
    const context = canvas.getContext('2d');
    if (!context) return;
    const dpr = canvas.width / Math.max(1, canvas.clientWidth);
    const scale = Number.isFinite(dpr) && dpr > 0 ? dpr : 1;
    drawScene(context, {
      state,
      geometry: geometry(),
      image,
      annotations: options.annotations(),
      pointers: options.pointers().filter((pointer) => pointer.slice === state.slice),
      cursor: document.activeElement === canvas ? cursor : null,
      draft,
      rowSpacingMm: stack.rowSpacingMm,
      columnSpacingMm: stack.columnSpacingMm,
    });
    void scale;
  }

  function showControls(): void {
    slider.value = String(state.slice + 1);
    slider.setAttribute('aria-valuetext', `Slice ${state.slice + 1} of ${stack.instances.length}`);
    centerInput.value = String(state.window.center);
    widthInput.value = String(state.window.width);
    const preset = presetOf(state);
    for (const button of presetButtons) button.setAttribute('aria-pressed', String(button.dataset.preset === preset?.id));
    frameWords.textContent = words();
    canvas.setAttribute('aria-label', `CT image. ${words()}`);
    canvas.dataset.slice = String(state.slice);
  }

  function load(): void {
    const parameter = windowParameter(state.window);
    const url = frameUrl(stack, state.slice, parameter);
    if (url === shownUrl && image) return draw();
    const wanted = url;
    void options.cache.get(url).then((result) => {
      if (disposed || frameUrl(stack, state.slice, windowParameter(state.window)) !== wanted) return;
      if (!result.ok) {
        problem.textContent =
          result.status === 403 ? 'You may not see this patient\u2019s images.' : result.status === 0 ? 'The server cannot be reached; the image is not shown.' : `This image could not be loaded (the server answered ${result.status}).`;
        return;
      }
      problem.textContent = '';
      image = result.image;
      shownUrl = wanted;
      canvas.dataset.loaded = String(state.slice);
      draw();
      options.onFrame?.(result.image, state);
    });
    for (const slice of prefetchOrder(state.slice, stack.instances.length)) void options.cache.get(frameUrl(stack, slice, parameter));
  }

  function show(nextState: ViewerState, cause: 'local' | 'shared'): void {
    state = nextState;
    showControls();
    draw();
    load();
    if (cause === 'local') options.onViewChange?.(state);
  }

  function resize(): void {
    const dpr = Math.min(2, window.devicePixelRatio || 1);
    const width = Math.max(1, Math.round(canvas.clientWidth * dpr));
    const height = Math.max(1, Math.round(canvas.clientHeight * dpr));
    if (canvas.width !== width || canvas.height !== height) {
      canvas.width = width;
      canvas.height = height;
      draw();
    }
  }
  const resizer = new ResizeObserver(resize);
  resizer.observe(canvas);

  async function annotate(annotation: NewAnnotation): Promise<void> {
    const trouble = await options.onAnnotate(annotation);
    problem.textContent = trouble;
    const kind = annotation.kind === 'distance' ? `Distance ${distanceLabel({ ...annotation, id: '', author: '' }, stack.rowSpacingMm, stack.columnSpacingMm)}` : `${annotation.kind} note`;
    if (!trouble) options.say(`${kind} added on slice ${annotation.slice + 1}.`);
    draw();
  }

  /** The current tool applied at image point `at` (a click, or Enter at the cross). */
  function useTool(at: { column: number; row: number }): void {
    if (tool === 'point') {
      options.onPointer?.(state.slice, at.column, at.row);
      return;
    }
    if (tool === 'text') {
      const words = noteText.value.trim();
      if (!words) {
        problem.textContent = 'Write the words of the note first (the field "Words of a text note").';
        noteText.focus();
        return;
      }
      void annotate({ kind: 'text', slice: state.slice, points: [at.column, at.row], text: words });
      return;
    }
    if (tool === 'arrow') void annotate({ kind: 'arrow', slice: state.slice, points: [Math.max(0, at.column - 20), Math.max(0, at.row - 20), at.column, at.row], text: '' });
    if (tool === 'circle') void annotate({ kind: 'circle', slice: state.slice, points: [at.column, at.row, Math.min(stack.columns, at.column + 15), at.row], text: '' });
    if (tool === 'measure') {
      if (!measureStart) {
        measureStart = at;
        options.say('Distance: start placed. Move the cross and press Enter for the end.');
      } else {
        void annotate({ kind: 'distance', slice: state.slice, points: [measureStart.column, measureStart.row, at.column, at.row], text: '' });
        measureStart = null;
      }
    }
  }

  // ---- pointer (mouse, touch, pen) ----
  let drag: { x: number; y: number; start: { column: number; row: number }; moved: boolean } | null = null;
  function canvasPoint(event: PointerEvent): { x: number; y: number } {
    const box = canvas.getBoundingClientRect();
    return { x: ((event.clientX - box.left) * canvas.width) / Math.max(1, box.width), y: ((event.clientY - box.top) * canvas.height) / Math.max(1, box.height) };
  }
  function clampToImage(point: { column: number; row: number }): { column: number; row: number } {
    return { column: Math.min(stack.columns, Math.max(0, point.column)), row: Math.min(stack.rows, Math.max(0, point.row)) };
  }
  canvas.addEventListener('pointerdown', (event) => {
    canvas.focus();
    canvas.setPointerCapture(event.pointerId);
    const point = canvasPoint(event);
    drag = { ...point, start: clampToImage(toImage(state, geometry(), point.x, point.y)), moved: false };
  });
  canvas.addEventListener('pointermove', (event) => {
    const point = canvasPoint(event);
    const at = clampToImage(toImage(state, geometry(), point.x, point.y));
    if (tool === 'point' && (drag || event.pointerType === 'mouse')) options.onPointer?.(state.slice, at.column, at.row);
    if (!drag) return;
    const dx = point.x - drag.x;
    const dy = point.y - drag.y;
    if (Math.abs(dx) + Math.abs(dy) > 2) drag.moved = true;
    if (tool === 'window') {
      drag.x = point.x;
      drag.y = point.y;
      return show(adjustWindow(state, dx, dy), 'local');
    }
    if (tool === 'pan') {
      drag.x = point.x;
      drag.y = point.y;
      const fit = fitScale(geometry());
      return show(pan(state, dx / fit, dy / fit), 'local');
    }
    if (tool === 'measure' || tool === 'arrow' || tool === 'circle') {
      const kind = tool === 'measure' ? 'distance' : tool;
      draft = { id: 'draft', kind, slice: state.slice, points: [drag.start.column, drag.start.row, at.column, at.row], text: '', author: '' };
      draw();
    }
  });
  canvas.addEventListener('pointerup', (event) => {
    const point = canvasPoint(event);
    const at = clampToImage(toImage(state, geometry(), point.x, point.y));
    const finished = drag;
    drag = null;
    draft = null;
    if (!finished) return;
    if ((tool === 'measure' || tool === 'arrow' || tool === 'circle') && finished.moved) {
      void annotate({ kind: tool === 'measure' ? 'distance' : tool, slice: state.slice, points: [finished.start.column, finished.start.row, at.column, at.row], text: '' });
    } else if (!finished.moved && (tool === 'text' || tool === 'point' || tool === 'arrow' || tool === 'circle')) {
      cursor = at;
      useTool(at);
    }
    draw();
  });
  canvas.addEventListener('pointercancel', () => {
    drag = null;
    draft = null;
    draw();
  });
  canvas.addEventListener(
    'wheel',
    (event) => {
      event.preventDefault();
      if (event.ctrlKey) {
        const point = canvasPoint(event as unknown as PointerEvent);
        const fit = fitScale(geometry());
        show(zoomAt(state, event.deltaY < 0 ? 1.25 : 0.8, (point.x - canvas.width / 2) / fit, (point.y - canvas.height / 2) / fit), 'local');
      } else {
        show(scrollSlices(state, Math.sign(event.deltaY)), 'local');
      }
    },
    { passive: false },
  );

  // ---- keyboard ----
  canvas.addEventListener('focus', () => {
    cursor ??= { column: stack.columns / 2, row: stack.rows / 2 };
    draw();
  });
  canvas.addEventListener('blur', () => draw());
  canvas.addEventListener('keydown', (event) => {
    const arrows: Record<string, [number, number]> = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
    const arrow = arrows[event.key];
    let handled = true;
    if (arrow && event.shiftKey) {
      const here = cursor ?? { column: stack.columns / 2, row: stack.rows / 2 };
      cursor = clampToImage({ column: here.column + arrow[0] * 4, row: here.row + arrow[1] * 4 });
      draw();
    } else if (arrow && event.altKey) {
      show(pan(state, arrow[0] * 10, arrow[1] * 10), 'local');
    } else if (event.key === 'ArrowUp' || event.key === 'PageUp') show(scrollSlices(state, -1), 'local');
    else if (event.key === 'ArrowDown' || event.key === 'PageDown') show(scrollSlices(state, 1), 'local');
    else if (event.key === 'Home') show(scrollSlices(state, -state.slices), 'local');
    else if (event.key === 'End') show(scrollSlices(state, state.slices), 'local');
    else if (event.key === '+' || event.key === '=') show(zoomAt(state, 1.25), 'local');
    else if (event.key === '-') show(zoomAt(state, 0.8), 'local');
    else if (event.key === '0') show({ ...state, zoom: 1, panX: 0, panY: 0 }, 'local');
    else if (['1', '2', '3'].includes(event.key)) show(withPreset(state, kWindowPresets[Number(event.key) - 1].id), 'local');
    else if (event.key === 'Enter') useTool(cursor ?? { column: stack.columns / 2, row: stack.rows / 2 });
    else handled = false;
    if (handled) event.preventDefault();
  });

  // ---- controls ----
  slider.addEventListener('input', () => show({ ...state, slice: Number(slider.value) - 1 }, 'local'));
  previous.addEventListener('click', () => show(scrollSlices(state, -1), 'local'));
  next.addEventListener('click', () => show(scrollSlices(state, 1), 'local'));
  for (const button of presetButtons) {
    button.addEventListener('click', () => {
      show(withPreset(state, button.dataset.preset as WindowPreset['id']), 'local');
      options.say(`${button.textContent} window.`);
    });
  }
  const windowChanged = () => {
    const center = Number(centerInput.value);
    const width = Number(widthInput.value);
    if (!Number.isFinite(center) || !Number.isFinite(width) || width < 1) {
      problem.textContent = 'The window needs a centre and a width of at least 1.';
      return;
    }
    show({ ...state, window: { center: Math.round(center), width: Math.round(width) } }, 'local');
  };
  centerInput.addEventListener('change', windowChanged);
  widthInput.addEventListener('change', windowChanged);
  zoomIn.addEventListener('click', () => show(zoomAt(state, 1.25), 'local'));
  zoomOut.addEventListener('click', () => show(zoomAt(state, 0.8), 'local'));
  reset.addEventListener('click', () => show({ ...state, zoom: 1, panX: 0, panY: 0 }, 'local'));
  for (const input of toolInputs) {
    input.addEventListener('change', () => {
      if (!input.checked) return;
      tool = input.value as Tool;
      measureStart = null;
      canvas.dataset.tool = tool;
    });
  }

  showControls();
  load();
  return {
    element,
    state: () => state,
    setState: (shared) => show(shared, 'shared'),
    redraw: draw,
    dispose: () => {
      disposed = true;
      resizer.disconnect();
    },
  };
}
