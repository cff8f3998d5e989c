// What the research lab (loaded on demand) needs from the app shell, and what
// the shell can ask of it. app.ts implements ResearchHost; lab.ts returns a
// ResearchController. Types only, so the lobby pays nothing for them.

import type { ApiClient, User } from '../net/rest';

export interface ResearchHost {
  api: ApiClient;
  user: User;
  /** The element over the view where the lab goes. */
  layer: HTMLElement;
  /** A polite screen-reader announcement. */
  say(text: string): void;
  /** The lab was shown or hidden (the topbar button's state; the clinic's panels step aside). */
  shown(open: boolean): void;
  /** Puts keyboard focus back on the topbar button (after the lab's own Close). */
  returnFocus(): void;
}

export interface ResearchController {
  /** Shows or hides the lab (the topbar button). */
  toggle(): void;
  open(): void;
  close(): void;
}
