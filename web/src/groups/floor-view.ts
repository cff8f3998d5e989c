// Who may speak in a group room, in the room's panel (issue 16 host tools):
// the talking stick's state in words for everyone, your own hand (raise or
// lower), the raised hands in the order they went up, for the host "Give
// the talking stick" / "Take the stick back", a form to tell the host about
// someone (only the host receives it), the reports for the host, and the
// personal space bubble. The server enforces the stick in Janus; this only
// shows it and asks. Rebuilt from each room state the view is handed.

import { h } from '../ui/dom';
import type { GroupMember, GroupRoom, GroupsApi } from './api';
import type { GroupsHost } from './host';
import { groupErrorWords, handWords, reportWords, stickWords } from './words';

type Answer = Awaited<ReturnType<GroupsApi['hand']>>;

export interface FloorView {
  readonly element: HTMLElement;
  /** The room as the server sent it last. */
  update(room: GroupRoom): void;
  /** The host's button for a member row: give them the stick, or take it back. */
  stickButton(member: GroupMember): HTMLElement;
}

export function createFloorView(host: GroupsHost, api: GroupsApi, changed: (room: GroupRoom) => void): FloorView {
  let room: GroupRoom | undefined;
  let reportsSeen = -1;
  const stick = h('p', { class: 'notice', id: 'group-stick-state' });
  const handButton = h('button', { type: 'button', id: 'group-hand', 'aria-pressed': 'false' }, 'Raise my hand');
  const handState = h('p', { class: 'notice', id: 'group-hand-state' });
  const takeBack = h('button', { type: 'button', class: 'secondary', id: 'group-stick-back' }, 'Take the talking stick back');
  const hands = h('ol', { class: 'group-hands', id: 'group-hands', 'aria-label': 'Raised hands, first raised first' });
  const result = h('p', { class: 'clinic-message', role: 'status', id: 'group-floor-result' });
  const bubble = h('input', { type: 'checkbox', id: 'group-bubble' });
  bubble.checked = host.personalSpace();
  const aboutSelect = h('select', { id: 'group-report-about' });
  const reason = h('textarea', { id: 'group-report-reason', rows: 2, maxlength: 300, 'aria-describedby': 'group-report-help' });
  const send = h('button', { type: 'submit', id: 'group-report-send' }, 'Send to the host');
  const reportForm = h(
    'form',
    { class: 'clinic-form', id: 'group-report-form' },
    h('label', { for: 'group-report-about' }, 'Who it is about'),
    aboutSelect,
    h('label', { for: 'group-report-reason' }, 'What happened, in a few words'),
    reason,
    h('p', { class: 'notice', id: 'group-report-help' }, 'Only the host reads this, not the person you name. It is not saved after the room ends; the hospital keeps a note that a report was made.'),
    send,
  );
  const reporting = h('details', { class: 'group-report', id: 'group-report' }, h('summary', {}, 'Tell the host about someone'), reportForm);
  const reports = h('ul', { class: 'group-reports', id: 'group-reports', 'aria-label': 'Reports to you' });
  const reportsBlock = h('div', { id: 'group-reports-block' }, h('h3', {}, 'Reports to you (only you see these)'), reports);
  const element = h(
    'div',
    { class: 'group-floor', id: 'group-floor' },
    h('h3', {}, 'Speaking'),
    stick,
    h('div', { class: 'clinic-row' }, handButton, takeBack),
    handState,
    hands,
    h('label', { class: 'checkbox', for: 'group-bubble' }, bubble, ' Personal space bubble: people closer than 1 m are hidden from you'),
    reporting,
    reportsBlock,
    result,
  );

  function say(text: string, problem = false): void {
    result.textContent = text;
    result.classList.toggle('problem', problem);
    host.say(text);
  }

  async function act(run: () => Promise<Answer>, words: string): Promise<boolean> {
    const answer = await run();
    if (!answer.ok) {
      say(groupErrorWords(answer.error.code, answer.error.message), true);
      return false;
    }
    say(words);
    changed(answer.value);
    return true;
  }

  const me = () => room?.members.find((member) => member.user_id === host.user.id);
  const nameOf = (id: number | null) => room?.members.find((member) => member.user_id === id)?.name ?? 'someone';

  handButton.addEventListener('click', () => {
    if (!room) return;
    const up = (me()?.hand ?? 0) > 0;
    void act(() => api.hand(room!.id, !up), up ? 'You lowered your hand.' : 'Your hand is up. The host sees it in the order hands went up.');
  });
  takeBack.addEventListener('click', () => {
    if (room) void act(() => api.stick(room!.id, null), 'You took the talking stick back: everyone can speak again.');
  });
  bubble.addEventListener('change', () => {
    host.setPersonalSpace(bubble.checked);
    say(bubble.checked ? 'Personal space bubble on: people closer than 1 m are hidden from you.' : 'Personal space bubble off.');
  });
  reportForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!room) return;
    const about = Number(aboutSelect.value);
    const text = reason.value.trim();
    if (!about || !text) {
      say('Choose who, and say in a few words what happened.', true);
      return;
    }
    send.disabled = true;
    const sent = await act(() => api.report(room!.id, about, text), `Sent to the host: your report about ${nameOf(about)}. Only the host reads it.`);
    send.disabled = false;
    if (sent) {
      reason.value = '';
      reporting.open = false;
    }
  });

  function stickButton(member: GroupMember): HTMLElement {
    const holds = room?.stick === member.user_id;
    const label = holds ? 'Take the stick back' : 'Give the talking stick';
    const button = h('button', { type: 'button', class: 'secondary', 'aria-label': `${label}: ${member.name}` }, label);
    button.addEventListener('click', () => {
      if (!room) return;
      void act(
        () => api.stick(room!.id, holds ? null : member.user_id),
        holds ? 'You took the talking stick back: everyone can speak again.' : `${member.name} holds the talking stick: only they and you can be heard.`,
      );
    });
    return button;
  }

  function update(next: GroupRoom): void {
    room = next;
    const self = me();
    stick.textContent = stickWords(next, host.user.id);
    handButton.hidden = next.host;
    const up = (self?.hand ?? 0) > 0;
    handButton.textContent = up ? 'Lower my hand' : 'Raise my hand';
    handButton.setAttribute('aria-pressed', String(up));
    handState.textContent = next.host ? '' : handWords(self?.hand ?? 0);
    takeBack.hidden = !next.host || next.stick === null;
    const raised = next.members.filter((member) => member.hand > 0).sort((a, b) => a.hand - b.hand);
    hands.replaceChildren(
      ...(raised.length === 0
        ? [h('li', { class: 'notice' }, 'No hands are up.')]
        : raised.map((member) =>
            h(
              'li',
              { 'data-user': member.user_id },
              h('span', {}, member.user_id === host.user.id ? `${member.name} (you)` : member.name),
              next.host ? stickButton(member) : null,
            ),
          )),
    );
    const others = next.members.filter((member) => member.user_id !== host.user.id && !member.host);
    const chosen = aboutSelect.value;
    aboutSelect.replaceChildren(...others.map((member) => h('option', { value: String(member.user_id) }, member.name)));
    if (others.some((member) => String(member.user_id) === chosen)) aboutSelect.value = chosen;
    reporting.hidden = next.host || others.length === 0;
    reportsBlock.hidden = !next.host;
    const list = next.reports ?? [];
    reports.replaceChildren(...(list.length === 0 ? [h('li', { class: 'notice' }, 'No reports.')] : list.map((report) => h('li', {}, reportWords(report)))));
    if (next.host && reportsSeen >= 0 && list.length > reportsSeen) host.say(`New report: ${reportWords(list[list.length - 1])}`);
    if (next.host) reportsSeen = list.length;
  }

  return { element, update, stickButton };
}
