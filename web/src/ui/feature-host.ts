// What every feature that lives in the world (the clinic, group rooms) needs
// from the app shell: the session, the realtime client and its state, a
// layer over the view for its panels, the status line and announcements,
// and a way into a space. Each feature's own host interface extends this.
// Types only.

import type { RealtimeClient, RealtimeState } from '../net/realtime';
import type { ApiClient, User } from '../net/rest';
import type { Store } from '../net/store';

export interface WorldFeatureHost {
  api: ApiClient;
  user: User;
  client: RealtimeClient;
  store: Store<RealtimeState>;
  /** The element over the view where the feature's panels go. */
  layer: HTMLElement;
  setStatus(text: string, problem?: boolean): void;
  /** A polite screen-reader announcement. */
  say(text: string): void;
  /** Joins a realtime space (a department, a room's instance, the lobby). */
  joinSpace(id: string): void;
}
