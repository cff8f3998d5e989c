// Shared review, pure: how one browser's viewer follows the presenter of a
// case review (docs/api.md "Case reviews"). The presenter's view (slice,
// window, zoom, pan) is posted to the server; everyone else polls it and
// either follows it or looks around freely until they snap back.

import type { ViewerState } from './viewer-state';

export interface SharedView {
  slice: number;
  center: number;
  width: number;
  zoom: number;
  pan_x: number;
  pan_y: number;
}

export interface LivePointer {
  user_id: number;
  name: string;
  slice: number;
  x: number;
  y: number;
}

export interface Annotation {
  id: string;
  kind: 'arrow' | 'circle' | 'text' | 'distance';
  slice: number;
  /** Image pixels: x0, y0 (, x1, y1). */
  points: number[];
  text: string;
  author: string;
}

export interface LiveState {
  version: number;
  presenter: { user_id: number; name: string };
  view: SharedView;
  pointers: LivePointer[];
  annotations: Annotation[];
  you: number;
}

/** presenting: my view is everyone's; following: I see the presenter's; free: I look around. */
export type FollowMode = 'presenting' | 'following' | 'free';

export function sharedView(state: ViewerState): SharedView {
  return { slice: state.slice, center: state.window.center, width: state.window.width, zoom: state.zoom, pan_x: state.panX, pan_y: state.panY };
}

export function withShared(state: ViewerState, view: SharedView): ViewerState {
  const slice = Math.min(Math.max(0, state.slices - 1), Math.max(0, Math.trunc(view.slice)));
  return { ...state, slice, window: { center: view.center, width: view.width }, zoom: view.zoom, panX: view.pan_x, panY: view.pan_y };
}

export function sameView(a: SharedView, b: SharedView): boolean {
  return a.slice === b.slice && a.center === b.center && a.width === b.width && a.zoom === b.zoom && a.pan_x === b.pan_x && a.pan_y === b.pan_y;
}

/** The mode after a poll: whoever the server names presents; the others keep following or looking around. */
export function modeAfterPoll(mode: FollowMode, live: LiveState): FollowMode {
  if (live.presenter.user_id === live.you) return 'presenting';
  return mode === 'presenting' ? 'following' : mode;
}

/** A change of my own view: a follower starts looking around freely. */
export function modeAfterLocalChange(mode: FollowMode): FollowMode {
  return mode === 'following' ? 'free' : mode;
}

/** The other people's pointers on `slice`. */
export function pointersOn(live: LiveState, slice: number): LivePointer[] {
  return live.pointers.filter((pointer) => pointer.slice === slice && pointer.user_id !== live.you);
}

/** The mode in words, for the status line. */
export function modeWords(mode: FollowMode, presenter: string): string {
  if (mode === 'presenting') return 'You are presenting: everyone who follows sees your slice, window and zoom.';
  if (mode === 'following') return `Following ${presenter}: you see what they show.`;
  return `Looking around on your own. Snap back to follow ${presenter} again.`;
}

/** Who is pointing where, in words ("" when nobody else points). */
export function pointerWords(live: LiveState, slice: number): string {
  const others = live.pointers.filter((pointer) => pointer.user_id !== live.you);
  if (others.length === 0) return '';
  return `Pointing: ${others.map((pointer) => `${pointer.name} ${pointer.slice === slice ? 'on this slice' : `on slice ${pointer.slice + 1}`}`).join('; ')}.`;
}
