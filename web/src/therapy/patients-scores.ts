// "Patients' scores" for care staff (the therapist first): pick a patient
// in your care (GET /fhir/Patient: the care policy decides who is listed),
// and see their PHQ-9, GAD-7, pain 0-10 and PEG scores over time (GET
// /fhir/Observation per score code; every read is audited by the server),
// each as a chart over its bands, with the latest score, the change since
// last time and since the first, and whether that change is clinically
// important, with the source of each threshold. Educational wording. The
// numbers are also in a table for screen readers and for checking.

import { kFhirJson, patientName, type Bundle } from '../net/fhir';
import type { ApiClient } from '../net/rest';
import { h, svg } from '../ui/dom';
import { layoutChart, seriesOf, summarise, type ScorePoint } from './score-chart';
import { kInstruments, type ScoreCode } from './scores';

export interface PatientsScoresHost {
  api: ApiClient;
  say(text: string): void;
  /** The view was closed with its own button. */
  closed(): void;
}

export interface PatientsScores {
  element: HTMLElement;
  /** Loads the patient list (again). */
  load(): Promise<void>;
}

const kOrder: ScoreCode[] = ['44261-6', '70274-6', '72514-3', '91147-9'];
const kChartWidth = 640;
const kChartHeight = 200;

function day(when: string): string {
  const date = new Date(when);
  return Number.isNaN(date.getTime()) ? when : date.toLocaleDateString(undefined, { day: 'numeric', month: 'short', year: 'numeric' });
}

function shortDay(when: string): string {
  const date = new Date(when);
  return Number.isNaN(date.getTime()) ? '' : date.toLocaleDateString(undefined, { day: 'numeric', month: 'short' });
}


