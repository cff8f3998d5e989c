// The patient's "Appointments" panel: my appointments (check in, cancel) and
// booking (department -> open times -> book, with an optional reason).

import { h } from '../ui/dom';
import type { Appointment, ClinicApi, ClinicDepartment, Slot } from './api';
import { appointmentStatusWords, checkInWindow, clinicErrorWords, formatWhen, isoDay } from './format';

export interface AppointmentsActions {
  checkIn(appointment: Appointment): void;
  close(): void;
}

const kMaxSlotsShown = 48;
const kDayMs = 24 * 60 * 60 * 1000;

export function createAppointmentsPanel(clinic: ClinicApi, actions: AppointmentsActions, now: () => number = Date.now) {
  const message = h('p', { class: 'clinic-message', role: 'status', id: 'appointments-message' });
  const list = h('ul', { class: 'clinic-list', id: 'appointments-list', 'aria-label': 'My appointments' });
  const department = h('select', { id: 'book-department' });
  const showTimes = h('button', { type: 'button', class: 'secondary', id: 'book-show-times' }, 'Show open times');
  const slotSelect = h('select', { id: 'book-slot', disabled: true }, h('option', { value: '' }, 'Choose a department first'));
  const reason = h('input', { id: 'book-reason', type: 'text', maxlength: 500, autocomplete: 'off' });
  const book = h('button', { type: 'submit', id: 'book-submit', disabled: true }, 'Book');
  const form = h(
    'form',
    { class: 'clinic-form', id: 'book-form' },
    h('label', { for: 'book-department' }, 'Department'),
    h('div', { class: 'clinic-row' }, department, showTimes),
    h('label', { for: 'book-slot' }, 'Time'),
    slotSelect,
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
    h('h3', {}, 'Book a visit'),
    form,
  );
  let slots: Slot[] = [];

  function say(text: string, problem = false): void {
    message.textContent = text;
    message.classList.toggle('problem', problem);
  }

  async function loadDepartments(): Promise<void> {
    const result = await clinic.departments();
    if (!result.ok) return say(`The departments could not be loaded: ${result.error.message}`, true);
    const chosen = department.value;
    department.replaceChildren(...result.value.map((d: ClinicDepartment) => h('option', { value: d.id }, d.name)));
    if (chosen) department.value = chosen;
  }

  /** Lists the open times; `quiet` keeps the message line (after a booking). */
  async function loadSlots(quiet = false): Promise<void> {
    const id = department.value;
    if (!id) return;
    slotSelect.disabled = true;
    book.disabled = true;
    slotSelect.replaceChildren(h('option', { value: '' }, 'Looking for open times…'));
    const today = now();
    const result = await clinic.slots(id, isoDay(today), isoDay(today + kDayMs));
    if (!result.ok) {
      slotSelect.replaceChildren(h('option', { value: '' }, 'No times could be loaded'));
      return say(`Open times could not be loaded: ${result.error.message}`, true);
    }
    slots = result.value.slice(0, kMaxSlotsShown);
    if (slots.length === 0) {
      slotSelect.replaceChildren(h('option', { value: '' }, 'No open times in the next two days'));
      return say('There are no open times in the next two days. Try another department.');
    }
    slotSelect.replaceChildren(
      ...slots.map((slot) => h('option', { value: slot.id }, `${formatWhen(slot.start)} with ${slot.clinician.name}`)),
    );
    slotSelect.disabled = false;
    book.disabled = false;
    if (!quiet) say(`${slots.length} open times found. Choose one and press Book.`);
  }

  async function refresh(): Promise<void> {
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
    const departmentName = [...department.options].find((option) => option.value === appointment.department)?.textContent ?? appointment.department;
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

  showTimes.addEventListener('click', () => void loadSlots());
  department.addEventListener('change', () => {
    slotSelect.disabled = true;
    book.disabled = true;
    slotSelect.replaceChildren(h('option', { value: '' }, 'Press "Show open times"'));
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const slot = slots.find((candidate) => candidate.id === slotSelect.value);
    if (!slot) return say('Choose a time first.', true);
    book.disabled = true;
    const result = await clinic.book(slot.id, reason.value);
    book.disabled = false;
    if (!result.ok) {
      say(clinicErrorWords(result.error.code, result.error.message), true);
      if (result.error.code === 'slot_taken') void loadSlots(true);
      return;
    }
    reason.value = '';
    say(`Booked: ${formatWhen(result.value.start)} with ${result.value.clinician.name}.`);
    await refresh();
    void loadSlots(true);
  });

  return {
    element,
    async show(): Promise<void> {
      await loadDepartments();
      await refresh();
    },
    say,
  };
}
