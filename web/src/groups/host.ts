// What the group rooms (loaded on demand) need from the app shell, and what
// the shell tells them. app.ts implements GroupsHost; groups.ts returns a
// GroupsController. Types only, so the lobby pays nothing for them.

import type { RealtimeError, RelayedSignal } from '../net/realtime';
import type { WorldFeatureHost } from '../ui/feature-host';
import type { BreathCue } from '../ui/views';

export interface GroupsHost extends WorldFeatureHost {
  /** Low-data mode is on (voice at 16 kbit/s, no video). */
  lowData(): boolean;
  /** The panel was shown or hidden (the topbar button's state). */
  shown(open: boolean): void;
  /** The personal space bubble (a setting: people nearer than 1 m are not drawn). */
  personalSpace(): boolean;
  setPersonalSpace(on: boolean): void;
  /** Avatars (by the name the world shows) to draw as silhouettes; an empty set when the room closes. */
  setSilhouettes(names: ReadonlySet<string>): void;
  /** The room's shared breathing pacer for the 3D view (a light that grows and shrinks, controller pulses in VR); undefined: none. */
  setBreathCue(cue: (() => BreathCue | undefined) | undefined): void;
  /** Motion is reduced (the pacer's shape stays still; its light only brightens and dims). */
  reducedMotion(): boolean;
}

export interface GroupsController {
  /** Shows or hides the panel (the topbar button). */
  toggle(): void;
  open(): void;
  close(): void;
  /** A relayed signal: true when it is a peer-to-peer group room's voice (then nobody else takes it). */
  signal(signal: RelayedSignal): boolean;
  /** A realtime error (a refused signal in a peer-to-peer group room). */
  error(error: RealtimeError): void;
}
