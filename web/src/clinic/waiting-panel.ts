// The patient's "Your visit" panel while checked in: the queue place, the
// estimated wait, messages with the front desk; and afterwards the visit
// summary, or plain words for a missed visit or a lost queue place.

import { h } from '../ui/dom';
import type { Visit, VisitMessage, VisitSummary } from './api';
import { formatClockTime, formatWhen, queueWords, stateWords, waitWords } from './format';

export interface WaitingActions {
  send(text: string): Promise<string | undefined>; // undefined when sent, else words for the problem
  checkInAgain(): void;
  backToAppointments(): void;
}

export function renderMessages(list: HTMLElement, messages: VisitMessage[] | undefined): void {
  const items = (messages ?? []).map((message) =>
    h(
      'li',
      { 'data-message': message.id },
      h('span', { class: 'clinic-what' }, `${message.from === 'patient' ? 'You' : message.name || 'Front desk'} (${formatClockTime(message.at)}): `),
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
  again.addEventListener('click', () => actions.checkInAgain());
  back.addEventListener('click', () => actions.backToAppointments());
  const summary = h('div', { class: 'clinic-summary', id: 'visit-summary', hidden: true });
  const element = h(
    'section',
    { class: 'clinic-panel', id: 'clinic-waiting', 'aria-labelledby': 'clinic-waiting-title' },
    h('h2', { id: 'clinic-waiting-title' }, 'Your visit'),
    h('div', { 'aria-live': 'polite', 'aria-atomic': 'true' }, state, queue, wait),
    keep,
    summary,
    h('h3', {}, 'Messages with the front desk'),
    messageLog,
    form,
    h('div', { class: 'clinic-row' }, again, back),
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
      state.textContent = stateWords(visit.state, department);
      const waiting = visit.state === 'waiting';
      queue.textContent = waiting ? queueWords(visit) : '';
      wait.textContent = waiting ? waitWords(visit.estimated_wait_minutes) : '';
      keep.hidden = !waiting;
      form.hidden = !(waiting || visit.state === 'admitted');
      again.hidden = visit.state !== 'left';
      back.hidden = !(visit.state === 'ended' || visit.state === 'no_show' || visit.state === 'left');
      element.dataset.state = visit.state;
      renderMessages(messages, visit.messages);
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
