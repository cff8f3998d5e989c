// Department -> "Show open times" -> a time: the slot choice shared by the
// patient's own booking (appointments-panel.ts) and the care team's booking
// for a patient (book-for-patient.ts). Open times are those of today and
// tomorrow (GET /api/departments/{id}/slots), at most 48 shown.

import { h } from '../ui/dom';
import type { ClinicApi, ClinicDepartment, Slot } from './api';
import { formatWhen, isoDay } from './format';

const kMaxSlotsShown = 48;
const kDayMs = 24 * 60 * 60 * 1000;

export interface SlotPickerOptions {
  /** Prefix of the controls' ids ("book" gives book-department, book-slot, book-show-times). */
  idPrefix: string;
  /** The owner's message line. */
  say(text: string, problem?: boolean): void;
  /** Called with true once a time can be chosen, false while there is none. */
  ready(ready: boolean): void;
  now: () => number;
}

export function createSlotPicker(clinic: ClinicApi, options: SlotPickerOptions) {
  const { idPrefix } = options;
  const department = h('select', { id: `${idPrefix}-department` });
  const showTimes = h('button', { type: 'button', class: 'secondary', id: `${idPrefix}-show-times` }, 'Show open times');
  const slotSelect = h('select', { id: `${idPrefix}-slot`, disabled: true }, h('option', { value: '' }, 'Choose a department first'));
  let slots: Slot[] = [];

  function notReady(words: string): void {
    slotSelect.disabled = true;
    options.ready(false);
    slotSelect.replaceChildren(h('option', { value: '' }, words));
  }

  async function loadDepartments(): Promise<void> {
    const result = await clinic.departments();
    if (!result.ok) return options.say(`The departments could not be loaded: ${result.error.message}`, true);
    const chosen = department.value;
    department.replaceChildren(...result.value.map((d: ClinicDepartment) => h('option', { value: d.id }, d.name)));
    if (chosen) department.value = chosen;
  }

  /** Lists the open times; `quiet` keeps the message line (after a booking). */
  async function loadSlots(quiet = false): Promise<void> {
    const id = department.value;
    if (!id) return;
    notReady('Looking for open times…');
    const today = options.now();
    const result = await clinic.slots(id, isoDay(today), isoDay(today + kDayMs));
    if (!result.ok) {
      notReady('No times could be loaded');
      return options.say(`Open times could not be loaded: ${result.error.message}`, true);
    }
    slots = result.value.slice(0, kMaxSlotsShown);
    if (slots.length === 0) {
      notReady('No open times in the next two days');
      return options.say('There are no open times in the next two days. Try another department.');
    }
    slotSelect.replaceChildren(...slots.map((slot) => h('option', { value: slot.id }, `${formatWhen(slot.start)} with ${slot.clinician.name}`)));
    slotSelect.disabled = false;
    options.ready(true);
    if (!quiet) options.say(`${slots.length} open times found. Choose one and press Book.`);
  }

  showTimes.addEventListener('click', () => void loadSlots());
  department.addEventListener('change', () => notReady('Press "Show open times"'));

  return {
    /** The labelled controls, in order, for the owner's form. */
    fields: [
      h('label', { for: `${idPrefix}-department` }, 'Department'),
      h('div', { class: 'clinic-row' }, department, showTimes),
      h('label', { for: `${idPrefix}-slot` }, 'Time'),
      slotSelect,
    ],
    loadDepartments,
    loadSlots,
    /** The chosen open time, if any. */
    selected: (): Slot | undefined => slots.find((candidate) => candidate.id === slotSelect.value),
    /** A department's name from the loaded list (its id when unknown). */
    departmentName: (id: string): string => [...department.options].find((option) => option.value === id)?.textContent ?? id,
  };
}
