// The patient's "Your visit" panel while checked in: the queue place, the
// estimated wait, messages with the front desk, a way out of the queue
// ("Leave the waiting room", asked twice); and afterwards the visit
// summary, or plain words for a missed visit or a lost queue place.

import { h } from '../ui/dom';
import type { Visit, VisitMessage, VisitSummary } from './api';
import { formatClockTime, formatWhen, queueWords, stateWords, waitWords } from './format';
import { messageSender, type MessageViewer } from './visit-people';

export interface WaitingActions {
  send(text: string): Promise<string | undefined>; // undefined when sent, else words for the problem
  /** Gives up the queue place; undefined when done, else words for the problem. */
  leave(): Promise<string | undefined>;
  checkInAgain(): void;
  /** Absent for a visit-link guest, who has no appointments list. */
  backToAppointments?(): void;
  /** Hides the panel (the lobby shows). */
  close(): void;
  /** Who reads the messages. */
  viewer: MessageViewer;
}

/** Lists `messages` as `viewer` reads them ("You" for their own only, names for the others). */
export function renderMessages(list: HTMLElement, messages: VisitMessage[] | undefined, viewer: MessageViewer): void {
  const items = (messages ?? []).map((message) =>
    h(
      'li',
      { 'data-message': message.id },
      h('span', { class: 'clinic-what' }, `${messageSender(message, viewer)} (${formatClockTime(message.at)}): `),
      message.text,
    ),
  );
  if (items.length === 0) items.push(h('li', { class: 'notice' }, 'No messages yet.'));
  if (list.childElementCount !== items.length || list.textContent !== items.map((item) => item.textContent).join('')) {
    list.replaceChildren(...items);
  }
}

