// What the "My record" page (loaded on demand) needs from the app shell
// beyond any page's host (ui/page-host.ts), and what the shell can ask of it.
// Types only, so the lobby pays nothing for them.

import type { PageController, PageHost } from '../ui/page-host';

export interface RecordHost extends PageHost {
  /**
   * The record was erased: the account and its sessions are gone. The shell
   * stops the session and shows the signed-out screen with `notice`.
   */
  erased(notice: string): void;
}

export type RecordController = PageController;
