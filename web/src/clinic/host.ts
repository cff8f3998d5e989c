// What the clinic (loaded on demand) needs from the app shell, and what the
// shell tells it. app.ts implements ClinicHost; clinic.ts returns a
// ClinicController. Types only, so the lobby pays nothing for them.

import type { LeftReason } from '../net/messages';
import type { RealtimeError, RelayedSignal } from '../net/realtime';
import type { Space } from '../spaces/space';
import type { WorldFeatureHost } from '../ui/feature-host';
import type { VideoPanelState } from '../ui/views';

export interface ClinicHost extends WorldFeatureHost {
  /** Walks the own avatar to a zone of the current space (2D and 3D). */
  walkToZone(zoneId: string): void;
  currentSpace(): Space | undefined;
  /** Moves keyboard focus to the text chat. */
  focusChat(): void;
  /**
   * The other person's video during a consultation (undefined when the call
   * ends): the 3D view shows it on a panel in the room, also after a switch
   * between 2D and 3D.
   */
  showRemoteVideo(stream: MediaStream | undefined): void;
  /** The patient's own place in the queue in words (undefined: not waiting); the 3D waiting room's screen shows it. */
  showQueuePlace(words: string | undefined): void;
  /** The in-world video panel's state (tests). */
  videoPanel(): VideoPanelState;
  /** Marks the topbar's clinic button as showing (or not) its panel. */
  setExpanded(expanded: boolean): void;
}

export interface ClinicController {
  /** Shows or hides the clinic's panel (the topbar button). */
  toggle(): void;
  open(): void;
  /** Resumes a visit remembered in sessionStorage after a reload. */
  resume(): void;
  /** The app finished entering `space` (its layout is loaded). */
  spaceReady(space: string): void;
  left(space: string, reason: LeftReason): void;
  signal(signal: RelayedSignal): void;
  error(error: RealtimeError): void;
}

export const kActiveVisitKey = 'metaclinic.visit';
