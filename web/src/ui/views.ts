// What the app needs from a view of the world: the 3D scene (scene/) or the
// 2D floor plan (plan2d.ts). Both read avatars from the realtime client and
// the own position from its prediction; both report floor picks.

import type { SimState } from '../net/messages';
import type { WallImage } from '../scene/interiors';
import type { RealtimeClient } from '../net/realtime';
import type { Space, Vec2 } from '../spaces/space';
import type { GraphicsChoice } from './graphics';
import type { Locomotion } from './locomotion';
import type { Settings } from './settings';

/** Where a shared breathing pacer stands, for the 3D light and the VR controllers. */
export interface BreathCue {
  /** 0 (empty) .. 1 (full). */
  fullness: number;
  /** Breathing in now (the controllers pulse as an in-breath begins). */
  breathingIn: boolean;
  /** Seconds from the pacer's start at which the current phase began (changes once per phase). */
  phaseStartS: number;
}

export interface ViewOptions {
  client: RealtimeClient;
  locomotion: Locomotion;
  settings: () => Settings;
  selfName: string;
  selfBadge: string;
  /** The user clicked or tapped a floor spot. */
  onFloorPick: (point: Vec2) => void;
  /** Moves the own avatar and sends its pose; the view calls it itself while in VR. */
  step: (now: number, dt: number) => void;
  /** Words for the status line (XR state, problems). */
  onNotice: (text: string) => void;
  /** The current space's simulation state (the body explorer), if any. */
  sim?: () => SimState | null;
  /** The patient's own place in the queue in words, when the clinic knows it (the waiting room's screen shows it). */
  queueWords?: () => string | undefined;
  /** The picture on the conference room's wall screen (a case review's frame), if any. */
  wallImage?: () => WallImage | undefined;
  /**
   * False pins the pixel ratio (the benchmark compares settings at equal
   * resolution); by default a slow device gets fewer pixels, not fewer frames.
   */
  adaptiveResolution?: boolean;
  /** Push-to-talk held or let go on a VR controller (its grip button). */
  onTalk?: (held: boolean) => void;
  /** Names of avatars to draw as silhouettes (group members who chose so; the world shows them by that name). */
  silhouettes?: () => ReadonlySet<string>;
  /** A breathing pacer shown to everyone in a group room, now; undefined when none runs (scene/breath-light.ts draws it). */
  breath?: () => BreathCue | undefined;
  /** The 3D view chose full or lighter graphics (at start, or on slow frames). */
  onGraphics?: (choice: GraphicsChoice) => void;
}

/** What the last frame cost the renderer (the benchmark reports it). */
export interface RenderStats {
  drawCalls: number;
  triangles: number;
  pixelRatio: number;
}

/** The in-world video panel, for tests: whether it is there and the size of its video. */
export interface VideoPanelState {
  present: boolean;
  playing: boolean;
  width: number;
  height: number;
}

export interface WorldView {
  readonly element: HTMLElement; // focusable: receives movement keys
  readonly kind: '3d' | '2d';
  setSpace(space: Space): void;
  /** Draws one frame; `now` in ms (performance.now), `dt` in seconds. */
  frame(now: number, dt: number): void;
  /**
   * The other person's video during a consultation (undefined: none). The 3D
   * view hangs it on a panel in the room; the 2D plan leaves it to the
   * clinic's overlay panel, which both modes keep.
   */
  setRemoteVideo?(stream: MediaStream | undefined): void;
  videoPanel?(): VideoPanelState;
  /** Where the camera is and looks (proximity voice's listener); absent: at your avatar's eyes. */
  listener?(): { position: { x: number; y: number; z: number }; forward: { x: number; y: number; z: number } };
  /** Outdoors: 0 day, 1 dusk (the sky and the light; the 2D plan tints). */
  setDusk?(amount: number): void;
  renderStats?(): RenderStats;
  /** Settings changed (colours, contrast, motion). */
  refresh(): void;
  dispose(): void;
}
