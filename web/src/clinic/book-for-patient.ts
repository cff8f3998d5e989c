// "Book for a patient" on the care team's dashboard (issue 5: "a nurse or
// clinician books for a patient and can send a visit link to a guest who has
// no account"): the patient's login or code number, a department's open
// time, an optional reason, and on request a single-use visit link, shown
// as a full address with a Copy button.

import { h } from '../ui/dom';
import type { ClinicApi } from './api';
import { clinicErrorWords, formatWhen } from './format';
import { createSlotPicker } from './slot-picker';

/**
 * A read-only field with a visit link's full address (location.origin +
 * `path`) and a Copy button; `say` reports the copy.
 */
export function visitLinkField(id: string, label: string, path: string, say: (text: string) => void): HTMLElement[] {
  const url = new URL(path, location.origin).href;
  const field = h('input', { type: 'text', readonly: true, id, value: url });
  const copy = h('button', { type: 'button', class: 'secondary' }, 'Copy');
  copy.addEventListener('click', async () => {
    field.select();
    try {
      await navigator.clipboard.writeText(url);
      say('The visit link is copied. Send it to the guest; it works once.');
    } catch {
      say('Select the link and copy it (Ctrl+C), then send it to the guest.');
    }
  });
  return [h('label', { for: id }, label), h('div', { class: 'clinic-row' }, field, copy)];
}

export interface BookForPatientActions {
  /** An appointment was booked (the dashboard's lists are stale). */
  booked(): void;
  now: () => number;
  /** Offer a visit link with the booking (the issue_visit_links capability). */
  offerVisitLink: boolean;
}

export function createBookForPatient(clinic: ClinicApi, actions: BookForPatientActions) {
  const titleId = 'book-for-title';
  const message = h('p', { class: 'clinic-message', role: 'status', id: 'book-for-message' });
  const patient = h('input', { id: 'book-for-patient', type: 'text', autocomplete: 'off', spellcheck: 'false', maxlength: 128, required: true });
  const reason = h('input', { id: 'book-for-reason', type: 'text', maxlength: 500, autocomplete: 'off' });
  const withLink = h('input', { type: 'checkbox', id: 'book-for-link', 'aria-describedby': 'book-for-link-hint' });
  const book = h('button', { type: 'submit', id: 'book-for-submit', disabled: true }, 'Book for the patient');
  const result = h('div', { class: 'clinic-link', id: 'book-for-result', hidden: true });
  const say = (text: string, problem = false) => {
    message.textContent = text;
    message.classList.toggle('problem', problem);
  };
  const picker = createSlotPicker(clinic, { idPrefix: 'book-for', say, ready: (ready) => (book.disabled = !ready), now: actions.now });
  const form = h(
    'form',
    { class: 'clinic-form', id: 'book-for-form' },
    h('label', { for: 'book-for-patient' }, 'Patient (login or code number)'),
    patient,
    ...picker.fields,
    h('label', { for: 'book-for-reason' }, 'Reason for the visit (optional)'),
    reason,
    actions.offerVisitLink ? h('label', { for: 'book-for-link', class: 'clinic-consent' }, withLink, 'Create a visit link for a guest without an account') : null,
    actions.offerVisitLink ? h('p', { class: 'notice', id: 'book-for-link-hint' }, 'The link lets one person without an account (the patient, a family member or an interpreter) check in and join this visit. It works once.') : null,
    h('div', { class: 'clinic-row' }, book),
  );
  const element = h('section', { class: 'clinic-book-for', id: 'book-for', 'aria-labelledby': titleId }, h('h3', { id: titleId }, 'Book for a patient'), form, message, result);
  let departmentsLoaded = false;

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const who = patient.value.trim();
    if (!who) {
      say('Enter the patient’s login or code number.', true);
      patient.focus();
      return;
    }
    const slot = picker.selected();
    if (!slot) return; // the picker said why
    book.disabled = true;
    result.hidden = true;
    result.replaceChildren();
    const answer = await clinic.bookFor({ slot: slot.id, patient: who, reason: reason.value, visitLink: actions.offerVisitLink && withLink.checked });
    book.disabled = false;
    if (!answer.ok) {
      say(clinicErrorWords(answer.error.code, answer.error.message), true);
      if (answer.error.code === 'slot_taken' || answer.error.code === 'slot_in_past') void picker.lostSlot(slot.id);
      return;
    }
    const booked = answer.value;
    say(`Booked for ${who}: ${formatWhen(booked.start)}, ${picker.departmentName(booked.department)}, with ${booked.clinician.name}.${booked.visit_link ? ' The visit link is below.' : ''}`);
    if (booked.visit_link) {
      result.replaceChildren(...visitLinkField('book-for-link-url', `Visit link for a guest (works once, until ${formatWhen(booked.visit_link.expires)})`, booked.visit_link.url, (text) => say(text)));
      result.hidden = false;
    }
    reason.value = '';
    actions.booked();
    void picker.loadSlots(true);
  });

  return {
    element,
    /** Loads the departments the first time the dashboard is shown. */
    show(): void {
      if (departmentsLoaded) return;
      departmentsLoaded = true;
      void picker.loadDepartments();
    },
  };
}
