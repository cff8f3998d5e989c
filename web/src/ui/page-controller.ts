// The open/close behaviour every page over the view shares (the research
// lab, the therapist's rehabilitation page): shows or hides the page and its
// layer, tells the shell, focuses the page's title on opening, runs
// `opened` on each opening (a first load), and gives focus back to the
// topbar button after the page's own Close.

import type { PageController, PageHost } from './page-host';

export function pageController(host: PageHost, element: HTMLElement, title: string, close: HTMLElement, opened: () => void): PageController {
  let open = false;
  function setOpen(next: boolean): void {
    open = next;
    element.hidden = !open;
    host.layer.hidden = !open;
    host.shown(open);
    if (open) {
      opened();
      element.querySelector<HTMLElement>(title)?.focus();
    }
  }
  close.addEventListener('click', () => {
    setOpen(false);
    host.returnFocus();
  });
  setOpen(false);
  return {
    toggle: () => setOpen(!open),
    open: () => setOpen(true),
    close: () => setOpen(false),
  };
}
