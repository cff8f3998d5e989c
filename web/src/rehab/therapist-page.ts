// The therapist's rehabilitation page (loaded on first use from the app
// shell, for care staff): pick a patient in your care, read their progress
// over the last 30 days (adherence in words, range of motion over time per
// exercise as a chart and a table, reps, pain before and after), and
// prescribe or replace their exercise programme, and watch a set they play
// now (therapist-live.ts). Every state is said in
// words in the status line (#rehab-message).

import { h } from '../ui/dom';
import type { PageController, PageHost } from '../ui/page-host';
import { pageController } from '../ui/page-controller';
import { romChartSvg } from './therapist-chart';
import { createLiveWatch } from './therapist-live';
import { carePatients, kExercises, prescribe, progressOf, type Prescription, type Progress } from './therapist-api';
import { dayLabel, exerciseName, painWords, seriesOf, setWords } from './therapist-progress';

const kDefaultActivity: Prescription = {
  exercise: 'knee-extension', side: 'right', sets: 3, reps: 10, target_deg: 10, days_per_week: 5, title: 'Seated knee extension',
};

interface ActivityRow {
  element: HTMLFieldSetElement;
  value(): Prescription;
}

function numberField(id: string, label: string, value: number, min: number, max: number, step = 1): HTMLElement {
  return h('label', { class: 'rehab-field' }, label,
    h('input', { type: 'number', id, name: id, value, min, max, step, required: true, inputmode: 'numeric' }));
}

function activityRow(index: number, initial: Prescription, remove: (row: ActivityRow) => void): ActivityRow {
  const id = (name: string) => `rehab-a${index}-${name}`;
  const exercise = h('select', { id: id('exercise') },
    ...kExercises.map((name) => h('option', { value: name, selected: name === initial.exercise }, exerciseName(name))));
  const side = h('select', { id: id('side') },
    h('option', { value: 'left', selected: initial.side === 'left' }, 'Left'),
    h('option', { value: 'right', selected: initial.side === 'right' }, 'Right'));
  const title = h('input', { type: 'text', id: id('title'), value: initial.title, maxlength: 120, required: true });
  const removeButton = h('button', { type: 'button', class: 'secondary' }, `Remove activity ${index}`);
  const element = h('fieldset', { class: 'rehab-activity' },
    h('legend', {}, `Activity ${index}`),
    h('label', { class: 'rehab-field rehab-wide' }, 'Name the patient sees', title),
    h('label', { class: 'rehab-field' }, 'Exercise', exercise),
    h('label', { class: 'rehab-field' }, 'Side', side),
    numberField(id('sets'), 'Sets', initial.sets, 1, 10),
    numberField(id('reps'), 'Reps per set', initial.reps, 1, 50),
    numberField(id('target'), 'Target angle (degrees)', initial.target_deg, 0, 180, 0.5),
    numberField(id('days'), 'Days per week', initial.days_per_week, 1, 7),
    removeButton);
  const read = (name: string) => Number((element.querySelector(`#${id(name)}`) as HTMLInputElement).value);
  const row: ActivityRow = {
    element,
    value: () => ({
      exercise: exercise.value, side: side.value as 'left' | 'right', title: title.value.trim(),
      sets: read('sets'), reps: read('reps'), target_deg: read('target'), days_per_week: read('days'),
    }),
  };
  removeButton.addEventListener('click', () => remove(row));
  return row;
}

