// What the admin console (loaded on demand) needs from the app shell, and
// what the shell can ask of it. app.ts implements AdminHost;
// admin-console.ts returns an AdminController. Types only, so the lobby pays
// nothing for them.

import type { ApiClient, User } from '../net/rest';

export interface AdminHost {
  api: ApiClient;
  user: User;
  /** The element over the view where the console goes. */
  layer: HTMLElement;
  /** A polite screen-reader announcement. */
  say(text: string): void;
  /** The console was shown or hidden (the topbar button's state; the clinic's panels step aside). */
  shown(open: boolean): void;
  /** Puts keyboard focus back on the topbar button (after the console's own Close). */
  returnFocus(): void;
}

export interface AdminController {
  /** Shows or hides the console (the topbar button). */
  toggle(): void;
  open(): void;
  close(): void;
}
