// The patient's "Appointments" panel: my appointments (check in, cancel) and
// booking (department -> open times -> book, with an optional reason).

import { h } from '../ui/dom';
import type { Appointment, ClinicApi, GroupSession } from './api';
import { appointmentStatusWords, checkInWindow, clinicErrorWords, formatWhen } from './format';
import { createSlotPicker } from './slot-picker';

export interface AppointmentsActions {
  checkIn(appointment: Appointment): void;
  close(): void;
}

const kDayMs = 24 * 60 * 60 * 1000;

export function createAppointmentsPanel(clinic: ClinicApi, actions: AppointmentsActions, now: () => number = Date.now) {
  const message = h('p', { class: 'clinic-message', role: 'status', id: 'appointments-message' });
  const list = h('ul', { class: 'clinic-list', id: 'appointments-list', 'aria-label': 'My appointments' });
  // Group sessions one is invited to (a therapist's scheduled group); joined from "Group rooms".
  const groups = h('ul', { class: 'clinic-list', id: 'appointments-groups', 'aria-label': 'My group sessions' });
  const groupsTitle = h('h3', { hidden: true }, 'My group sessions');
  const reason = h('input', { id: 'book-reason', type: 'text', maxlength: 500, autocomplete: 'off' });
  const book = h('button', { type: 'submit', id: 'book-submit', disabled: true }, 'Book');
  const picker = createSlotPicker(clinic, { idPrefix: 'book', say: (text, problem) => say(text, problem), ready: (ready) => (book.disabled = !ready), now });
  const form = h(
    'form',
    { class: 'clinic-form', id: 'book-form' },
    ...picker.fields,
    h('label', { for: 'book-reason' }, 'Reason for the visit (optional)'),
    reason,
    h('div', { class: 'clinic-row' }, book),
  );
  const close = h('button', { type: 'button', class: 'secondary clinic-close' }, 'Close');
  close.addEventListener('click', () => actions.close());
  const element = h(
    'section',
    { class: 'clinic-panel', id: 'clinic-appointments', 'aria-labelledby': 'clinic-appointments-title' },
    h('div', { class: 'clinic-head' }, h('h2', { id: 'clinic-appointments-title' }, 'Appointments'), close),
    message,
    h('h3', {}, 'My appointments'),
    list,
    groupsTitle,
    groups,
    h('h3', {}, 'Book a visit'),
    form,
  );

  function say(text: string, problem = false): void {
    message.textContent = text;
    message.classList.toggle('problem', problem);
  }

  const kPlaces: Record<GroupSession['place'], string> = { room: 'in the group room', forest: 'in the forest clearing', beach: 'on the beach' };
  async function refreshGroups(): Promise<void> {
    const result = await clinic.groupSessions();
    const upcoming = result.ok ? result.value.filter((group) => Date.parse(group.starts_at!) > now() - kDayMs) : [];
    groupsTitle.hidden = upcoming.length === 0;
    groups.replaceChildren(
      ...upcoming.map((group) =>
        h('li', { 'data-group': group.id }, h('span', { class: 'name' }, group.title), ` ${formatWhen(group.starts_at!)}, ${kPlaces[group.place] ?? ''}. Join it from "Group rooms" at the top.`),
      ),
    );
  }

  async function refresh(): Promise<void> {
    void refreshGroups();
    const result = await clinic.appointments();
    if (!result.ok) return say(`Your appointments could not be loaded: ${result.error.message}`, true);
    const shown = result.value.filter((appointment) => appointment.status === 'booked' || Date.parse(appointment.end) > now() - kDayMs);
    if (shown.length === 0) {
      list.replaceChildren(h('li', {}, 'You have no appointments yet.'));
      return;
    }
    list.replaceChildren(...shown.map(renderAppointment));
  }

  function renderAppointment(appointment: Appointment): HTMLElement {
    const when = formatWhen(appointment.start);
    const departmentName = picker.departmentName(appointment.department);
    const item = h(
      'li',
      { 'data-appointment': appointment.id },
      h('span', { class: 'clinic-what' }, `${when}: ${departmentName} with ${appointment.clinician.name}`),
      h('span', { class: 'badge' }, appointmentStatusWords(appointment.status)),
    );
    if (appointment.status !== 'booked') return item;
    const opening = checkInWindow(appointment, now());
    const buttons = h('div', { class: 'clinic-row' });
    if (opening === 'open') {
      const checkIn = h('button', { type: 'button', 'aria-label': `Check in for ${when}` }, 'Check in');
      checkIn.addEventListener('click', () => actions.checkIn(appointment));
      buttons.append(checkIn);
    } else if (opening === 'too_early') {
      buttons.append(h('span', { class: 'notice' }, 'Check-in opens one hour before.'));
    }
    if (Date.parse(appointment.start) > now()) {
      const cancel = h('button', { type: 'button', class: 'secondary', 'aria-label': `Cancel the appointment of ${when}` }, 'Cancel');
      cancel.addEventListener('click', async () => {
        cancel.disabled = true;
        const result = await clinic.cancel(appointment.id);
        if (!result.ok) say(clinicErrorWords(result.error.code, result.error.message), true);
        else say(`The appointment of ${when} is cancelled.`);
        await refresh();
      });
      buttons.append(cancel);
    }
    item.append(buttons);
    return item;
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const slot = picker.selected();
    if (!slot) return; // the picker said why
    book.disabled = true;
    const result = await clinic.book(slot.id, reason.value);
    book.disabled = false;
    if (!result.ok) {
      say(clinicErrorWords(result.error.code, result.error.message), true);
      if (result.error.code === 'slot_taken' || result.error.code === 'slot_in_past') void picker.lostSlot(slot.id);
      return;
    }
    reason.value = '';
    say(`Booked: ${formatWhen(result.value.start)} with ${result.value.clinician.name}.`);
    await refresh();
    void picker.loadSlots(true);
  });

  return {
    element,
    async show(): Promise<void> {
      await picker.loadDepartments();
      await refresh();
    },
    say,
  };
}
