// Department -> its open times -> a time: the slot choice shared by the
// patient's own booking (appointments-panel.ts) and the care team's booking
// for a patient (book-for-patient.ts). Open times are those of today and
// tomorrow (GET /api/departments/{id}/slots), at most 48 shown; they load
// as soon as a department is chosen (the first one on opening), and only
// bookable ones are offered: a time that begins while the list is shown
// drops out of it (checked every kPruneMs), and a time a booking just lost
// is left out when the list is fetched again.

import { h } from '../ui/dom';
import type { ClinicApi, ClinicDepartment, Slot } from './api';
import { formatWhen, isoDay } from './format';
import { bookableSlots } from './visit-people';

const kMaxSlotsShown = 48;
const kDayMs = 24 * 60 * 60 * 1000;
export const kPruneMs = 15 * 1000;

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
  const slotSelect = h('select', { id: `${idPrefix}-slot`, disabled: true }, h('option', { value: '' }, 'Loading the departments…'));
  let slots: Slot[] = [];
  let loading = 0; // the latest load; an older answer is dropped
  const lost = new Set<string>(); // slots a booking just lost to someone else
  let pruneTimer: ReturnType<typeof setInterval> | undefined;

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
    if (!department.value) return notReady('No departments to book in');
    if (slots.length === 0 || slots[0].department !== department.value) await loadSlots(true);
  }

  /** Fills the time list with the slots still bookable now; unless `rebuild`, only when that changed (an open list stays put). */
  function showSlots(rebuild = false): number {
    const chosen = slotSelect.value;
    const bookable = bookableSlots(slots, options.now(), lost);
    if (!rebuild && bookable.length === slots.length) return slots.length;
    slots = bookable;
    if (slots.length === 0) {
      notReady('No open times in the next two days');
      return 0;
    }
    slotSelect.replaceChildren(...slots.map((slot) => h('option', { value: slot.id }, `${formatWhen(slot.start)} with ${slot.clinician.name}`)));
    if (slots.some((slot) => slot.id === chosen)) slotSelect.value = chosen;
    slotSelect.disabled = false;
    options.ready(true);
    return slots.length;
  }

  /** Drops times that have begun while the list was shown; stops once the picker is gone. */
  function prune(): void {
    if (!slotSelect.isConnected) {
      clearInterval(pruneTimer);
      pruneTimer = undefined;
      return;
    }
    if (slots.length > 0 && showSlots() === 0) void loadSlots(true);
  }

  /** Lists the open times; `quiet` keeps the message line (after a booking). */
  async function loadSlots(quiet = false): Promise<void> {
    const id = department.value;
    if (!id) return notReady('Choose a department first');
    const load = ++loading;
    notReady('Looking for open times…');
    const today = options.now();
    const result = await clinic.slots(id, isoDay(today), isoDay(today + kDayMs));
    if (load !== loading) return; // another department was chosen meanwhile
    if (!result.ok) {
      notReady('No times could be loaded');
      return options.say(`Open times could not be loaded: ${result.error.message}`, true);
    }
    slots = bookableSlots(result.value, options.now(), lost).slice(0, kMaxSlotsShown);
    pruneTimer ??= setInterval(prune, kPruneMs);
    if (showSlots(true) === 0) {
      return options.say('There are no open times in the next two days. Try another department.');
    }
    if (!quiet) options.say(`${slots.length} open times found. Choose one and press Book.`);
  }

  showTimes.addEventListener('click', () => void loadSlots());
  department.addEventListener('change', () => void loadSlots());

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
    /** A booking of `slot` lost (slot_taken, slot_in_past): leave it out and fetch the list again. */
    lostSlot(slot: string): Promise<void> {
      lost.add(slot);
      return loadSlots(true);
    },
    /**
     * The chosen open time, if it can still be booked; otherwise undefined,
     * and the owner's message line says why (a time that has begun drops
     * out of the list rather than another one being booked in its place).
     */
    selected: (): Slot | undefined => {
      const chosen = slotSelect.value;
      showSlots();
      const slot = slots.find((candidate) => candidate.id === chosen);
      if (!slot) options.say(chosen ? 'That time has just begun. Please choose another.' : 'Choose a time first.', true);
      return slot;
    },
    /** A department's name from the loaded list (its id when unknown). */
    departmentName: (id: string): string => [...department.options].find((option) => option.value === id)?.textContent ?? id,
  };
}
