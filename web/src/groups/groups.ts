// Group rooms in the browser (loaded on demand from the app shell; docs/voice.md
// "Group rooms"): the list of rooms the signed-in person is in, each with
// Join; for care staff (capability `host_groups`) a form to open one with a
// title, a kind and the members' logins, and the attendance of the rooms
// they opened (attendance-view.ts); before joining, how you appear (a
// silhouette, first name only); once joined, the room itself (room-view.ts).
// Every state is said in words.

import { can } from '../net/capabilities';
import { h } from '../ui/dom';
import { GroupsApi, type GroupKind, type GroupPlace, type GroupRoom } from './api';
import type { GroupsController, GroupsHost } from './host';
import { createAttendanceView } from './attendance-view';
import { createRoomView, type RoomView } from './room-view';
import { groupErrorWords, kKindNames, kPlaceNames, parseLogins, roomSummary } from './words';

export function createGroups(host: GroupsHost): GroupsController {
  const api = new GroupsApi(host.api);
  const message = h('p', { class: 'clinic-message', role: 'status', id: 'groups-message' });
  const list = h('ul', { class: 'group-list', id: 'group-list', 'aria-label': 'Your group rooms' });
  const close = h('button', { type: 'button', class: 'secondary clinic-close', id: 'groups-close' }, 'Close');
  const form = can(host.user, 'host_groups') ? createForm() : null;
  const attendance = form ? createAttendanceView(api, (text) => host.say(text)) : null;
  const silhouette = h('input', { type: 'checkbox', id: 'group-join-silhouette' });
  const firstName = h('input', { type: 'checkbox', id: 'group-join-first-name' });
  const choices = h(
    'fieldset',
    { class: 'group-choices', id: 'group-choices' },
    h('legend', {}, 'How others in the room see you'),
    h('label', { class: 'checkbox', for: 'group-join-silhouette' }, silhouette, ' Appear as a silhouette'),
    h('label', { class: 'checkbox', for: 'group-join-first-name' }, firstName, ' Show only my first name'),
    h('p', { class: 'notice' }, 'You can choose again each time you join. The host always sees who you are.'),
  );
  const listing = h(
    'section',
    { class: 'clinic-panel group-panel', id: 'groups', 'aria-labelledby': 'groups-title' },
    h('div', { class: 'clinic-head' }, h('h2', { id: 'groups-title', tabindex: -1 }, 'Group rooms'), close),
    h('p', {}, 'Therapy groups, case conferences and classes you are in. Join one to meet its people there and talk together.'),
    message,
    h('h3', {}, 'Your group rooms'),
    choices,
    list,
    form?.element,
    attendance,
  );
  let open = false;
  let room: RoomView | undefined;
  host.layer.replaceChildren(listing);
  host.layer.hidden = true;

  close.addEventListener('click', () => {
    setOpen(false);
  });

  function say(text: string, problem = false): void {
    message.textContent = text;
    message.classList.toggle('problem', problem);
  }

  function setOpen(next: boolean): void {
    open = next;
    host.layer.hidden = !next;
    host.shown(next);
    if (next) {
      if (!room) void reload();
      (host.layer.querySelector<HTMLElement>('#group-room-title') ?? host.layer.querySelector<HTMLElement>('#groups-title'))?.focus();
    }
  }

  async function reload(): Promise<void> {
    list.setAttribute('aria-busy', 'true');
    const result = await api.list();
    list.setAttribute('aria-busy', 'false');
    if (!result.ok) {
      say(groupErrorWords(result.error.code, result.error.message), true);
      return;
    }
    renderList(result.value);
  }

  function renderList(rooms: GroupRoom[]): void {
    list.replaceChildren(
      ...(rooms.length === 0
        ? [h('li', {}, form ? 'You are in no group room yet. Open one below.' : 'You are in no group room. Your therapist or teacher adds you to one.')]
        : rooms.map((entry) => {
            const join = h('button', { type: 'button', 'aria-label': `Join ${entry.title}` }, 'Join');
            join.addEventListener('click', () => enter(entry));
            return h(
              'li',
              { 'data-group': entry.id },
              h('span', { class: 'name' }, entry.title),
              h('span', { class: 'notice' }, roomSummary(entry)),
              join,
            );
          })),
    );
  }

  function enter(entry: GroupRoom): void {
    room?.leave();
    say('');
    room = createRoomView(host, api, entry, { silhouette: silhouette.checked, first_name_only: firstName.checked }, (words) => {
      room = undefined;
      host.layer.replaceChildren(listing);
      say(words);
      void reload();
      listing.querySelector<HTMLElement>('#groups-title')?.focus();
    });
    host.layer.replaceChildren(room.element);
    room.element.querySelector<HTMLElement>('#group-room-title')?.focus();
  }

  function createForm() {
    const title = h('input', { id: 'group-title', type: 'text', maxlength: 120, required: true, autocomplete: 'off' });
    const kind = h(
      'select',
      { id: 'group-kind' },
      ...(Object.keys(kKindNames) as GroupKind[]).map((value) => h('option', { value }, kKindNames[value])),
    );
    const place = h(
      'select',
      { id: 'group-place' },
      ...(Object.keys(kPlaceNames) as GroupPlace[]).map((value) => h('option', { value }, kPlaceNames[value])),
    );
    const starts = h('input', { id: 'group-starts', type: 'datetime-local', 'aria-describedby': 'group-starts-help' });
    const members = h('textarea', { id: 'group-members-input', rows: 2, 'aria-describedby': 'group-members-help', autocomplete: 'off' });
    const submit = h('button', { type: 'submit', id: 'group-create' }, 'Open the room');
    const element = h(
      'form',
      { class: 'clinic-form', id: 'group-form', 'aria-labelledby': 'group-form-title' },
      h('h3', { id: 'group-form-title' }, 'Open a group room'),
      h('label', { for: 'group-title' }, 'Title'),
      title,
      h('label', { for: 'group-kind' }, 'Kind'),
      kind,
      h('label', { for: 'group-place' }, 'Place'),
      place,
      h('label', { for: 'group-starts' }, 'Starts (optional)'),
      starts,
      h('p', { class: 'notice', id: 'group-starts-help' }, 'Your local time. Members see it in their appointments; they can come in at any time.'),
      h('label', { for: 'group-members-input' }, "Members' logins"),
      members,
      h('p', { class: 'notice', id: 'group-members-help' }, 'Separate logins with commas or spaces. You are the host and join too; only the people listed see the room.'),
      submit,
    );
    element.addEventListener('submit', async (event) => {
      event.preventDefault();
      submit.disabled = true;
      say('Opening the room…');
      const start = starts.value ? new Date(starts.value) : undefined;
      if (start && Number.isNaN(start.getTime())) {
        submit.disabled = false;
        say('The start time is not a date and time. Pick one, or leave it empty.', true);
        return;
      }
      const created = await api.create({
        title: title.value.trim(),
        kind: kind.value as GroupKind,
        members: parseLogins(members.value),
        place: place.value as GroupPlace,
        starts_at: start?.toISOString(),
      });
      submit.disabled = false;
      if (!created.ok) {
        say(groupErrorWords(created.error.code, created.error.message), true);
        return;
      }
      title.value = '';
      members.value = '';
      starts.value = '';
      say(`"${created.value.title}" is open. Its members see it in their group rooms.`);
      host.say(`"${created.value.title}" is open.`);
      void reload();
    });
    return { element };
  }

  return {
    toggle: () => setOpen(!open),
    open: () => setOpen(true),
    close: () => setOpen(false),
    signal: (signal) => room?.signal(signal) ?? false,
    error: (error) => room?.error(error),
  };
}
