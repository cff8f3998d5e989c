// What the "My record" page (loaded on demand) needs from the app shell, and
// what the shell can ask of it. app.ts implements RecordHost; record-page.ts
// returns a RecordController. Types only, so the lobby pays nothing for them.

import type { ApiClient, User } from '../net/rest';

export interface RecordHost {
  api: ApiClient;
  user: User;
  /** The element over the view where the page goes. */
  layer: HTMLElement;
  /** A polite screen-reader announcement. */
  say(text: string): void;
  /** The page was shown or hidden (the topbar button's state; the clinic's panels step aside). */
  shown(open: boolean): void;
  /** Puts keyboard focus back on the topbar button (after the page's own Close). */
  returnFocus(): void;
  /**
   * The record was erased: the account and its sessions are gone. The shell
   * stops the session and shows the signed-out screen with `notice`.
   */
  erased(notice: string): void;
}

export interface RecordController {
  /** Shows or hides the page (the topbar button). */
  toggle(): void;
  open(): void;
  close(): void;
}
