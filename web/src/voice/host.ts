// What proximity voice (loaded on demand) needs from the app shell, and what
// the shell gets back. app.ts implements VoiceHost; proximity.ts returns a
// VoiceController. Types only, so the shell pays nothing for them.

import type { RealtimeClient, RealtimeError, RealtimeState, RelayedSignal } from '../net/realtime';
import type { ApiClient } from '../net/rest';
import type { Store } from '../net/store';
import type { Space } from '../spaces/space';
import type { LowDataVoice } from '../ui/settings';
import type { ListenerPose } from './spatial-mixer';

export interface VoiceHost {
  api: ApiClient;
  client: RealtimeClient;
  store: Store<RealtimeState>;
  /** Whether you are staff (staff-only zones let two staff talk). */
  staff: boolean;
  /** The space you are in, once its layout is loaded. */
  currentSpace(): Space | undefined;
  /** Low-data mode, and what voice does in it (Settings). */
  lowData(): { on: boolean; voice: LowDataVoice };
  /** Where the camera is and where it looks (the 3D view), else your head. */
  listener(): ListenerPose;
  /** A polite screen-reader announcement. */
  say(text: string): void;
}

/** What the end-to-end tests and the benchmark read (window.metaclinic.voice); it changes nothing. */
export interface VoiceInspect {
  links(): Array<{ peer: number; state: string; offerer: boolean }>;
  /** Audio bytes received so far from each connected person (getStats inbound-rtp). */
  inboundAudioBytes(): Promise<Record<number, number>>;
  /** Audio bytes received and sent so far on each connection (the media benchmark). */
  audioBytes(): Promise<Record<number, { inbound: number; outbound: number }>>;
  /** Each connection's local and remote SDP (the low-data parameters show there). */
  descriptions(): Array<{ peer: number; local: string; remote: string }>;
}

export interface VoiceController {
  /** The Voice region for the side panels. */
  readonly panel: HTMLElement;
  /** The microphone button over the view (shown while voice is on). */
  readonly viewButton: HTMLElement;
  readonly inspect: VoiceInspect;
  /** The voice words and controls for one person's row in the People list (null for yourself). */
  personCell(entity: number): HTMLElement | null;
  /** Keys T (hold to talk) and M (mute) in `box` (the view), not while typing. */
  attachKeys(box: HTMLElement): void;
  /** Push-to-talk from elsewhere (a VR controller's grip). */
  talk(held: boolean): void;
  /** A relayed signal; true when it was proximity voice's (in a shared space). */
  signal(signal: RelayedSignal): boolean;
  error(error: RealtimeError): void;
  /** Low-data mode or its voice choice changed. */
  settingsChanged(): void;
  dispose(): void;
}
