// An educator's review of a learner's attempts (docs/skills.md "Replay and
// rating"): each attempt replayed on the board from its recorded events, at
// the speed it was done, with a check that the replay ends where the
// record says; and the OSATS rating (seven items, 1 to 5 each, the total
// shown) with a comment.

import { h } from '../ui/dom';
import type { PageHost } from '../ui/page-host';
import { attemptWithEvents, rateAttempt, skillsErrorWords, type AttemptRecord, type History } from './api';
import { decodeEvents } from './attempt-events';
import { drawBoard, kCanvasHeight, kCanvasWidth } from './board-view';
import { applyEvent, metricsOf, newPegTransfer, type PegTransferState } from './peg-transfer';
import { PEG_TRANSFER, seconds } from './score';
import { boardColours } from './station-colours';

/** The OSATS items (Martin et al. 1997), each rated 1 (poor) to 5 (excellent). */
export const OSATS_ITEMS = [
  'Respect for tissue', 'Time and motion', 'Instrument handling', 'Knowledge of instruments',
  'Use of assistants', 'Flow of operation and forward planning', 'Knowledge of specific procedure',
] as const;

/**
 * The list of `history`'s attempts with Replay and, for an educator (`mayRate`), Rate;
 * `changed` reloads it after a rating.
 */
export function reviewList(host: PageHost, history: History, changed: () => void, mayRate: boolean): HTMLElement {
  const prefix = mayRate ? 'skills' : 'skills-own';
  const stage = h('div', { class: 'skills-review-stage' });
  const items = history.attempts.map((attempt, index) => {
    const replay = h('button', { type: 'button', class: 'secondary' }, `Replay attempt ${index + 1}`);
    const rate = h('button', { type: 'button', class: 'secondary' }, `Rate attempt ${index + 1}`);
    replay.addEventListener('click', () => void startReplay(stage, host, attempt, index + 1, prefix));
    rate.addEventListener('click', () => stage.replaceChildren(ratingForm(host, attempt, index + 1, changed)));
    return h('li', {}, `Attempt ${index + 1} (${new Date(attempt.finished_at).toLocaleString([], { dateStyle: 'short', timeStyle: 'short' })}) `,
      replay, ...(mayRate ? [' ', rate] : []));
  });
  const id = `${prefix}-review`;
  return h('section', { id, 'aria-labelledby': `${id}-title` },
    h('h4', { id: `${id}-title` }, mayRate ? `Review ${history.learner.name}'s attempts` : 'Replay your attempts'),
    items.length === 0 ? h('p', {}, 'No attempts to review.') : h('ul', { id: 'skills-review-list' }, ...items),
    stage);
}

async function startReplay(stage: HTMLElement, host: PageHost, attempt: AttemptRecord, number: number, prefix: string): Promise<void> {
  const status = h('p', { id: `${prefix}-replay-status`, role: 'status' }, `Loading attempt ${number}…`);
  stage.replaceChildren(h('h5', {}, `Replay of attempt ${number}`), status);
  const loaded = await attemptWithEvents(host.api, PEG_TRANSFER.id, attempt.id);
  if (!loaded.ok) {
    status.textContent = skillsErrorWords(loaded.error);
    return;
  }
  const events = decodeEvents(loaded.value.events);
  if (events.length === 0) {
    status.textContent = `Attempt ${number} has no recorded movements to replay.`;
    return;
  }
  const canvas = h('canvas', { id: `${prefix}-replay-board`, class: 'skills-board', width: kCanvasWidth, height: kCanvasHeight, role: 'img',
    'aria-label': `Replay of attempt ${number} on the peg board` });
  const skip = h('button', { type: 'button', class: 'secondary', id: `${prefix}-replay-skip` }, 'Skip to the end');
  stage.append(canvas, skip);
  const context = canvas.getContext('2d');
  const colours = boardColours();
  let state: PegTransferState = newPegTransfer();
  let next = 0;
  const firstMs = events[0].tMs;
  const started = performance.now();
  const playTo = (ms: number) => {
    while (next < events.length && events[next].tMs - firstMs <= ms) state = applyEvent(state, events[next++]);
  };
  const finish = () => {
    playTo(Infinity);
    if (context) drawBoard(context, state, 0, colours);
    const metrics = metricsOf(state, state.endedMs ?? events[events.length - 1].tMs);
    const same = metrics.timeMs === loaded.value.time_ms && metrics.drops === loaded.value.drops &&
      metrics.ringsPlaced === loaded.value.rings_placed;
    status.textContent = `Replay finished: ${seconds(metrics.timeMs)}, ${metrics.drops} ${metrics.drops === 1 ? 'drop' : 'drops'}, ` +
      `${metrics.ringsPlaced} of ${PEG_TRANSFER.rings} rings placed; ` +
      (same ? 'the same as the record.' : 'this differs from the record.');
    skip.hidden = true;
    host.say(status.textContent);
  };
  const frame = () => {
    if (!canvas.isConnected) return;
    const elapsed = performance.now() - started;
    playTo(elapsed);
    if (context) drawBoard(context, state, 0, colours);
    if (next >= events.length) {
      finish();
      return;
    }
    status.textContent = `Replaying attempt ${number}: ${seconds(elapsed)} of ${seconds(events[events.length - 1].tMs - firstMs)}.`;
    requestAnimationFrame(frame);
  };
  skip.addEventListener('click', () => playTo(Infinity));
  requestAnimationFrame(frame);
}

function ratingForm(host: PageHost, attempt: AttemptRecord, number: number, changed: () => void): HTMLElement {
  const selects = OSATS_ITEMS.map((item, index) => {
    const id = `skills-osats-${index}`;
    const select = h('select', { id },
      ...[1, 2, 3, 4, 5].map((score) => h('option', { value: String(score) },
        `${score}${score === 1 ? ' (poor)' : score === 3 ? ' (competent)' : score === 5 ? ' (excellent)' : ''}`)));
    select.value = String(attempt.rating?.items[index] ?? 3);
    return { select, row: h('div', { class: 'skills-osats-row' }, h('label', { for: id }, item), select) };
  });
  const total = h('p', { id: 'skills-osats-total', 'aria-live': 'polite' });
  const showTotal = () => {
    total.textContent = `Total: ${selects.reduce((sum, { select }) => sum + Number(select.value), 0)} of 35.`;
  };
  selects.forEach(({ select }) => select.addEventListener('change', showTotal));
  showTotal();
  const comment = h('textarea', { id: 'skills-osats-comment', rows: 2, maxlength: 2000 });
  comment.value = attempt.rating?.comment ?? '';
  const save = h('button', { type: 'submit' }, 'Save the rating');
  const result = h('p', { id: 'skills-osats-result', role: 'status' });
  const form = h('form', { id: 'skills-osats', 'aria-labelledby': 'skills-osats-title' },
    h('h5', { id: 'skills-osats-title' }, `OSATS rating of attempt ${number}`),
    ...selects.map(({ row }) => row), total,
    h('label', { for: 'skills-osats-comment' }, 'Comment for the learner'), comment, save, result);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    save.disabled = true;
    result.textContent = 'Saving…';
    void rateAttempt(host.api, PEG_TRANSFER.id, attempt.id, selects.map(({ select }) => Number(select.value)), comment.value)
      .then((rated) => {
        save.disabled = false;
        if (!rated.ok) {
          result.textContent = skillsErrorWords(rated.error);
          return;
        }
        result.textContent = `Saved: OSATS ${rated.value.rating?.total ?? 0} of 35 for attempt ${number}.`;
        host.say(result.textContent);
        changed();
      });
  });
  return form;
}
