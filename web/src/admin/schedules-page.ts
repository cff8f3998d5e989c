// The admin console's Departments and availability section (for
// `operate`): each department's clinic time zone and its clinicians' weekly
// hours (in that zone's local time, so a clinic keeps its hours across
// daylight saving), and clinicians' days off (holidays), which take their
// slots off the booking calendar. Every change is audited by the server.

import { h } from '../ui/dom';
import { failureWords } from './admin-api';
import {
  addDayOff,
  addRule,
  kWeekdays,
  removeDayOff,
  removeRule,
  ruleProblem,
  schedules,
  updateDepartment,
  weekdayName,
  type DepartmentSchedule,
  type Schedules,
} from './schedules-api';
import type { PageHost } from '../ui/page-host';

export interface SchedulesSection {
  element: HTMLElement;
  load(): Promise<void>;
}

function clinicianSelect(id: string, data: Schedules): HTMLSelectElement {
  const select = h('select', { id });
  for (const clinician of data.clinicians) select.append(h('option', { value: String(clinician.id) }, `${clinician.name} (${clinician.role})`));
  return select;
}

function labelled(id: string, label: string, control: HTMLElement): HTMLElement {
  return h('div', { class: 'admin-field' }, h('label', { for: id }, label), control);
}

export function createSchedulesSection(host: PageHost): SchedulesSection {
  const message = h('p', { class: 'clinic-message', role: 'status', id: 'admin-schedules-message' });
  const departments = h('div', { id: 'admin-departments' });
  const daysOff = h('div', { id: 'admin-days-off' });
  const element = h(
    'section',
    { class: 'admin-section', id: 'admin-schedules', 'aria-labelledby': 'admin-schedules-title' },
    h('h3', { id: 'admin-schedules-title' }, 'Departments and availability'),
    h('p', {}, 'Weekly hours are in each department’s own time zone: a clinic open 09:00 to 12:00 stays open then when the clocks change. Patients see the times in their own time zone when they book.'),
    message,
    departments,
    daysOff,
  );

  function say(text: string, problem = false): void {
    message.textContent = text;
    message.classList.toggle('problem', problem);
    if (text) host.say(text);
  }

  async function act(run: () => Promise<{ ok: boolean }>, done: string, failed: string): Promise<void> {
    const result = await run();
    if (!result.ok) return say(`${failed} ${failureWords(result as never)}`, true);
    say(done);
    await load();
  }

  function renderDepartment(department: DepartmentSchedule, data: Schedules): HTMLElement {
    const slug = department.slug;
    const zones = data.time_zones.includes(department.time_zone) ? data.time_zones : [department.time_zone, ...data.time_zones];
    const zone = h('select', { id: `admin-zone-${slug}` });
    for (const name of zones) zone.append(h('option', { value: name, selected: name === department.time_zone }, name));
    const saveZone = h('button', { type: 'button', class: 'secondary' }, 'Save time zone');
    saveZone.setAttribute('aria-label', `Save the time zone of ${department.name}`);
    saveZone.addEventListener('click', () =>
      void act(() => updateDepartment(host.api, slug, { time_zone: zone.value }), `${department.name} now keeps its hours in ${zone.value}.`, `The time zone of ${department.name} did not change.`),
    );
    const rows = department.rules.map((rule) => {
      const remove = h('button', { type: 'button', class: 'secondary' }, 'Remove');
      const what = `${rule.clinician_name}, ${weekdayName(rule.weekday)} ${rule.start} to ${rule.end}`;
      remove.setAttribute('aria-label', `Remove ${what} in ${department.name}`);
      remove.addEventListener('click', () => void act(() => removeRule(host.api, slug, rule), `Removed ${what} from ${department.name}. Booked visits stay booked.`, 'Nothing was removed.'));
      return h('tr', {}, h('td', {}, rule.clinician_name), h('td', {}, weekdayName(rule.weekday)), h('td', {}, `${rule.start} to ${rule.end}`), h('td', {}, `${rule.slot_minutes} min`), h('td', {}, remove));
    });
    const clinician = clinicianSelect(`admin-rule-clinician-${slug}`, data);
    const weekday = h('select', { id: `admin-rule-day-${slug}` });
    kWeekdays.forEach((name, index) => weekday.append(h('option', { value: String(index + 1) }, name)));
    const start = h('input', { type: 'time', id: `admin-rule-start-${slug}`, value: '09:00', step: 300 });
    const end = h('input', { type: 'time', id: `admin-rule-end-${slug}`, value: '12:00', step: 300 });
    const length = h('input', { type: 'number', id: `admin-rule-length-${slug}`, value: '30', min: 5, max: 240, step: 5 });
    const add = h('button', { type: 'submit' }, 'Add weekly hours');
    const form = h(
      'form',
      { class: 'admin-form admin-rule-form', 'aria-label': `Add weekly hours in ${department.name}` },
      labelled(clinician.id, 'Clinician', clinician),
      labelled(weekday.id, 'Day', weekday),
      labelled(start.id, `From (${department.time_zone})`, start),
      labelled(end.id, 'To', end),
      labelled(length.id, 'Visit length (minutes)', length),
      h('div', { class: 'clinic-row' }, add),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const problem = ruleProblem(start.value, end.value, Number(length.value));
      if (problem) return say(`Not added: ${problem}`, true);
      void act(
        () => addRule(host.api, { department: slug, clinician_user_id: Number(clinician.value), weekday: Number(weekday.value), start: start.value, end: end.value, slot_minutes: Number(length.value) }),
        `Added ${weekdayName(Number(weekday.value))} ${start.value} to ${end.value} in ${department.name}; the new slots are open for booking.`,
        'The hours were not added.',
      );
    });
    return h(
      'section',
      { class: 'admin-department', 'aria-labelledby': `admin-department-${slug}` },
      h('h4', { id: `admin-department-${slug}` }, department.name),
      h('div', { class: 'clinic-row' }, h('label', { for: zone.id }, 'Time zone'), zone, saveZone),
      department.rules.length === 0
        ? h('p', {}, 'No weekly hours yet: patients cannot book here.')
        : h(
            'div',
            { class: 'record-scroll', tabindex: 0, role: 'region', 'aria-label': `Weekly hours in ${department.name} (scrolls sideways)` },
            h(
              'table',
              { class: 'record-access admin-table' },
              h('caption', { class: 'visually-hidden' }, `Weekly hours in ${department.name}`),
              h('thead', {}, h('tr', {}, ...['Clinician', 'Day', 'Hours', 'Visits', 'Change'].map((title) => h('th', { scope: 'col' }, title)))),
              h('tbody', {}, ...rows),
            ),
          ),
      form,
    );
  }

  function renderDaysOff(data: Schedules): HTMLElement[] {
    const rows = data.days_off.map((dayOff) => {
      const remove = h('button', { type: 'button', class: 'secondary' }, 'Remove');
      remove.setAttribute('aria-label', `Remove the day off of ${dayOff.clinician_name} on ${dayOff.day}`);
      remove.addEventListener('click', () => void act(() => removeDayOff(host.api, dayOff), `${dayOff.clinician_name} works on ${dayOff.day} again.`, 'Nothing was removed.'));
      return h('li', {}, `${dayOff.day}: ${dayOff.clinician_name}${dayOff.reason ? ` (${dayOff.reason})` : ''} `, remove);
    });
    const clinician = clinicianSelect('admin-day-off-clinician', data);
    const day = h('input', { type: 'date', id: 'admin-day-off-day', required: true });
    const reason = h('input', { id: 'admin-day-off-reason', maxlength: 100, placeholder: 'e.g. public holiday' });
    const add = h('button', { type: 'submit' }, 'Add a day off');
    const form = h('form', { class: 'admin-form admin-rule-form', 'aria-label': 'Add a day off' }, labelled(clinician.id, 'Clinician', clinician), labelled(day.id, 'Day', day), labelled(reason.id, 'Reason (optional)', reason), h('div', { class: 'clinic-row' }, add));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      if (!day.value) return say('Not added: choose the day.', true);
      void act(
        () => addDayOff(host.api, { clinician_user_id: Number(clinician.value), day: day.value, reason: reason.value.trim() }),
        `Day off added: no visits can be booked with them on ${day.value}. Visits already booked that day stay booked; move them with the patients.`,
        'The day off was not added.',
      );
    });
    return [h('h4', {}, 'Days off'), rows.length ? h('ul', { id: 'admin-days-off-list' }, ...rows) : h('p', {}, 'No days off planned.'), form];
  }

  async function load(): Promise<void> {
    const result = await schedules(host.api);
    if (!result.ok) return say(`The departments could not be loaded. ${failureWords(result)}`, true);
    const keep = document.activeElement instanceof HTMLElement && element.contains(document.activeElement) ? document.activeElement.id : '';
    departments.replaceChildren(...result.value.departments.map((department) => renderDepartment(department, result.value)));
    daysOff.replaceChildren(...renderDaysOff(result.value));
    if (keep) document.getElementById(keep)?.focus();
  }

  return { element, load };
}