export function createWaitingPanel(actions: WaitingActions) {
  const state = h('p', { class: 'clinic-state', id: 'waiting-state' }, 'Checking in…');
  const queue = h('p', { id: 'waiting-queue' });
  const wait = h('p', { id: 'waiting-estimate' });
  const keep = h('p', { class: 'notice' }, 'Please keep this page open. If it reloads or your connection drops, you keep your place for 2 minutes.');
  const messages = h('ul', { class: 'clinic-messages', id: 'waiting-messages' });
  const messageLog = h('div', { role: 'log', 'aria-label': 'Messages with the front desk' }, messages);
  const messagesTitle = h('h3', {}, 'Messages with the front desk');
  const input = h('input', { id: 'waiting-message', type: 'text', maxlength: 500, autocomplete: 'off' });
  const problem = h('p', { class: 'problem', id: 'waiting-problem', role: 'alert' });
  const form = h(
    'form',
    { class: 'clinic-form', id: 'waiting-form' },
    h('label', { for: 'waiting-message' }, 'Message to the front desk'),
    h('div', { class: 'clinic-row' }, input, h('button', { type: 'submit' }, 'Send')),
    problem,
  );
  const again = h('button', { type: 'button', id: 'waiting-check-in-again', hidden: true }, 'Check in again');
  const back = h('button', { type: 'button', class: 'secondary', id: 'waiting-back', hidden: true }, 'Back to appointments');
  const close = h('button', { type: 'button', class: 'secondary', id: 'waiting-close', hidden: true }, 'Close');
  const leave = h('button', { type: 'button', class: 'secondary', id: 'waiting-leave', hidden: true }, 'Leave the waiting room');
  const leaveSure = h('button', { type: 'button', class: 'danger', id: 'waiting-leave-confirm' }, 'Yes, leave');
  const leaveStay = h('button', { type: 'button', class: 'secondary', id: 'waiting-leave-stay' }, 'Stay in the queue');
  const leaveAsk = h(
    'div',
    { class: 'clinic-confirm', id: 'waiting-leave-ask', role: 'group', 'aria-labelledby': 'waiting-leave-question', hidden: true },
    h('p', { id: 'waiting-leave-question' }, 'Leave the waiting room? You lose your place in the queue; if you check in again, you join at the back.'),
    h('div', { class: 'clinic-row' }, leaveSure, leaveStay),
  );
  const leaveProblem = h('p', { class: 'problem', id: 'waiting-leave-problem', role: 'alert' });
  again.addEventListener('click', () => actions.checkInAgain());
  back.addEventListener('click', () => actions.backToAppointments?.());
  close.addEventListener('click', () => actions.close());
  leave.addEventListener('click', () => {
    leaveAsk.hidden = false;
    leave.hidden = true;
    leaveSure.focus();
  });
  leaveStay.addEventListener('click', () => {
    leaveAsk.hidden = true;
    leave.hidden = false;
    leave.focus();
  });
  leaveSure.addEventListener('click', async () => {
    leaveSure.disabled = true;
    const failed = await actions.leave();
    leaveSure.disabled = false;
    leaveProblem.textContent = failed ?? '';
    leaveAsk.hidden = true;
    leave.hidden = !failed; // a refusal leaves the way out in place
  });
  let left = false;
  const summary = h('div', { class: 'clinic-summary', id: 'visit-summary', hidden: true });
  const element = h(
    'section',
    { class: 'clinic-panel', id: 'clinic-waiting', 'aria-labelledby': 'clinic-waiting-title' },
    h('h2', { id: 'clinic-waiting-title' }, 'Your visit'),
    h('div', { 'aria-live': 'polite', 'aria-atomic': 'true' }, state, queue, wait),
    keep,
    summary,
    messagesTitle,
    messageLog,
    form,
    h('div', { class: 'clinic-row' }, leave, again, back, close),
    leaveAsk,
    leaveProblem,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    const failed = await actions.send(text);
    problem.textContent = failed ?? '';
    if (!failed) input.value = '';
  });

  return {
    element,
    render(visit: Visit): void {
      const department = visit.department_name || visit.department;
      if (visit.state !== 'left') left = false;
      state.textContent = left ? 'You left the waiting room. You can check in again while the appointment lasts (you join the queue at the back).' : stateWords(visit.state, department);
      const waiting = visit.state === 'waiting';
      queue.textContent = waiting ? queueWords(visit) : '';
      wait.textContent = waiting ? waitWords(visit.estimated_wait_minutes) : '';
      keep.hidden = !waiting;
      form.hidden = !(waiting || visit.state === 'admitted');
      again.hidden = visit.state !== 'left';
      const over = visit.state === 'ended' || visit.state === 'no_show' || visit.state === 'left';
      back.hidden = !over || !actions.backToAppointments;
      close.hidden = !over;
      // After the end the desk's messages are gone (never stored): no empty log.
      messagesTitle.hidden = messageLog.hidden = visit.state === 'ended' || visit.state === 'no_show';
      leave.hidden = !waiting || !leaveAsk.hidden;
      if (!waiting) leaveAsk.hidden = true;
      element.dataset.state = visit.state;
      renderMessages(messages, visit.messages, actions.viewer);
    },
    /** The patient left the queue themself (not lost for being away): say so. */
    leftByChoice(): void {
      left = true;
      state.textContent = 'You left the waiting room. You can check in again while the appointment lasts (you join the queue at the back).';
      (actions.backToAppointments ? back : again).focus();
    },
    showSummary(result: VisitSummary | undefined, words: string): void {
      summary.hidden = false;
      if (!result) {
        summary.replaceChildren(h('h3', {}, 'Visit summary'), h('p', {}, words));
        return;
      }
      summary.replaceChildren(
        ...[
        h('h3', {}, 'Visit summary') as HTMLElement,
        h('p', {}, `Your visit with ${result.clinician.name} (${result.department_name}) on ${formatWhen(result.encounter?.start ?? result.start)} has ended.`),
        h('h4', {}, 'What your clinician shared with you'),
        h('p', { class: 'clinic-summary-text', id: 'visit-summary-text' }, result.summary ?? 'Your clinician did not share a summary for this visit.'),
        result.encounter
          ? h('p', { class: 'notice' }, `Saved in your record as a virtual visit, ${formatClockTime(result.encounter.start)} to ${formatClockTime(result.encounter.end)}.`)
          : null,
        ].filter((node): node is HTMLElement => node !== null),
      );
    },
  };
}
