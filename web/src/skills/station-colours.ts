// The peg board's colours, read from the page's CSS custom properties so
// high contrast and the normal palette both apply (styles.css), with
// fallbacks for a page without them.
import type { BoardColours } from './board-view';

export function boardColours(): BoardColours {
  const style = getComputedStyle(document.documentElement);
  const read = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  return {
    board: read('--skills-board', '#e8efe6'), peg: read('--skills-peg', '#7a8794'), target: read('--skills-target', '#2a6fb0'),
    ring: read('--skills-ring', '#d9480f'), left: read('--skills-left', '#5f3dc4'), right: read('--skills-right', '#087f5b'),
    text: read('--text', '#1b1f23'), line: read('--muted', '#59636e'),
  };
}