function valueWords(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

/** One instrument's chart: bands as stripes, the scores as a line with dots, dates along the bottom. */
function chart(code: ScoreCode, points: ScorePoint[]): SVGElement {
  const layout = layoutChart(code, points, kChartWidth, kChartHeight);
  const instrument = kInstruments[code];
  const picture = svg('svg', {
    class: 'score-chart',
    viewBox: `0 0 ${layout.width} ${layout.height}`,
    role: 'img',
    'aria-label': `${instrument.name} over time: ${points.map((point) => `${valueWords(point.value)} on ${day(point.when)}`).join(', ')}.`,
  });
  for (const band of layout.bands) {
    picture.append(svg('rect', { class: `score-band score-band-${band.index}`, x: layout.left, y: band.y, width: layout.right - layout.left, height: band.height }));
    const label = svg('text', { class: 'score-band-label', x: layout.left - 8, y: band.y + band.height / 2, 'text-anchor': 'end', 'dominant-baseline': 'central' });
    label.textContent = band.words;
    if (band.height >= 12) picture.append(label);
  }
  for (const tick of layout.ticks) {
    const text = svg('text', { class: 'score-tick', x: layout.right + 12, y: tick.y, 'dominant-baseline': 'central' });
    text.textContent = valueWords(tick.value);
    picture.append(text);
  }
  picture.append(svg('polyline', { class: 'score-line', points: layout.points.map((p) => `${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' ') }));
  layout.points.forEach((p, index) => {
    picture.append(svg('circle', { class: 'score-dot', cx: p.x.toFixed(1), cy: p.y.toFixed(1), r: 5 }));
    const last = index === layout.points.length - 1 && index > 0;
    const value = svg('text', { class: 'score-value', x: (p.x - (last ? 6 : 0)).toFixed(1), y: (p.y - 10).toFixed(1), 'text-anchor': last ? 'end' : 'middle' });
    value.textContent = valueWords(p.point.value);
    picture.append(value);
    // Dates under the first, the last and, when there is room, every other one.
    if (index === 0 || index === layout.points.length - 1 || layout.points.length <= 6) {
      const date = svg('text', { class: 'score-date', x: p.x.toFixed(1), y: layout.height - 6, 'text-anchor': index === 0 && layout.points.length > 1 ? 'start' : index === layout.points.length - 1 && layout.points.length > 1 ? 'end' : 'middle' });
      date.textContent = shortDay(p.point.when);
      picture.append(date);
    }
  });
  return picture;
}

function instrumentSection(code: ScoreCode, points: ScorePoint[]): HTMLElement {
  const instrument = kInstruments[code];
  const summary = summarise(code, points)!;
  const id = `scores-${code}`;
  const lines: HTMLElement[] = [
    h('p', { class: 'score-latest' }, `Latest: ${valueWords(summary.latest.value)} of ${instrument.max} (${summary.band}), ${day(summary.latest.when)}.`),
  ];
  if (summary.sinceLast) {
    const { previous, change } = summary.sinceLast;
    lines.push(
      h(
        'p',
        { class: change.important ? 'score-change important' : 'score-change', 'data-important': String(change.important) },
        `Since last time (${valueWords(previous.value)} on ${day(previous.when)}): ${change.words}`,
      ),
    );
  } else {
    lines.push(h('p', { class: 'score-change' }, 'Only one score so far: no change to show yet.'));
  }
  if (summary.sinceFirst) {
    const { first, change } = summary.sinceFirst;
    lines.push(h('p', { class: 'score-change' }, `Since the first (${valueWords(first.value)} on ${day(first.when)}): ${change.words}`));
  }
  const table = h(
    'table',
    { class: 'score-table' },
    h('caption', {}, `${instrument.name} scores`),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Date'), h('th', { scope: 'col' }, 'Score'), h('th', { scope: 'col' }, 'Band'))),
    h('tbody', {}, ...[...points].reverse().map((point) => h('tr', {}, h('td', {}, day(point.when)), h('td', {}, valueWords(point.value)), h('td', {}, summarise(code, [point])!.band)))),
  );
  return h(
    'section',
    { class: 'score-instrument', id, 'aria-labelledby': `${id}-title` },
    h('h3', { id: `${id}-title` }, `${instrument.name}: ${instrument.measures}`),
    chart(code, points),
    ...lines,
    h('p', { class: 'notice' }, instrument.importance),
    h('details', {}, h('summary', {}, 'The numbers'), table),
  );
}

export function createPatientsScores(host: PatientsScoresHost): PatientsScores {
  const picker = h('select', { id: 'scores-patient' });
  const close = h('button', { type: 'button', class: 'secondary', id: 'scores-close' }, 'Close');
  const message = h('p', { class: 'clinic-message', id: 'scores-message', role: 'status' });
  const charts = h('div', { class: 'score-charts', id: 'score-charts' });
  const element = h(
    'section',
    { class: 'clinic-panel record-panel scores-panel', id: 'patients-scores', 'aria-labelledby': 'scores-title' },
    h('div', { class: 'clinic-head' }, h('h2', { id: 'scores-title', tabindex: -1 }, "Patients' scores"), close),
    h(
      'p',
      {},
      'Questionnaire scores of the patients in your care, over time, with their bands and whether a change is clinically important. Screening tools, not a diagnosis; the thresholds hold for groups of people and are educational. Sources: PHQ-9 (Kroenke, Spitzer and Williams, 2001), GAD-7 (Spitzer and others, 2006), PEG (Krebs and others, 2009), pain 0-10 (Farrar and others, 2001). Every look is recorded in the patient\'s access history.',
    ),
    h('div', { class: 'clinic-row' }, h('label', { for: 'scores-patient' }, 'Patient: '), picker),
    message,
    charts,
  );
  let patients: Array<{ id: string; name: string }> = [];

  function say(text: string, problem = false): void {
    message.textContent = text;
    message.classList.toggle('problem', problem);
  }

  async function show(patientId: string): Promise<void> {
    const patient = patients.find((candidate) => candidate.id === patientId);
    if (!patient) return;
    say(`Loading ${patient.name}'s scores…`);
    charts.setAttribute('aria-busy', 'true');
    const results = await Promise.all(
      kOrder.map((code) =>
        host.api.request<Bundle>('GET', `/fhir/Observation?patient=${encodeURIComponent(patientId)}&code=${encodeURIComponent(`http://loinc.org|${code}`)}&_count=100`, undefined, { accept: kFhirJson }),
      ),
    );
    charts.removeAttribute('aria-busy');
    const failed = results.find((result) => !result.ok);
    if (failed && !failed.ok) return say(`The scores could not be loaded: ${failed.error.message}`, true);
    const observations = results.flatMap((result) => (result.ok ? (result.value.entry ?? []).flatMap((entry) => (entry.resource ? [entry.resource] : [])) : []));
    const series = seriesOf(observations);
    const sections = kOrder.filter((code) => series.has(code)).map((code) => instrumentSection(code, series.get(code)!));
    charts.replaceChildren(...sections);
    const words = sections.length === 0 ? `${patient.name} has no questionnaire scores yet.` : `${patient.name}: ${sections.length} ${sections.length === 1 ? 'questionnaire' : 'questionnaires'} charted.`;
    say(words);
    host.say(words);
  }

  async function load(): Promise<void> {
    say('Loading the patients in your care…');
    const result = await host.api.request<Bundle>('GET', '/fhir/Patient?_count=100', undefined, { accept: kFhirJson });
    if (!result.ok) return say(`The patients could not be loaded: ${result.error.message}`, true);
    patients = (result.value.entry ?? []).flatMap((entry) => (entry.resource?.id ? [{ id: entry.resource.id, name: patientName(entry.resource) }] : []));
    picker.replaceChildren(...patients.map((patient) => h('option', { value: patient.id }, patient.name)));
    if (patients.length === 0) {
      charts.replaceChildren();
      return say('No patients are in your care now. A booked appointment with you, or a visit in the last 90 days, puts a patient here.');
    }
    await show(patients[0].id);
  }

  picker.addEventListener('change', () => void show(picker.value));
  close.addEventListener('click', () => host.closed());
  return { element, load };
}
