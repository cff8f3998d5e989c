// The attendance of the rooms a host opened (GET /api/group-attendance):
// a list of their rooms, newest first, and for the one chosen a table of
// who came in and left when (or was removed, or stayed to the end). Only
// attendance is kept: nothing said in a room is stored.

import { h } from '../ui/dom';
import type { Attendance, GroupsApi } from './api';
import { groupErrorWords, startWords, stayWords } from './words';

export function createAttendanceView(api: GroupsApi, say: (text: string) => void): HTMLElement {
  const show = h('button', { type: 'button', class: 'secondary', id: 'group-attendance-show', 'aria-expanded': 'false' }, 'Show attendance of your rooms');
  const message = h('p', { class: 'clinic-message', role: 'status', id: 'group-attendance-message' });
  const rooms = h('ul', { class: 'group-list', id: 'group-attendance-rooms', 'aria-label': 'Rooms you opened' });
  const detail = h('div', { id: 'group-attendance-detail' });
  const body = h('div', { hidden: true }, message, rooms, detail);
  const element = h(
    'section',
    { class: 'group-attendance', id: 'group-attendance', 'aria-labelledby': 'group-attendance-title' },
    h('h3', { id: 'group-attendance-title' }, 'Attendance'),
    h('p', { class: 'notice' }, 'Who came to your rooms and when. Nothing said in a room is stored.'),
    show,
    body,
  );

  show.addEventListener('click', async () => {
    const open = body.hidden;
    body.hidden = !open;
    show.setAttribute('aria-expanded', String(open));
    show.textContent = open ? 'Hide attendance' : 'Show attendance of your rooms';
    if (!open) return;
    message.textContent = 'Loading…';
    const hosted = await api.hosted();
    if (!hosted.ok) {
      message.textContent = groupErrorWords(hosted.error.code, hosted.error.message);
      return;
    }
    message.textContent = hosted.value.length === 0 ? 'You have not opened a room yet.' : '';
    rooms.replaceChildren(
      ...hosted.value.map((entry) => {
        const button = h('button', { type: 'button', class: 'secondary', 'aria-label': `Attendance: ${entry.title}` }, 'Attendance');
        button.addEventListener('click', () => void load(entry.id));
        return h('li', { 'data-group': entry.id }, h('span', { class: 'name' }, entry.title), h('span', { class: 'notice' }, `opened ${startWords(entry.opened_at)}`), button);
      }),
    );
  });

  async function load(id: string): Promise<void> {
    const result = await api.attendance(id);
    if (!result.ok) {
      message.textContent = groupErrorWords(result.error.code, result.error.message);
      return;
    }
    detail.replaceChildren(table(result.value));
    say(`Attendance of ${result.value.title}: ${result.value.stays.length === 1 ? '1 stay' : `${result.value.stays.length} stays`}.`);
    detail.querySelector<HTMLElement>('caption')?.focus();
  }

  return element;
}

function table(attendance: Attendance): HTMLElement {
  const caption = h('caption', { tabindex: -1 }, `${attendance.title}${attendance.ended ? ' (ended)' : ' (open now)'}`);
  const rows =
    attendance.stays.length === 0
      ? [h('tr', {}, h('td', { colspan: 3 }, 'Nobody has joined yet.'))]
      : attendance.stays.map((stay) => {
          const words = stayWords(stay);
          return h('tr', {}, h('th', { scope: 'row' }, stay.name), h('td', {}, words.joined), h('td', {}, words.left));
        });
  return h(
    'table',
    { class: 'group-attendance-table', id: 'group-attendance-table' },
    caption,
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Who'), h('th', { scope: 'col' }, 'Came in'), h('th', { scope: 'col' }, 'Left'))),
    h('tbody', {}, ...rows),
  );
}
