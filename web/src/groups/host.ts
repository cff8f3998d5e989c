// What the group rooms (loaded on demand) need from the app shell, and what
// the shell tells them. app.ts implements GroupsHost; groups.ts returns a
// GroupsController. Types only, so the lobby pays nothing for them.

import type { RealtimeClient, RealtimeState } from '../net/realtime';
import type { ApiClient, User } from '../net/rest';
import type { Store } from '../net/store';

export interface GroupsHost {
  api: ApiClient;
  user: User;
  client: RealtimeClient;
  store: Store<RealtimeState>;
  /** The element over the view where the groups panel goes. */
  layer: HTMLElement;
  setStatus(text: string, problem?: boolean): void;
  /** A polite screen-reader announcement. */
  say(text: string): void;
  /** Joins a realtime space (the room's world instance, or the lobby). */
  joinSpace(id: string): void;
  /** Low-data mode is on (voice at 16 kbit/s, no video). */
  lowData(): boolean;
  /** The panel was shown or hidden (the topbar button's state). */
  shown(open: boolean): void;
}

export interface GroupsController {
  /** Shows or hides the panel (the topbar button). */
  toggle(): void;
  open(): void;
  close(): void;
}
