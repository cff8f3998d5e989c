// What a page over the view (My record, the research lab, the admin console; loaded on demand)
// needs from the app shell, and what the shell can ask of it. app.ts builds
// the hosts; each feature returns a PageController. Types only, so the lobby
// pays nothing for them.

import type { ApiClient, User } from '../net/rest';
import type { WallImage } from '../scene/interiors';

export interface PageHost {
  api: ApiClient;
  user: User;
  /** The element over the view where the page goes. */
  layer: HTMLElement;
  /** A polite screen-reader announcement. */
  say(text: string): void;
  /** The page was shown or hidden (the topbar button's state; the clinic's panels and other pages step aside). */
  shown(open: boolean): void;
  /** Puts keyboard focus back on the topbar button (after the page's own Close). */
  returnFocus(): void;
  /** Shows a picture on the conference room's wall screen in 3D (undefined: its usual words). */
  showOnWall?(wall: WallImage | undefined): void;
  /** Walks into a space (the conference room). */
  joinSpace?(id: string): void;
}

export interface PageController {
  /** Shows or hides the page (the topbar button). */
  toggle(): void;
  open(): void;
  close(): void;
}