export function createRehabTherapist(host: PageHost): PageController {
  const message = h('p', { class: 'clinic-message', role: 'status', id: 'rehab-message' });
  const close = h('button', { type: 'button', class: 'secondary clinic-close' }, 'Close');
  const patient = h('select', { id: 'rehab-patient' });
  const refresh = h('button', { type: 'button', class: 'secondary', id: 'rehab-refresh' }, 'Refresh progress');
  const watch = h('button', { type: 'button', class: 'secondary', id: 'rehab-watch' }, 'Watch live');
  const progressSection = h('section', { id: 'rehab-progress', 'aria-labelledby': 'rehab-progress-title' });
  const formTitle = h('input', { type: 'text', id: 'rehab-programme-title', maxlength: 120, required: true, value: 'Exercise programme' });
  const rowsBox = h('div', { id: 'rehab-activities' });
  const addButton = h('button', { type: 'button', class: 'secondary', id: 'rehab-add' }, 'Add an activity');
  const save = h('button', { type: 'submit', id: 'rehab-save' }, 'Save the programme');
  const problem = h('p', { class: 'error', id: 'rehab-form-problem', role: 'alert' });
  const form = h('form', { id: 'rehab-prescribe', 'aria-labelledby': 'rehab-prescribe-title', novalidate: true },
    h('h3', { id: 'rehab-prescribe-title', tabindex: -1 }, 'Prescribe a programme'),
    h('p', { class: 'rehab-hint' }, 'Saving replaces the patient\'s current programme. The games use the exercise, side and target; the server counts reps against the target.'),
    h('label', { class: 'rehab-field rehab-wide' }, 'Programme name', formTitle),
    rowsBox, addButton, problem, save);
  const liveWatch = createLiveWatch({ api: host.api, say: (text) => host.say(text), shown: () => !element.hidden });
  const element = h('section', { class: 'clinic-panel record-panel rehab-panel', id: 'rehab-therapist', 'aria-labelledby': 'rehab-title' },
    h('div', { class: 'clinic-head' }, h('h2', { id: 'rehab-title', tabindex: -1 }, 'Rehabilitation'), close),
    message,
    h('div', { class: 'clinic-row' }, h('label', { class: 'rehab-field' }, 'Patient', patient), refresh, watch),
    liveWatch.element,
    progressSection,
    form);
  host.layer.replaceChildren(element);
  let loaded = false;
  let rows: ActivityRow[] = [];

  function say(text: string, isProblem = false, announce = false): void {
    message.textContent = text;
    message.classList.toggle('problem', isProblem);
    if (announce) host.say(text);
  }

  function setRows(activities: Prescription[]): void {
    rows = [];
    rowsBox.replaceChildren();
    for (const activity of activities) addRow(activity);
  }
  function addRow(activity: Prescription): void {
    const row = activityRow(rows.length + 1, activity, (gone) => {
      if (rows.length === 1) {
        problem.textContent = 'A programme needs at least one activity.';
        return;
      }
      setRows(rows.filter((kept) => kept !== gone).map((kept) => kept.value()));
      rows[0]?.element.querySelector<HTMLElement>('input')?.focus();
    });
    rows.push(row);
    rowsBox.append(row.element);
  }
  addButton.addEventListener('click', () => {
    if (rows.length >= 12) {
      problem.textContent = 'A programme has at most 12 activities.';
      return;
    }
    addRow({ ...kDefaultActivity, title: 'New activity' });
    rows[rows.length - 1].element.querySelector<HTMLElement>('input')?.focus();
  });

  function renderProgress(progress: Progress): void {
    const series = seriesOf(progress.sets);
    const now = Date.now();
    const adherence = h('p', { id: 'rehab-adherence', class: progress.below_minimum ? 'rehab-adherence problem' : 'rehab-adherence' }, progress.words);
    const programme = progress.programme
      ? h('p', { id: 'rehab-current' }, `Current programme: ${progress.programme.title} (${progress.programme.activities.length} activities, since ${dayLabel(Date.parse(progress.programme.created))}).`)
      : h('p', { id: 'rehab-current' }, 'No programme yet: prescribe one below.');
    const blocks = series.map((one) => {
      const rowsOfTable = one.sets.map((set) =>
        h('tr', {}, h('td', {}, dayLabel(Date.parse(set.at))), h('td', {}, setWords(set)), h('td', {}, painWords(set))));
      return h('section', { class: 'rehab-series', 'aria-label': one.title },
        h('h4', {}, one.title),
        romChartSvg(one, now, progress.window_days),
        h('table', { class: 'rehab-table' },
          h('caption', {}, `${one.title}: every set`),
          h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Day'), h('th', { scope: 'col' }, 'Reps and range'), h('th', { scope: 'col' }, 'Pain'))),
          h('tbody', {}, ...rowsOfTable)));
    });
    progressSection.replaceChildren(
      h('h3', { id: 'rehab-progress-title', tabindex: -1 }, `${progress.name || 'Patient'}: the last ${progress.window_days} days`),
      adherence,
      programme,
      ...(blocks.length > 0 ? blocks : [h('p', { id: 'rehab-no-sets' }, 'No exercise sets recorded in the last 30 days.')]),
    );
    setRows(progress.programme ? progress.programme.activities : [kDefaultActivity]);
    if (progress.programme) formTitle.value = progress.programme.title;
  }

  async function loadProgress(): Promise<void> {
    if (!patient.value) return;
    say('Loading the patient\'s progress…');
    const result = await progressOf(host.api, patient.value);
    if (!result.ok) {
      say(`Their progress could not be loaded: ${result.error.message}`, true, true);
      return;
    }
    renderProgress(result.value);
    say(`Progress loaded. ${result.value.words}`, false, true);
  }

  async function load(): Promise<void> {
    loaded = true;
    say('Loading the patients in your care…');
    const result = await carePatients(host.api);
    if (!result.ok) {
      loaded = false;
      say(`The patients in your care could not be loaded: ${result.error.message}`, true, true);
      return;
    }
    if (result.value.length === 0) {
      form.hidden = true;
      watch.hidden = true;
      say('No patients in your care yet: a booked visit with you starts the care relationship.');
      return;
    }
    patient.replaceChildren(...result.value.map((entry) => h('option', { value: entry.patient }, entry.name || entry.patient)));
    await loadProgress();
  }
  patient.addEventListener('change', () => {
    liveWatch.stop();
    void loadProgress();
  });
  watch.addEventListener('click', () => {
    if (patient.value) liveWatch.start(patient.value);
    else say('Choose a patient first.', true, true);
  });
  refresh.addEventListener('click', () => void loadProgress());

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    problem.textContent = '';
    const activities = rows.map((row) => row.value());
    const bad = activities.findIndex((activity) => !activity.title || [activity.sets, activity.reps, activity.target_deg, activity.days_per_week].some((n) => !Number.isFinite(n)));
    if (bad >= 0) {
      problem.textContent = `Activity ${bad + 1}: fill in every field with a number and a name.`;
      return;
    }
    save.disabled = true;
    say('Saving the programme…');
    void prescribe(host.api, patient.value, formTitle.value.trim(), activities).then(async (result) => {
      save.disabled = false;
      if (!result.ok) {
        problem.textContent = `Not saved: ${result.error.message}`;
        say('The programme was not saved.', true, true);
        return;
      }
      await loadProgress();
      say(`Programme saved: ${result.value.title}, ${result.value.activities.length} activities. It replaces the earlier one.`, false, true);
    });
  });

  return pageController(host, element, '#rehab-title', close, () => {
    if (!loaded) void load();
  });
}
