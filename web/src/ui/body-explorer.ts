// The body explorer's side panel (issue 8): BG gauge, a procedural body map
// whose organs glow with their glucose flux, the narration, the 24 h trace
// with its 70-180 band and a table alternative, the actions, the "years
// ahead" view and the sources. HTML and SVG only, so it works in 2D mode and
// without WebGL. The structure is built once; render() updates text and
// attributes so focus stays on the control in use while states stream in.

import {
  actionBounds,
  bandOf,
  bandWords,
  checkDose,
  checkMeal,
  describeEvent,
  fluxExplanation,
  formatClock,
  formatGlucose,
  glucoseReading,
  inUnit,
  kHighMgDl,
  kLowMgDl,
  kModelFloorMgDl,
  modelFloorWarning,
  narrate,
  patientNames,
  readout,
  sources,
  yearsAhead,
  type ActionBounds,
  type BodyReadout,
  type GlucoseUnit,
  type OrganId,
} from '../net/body';
import { SimActionKind, SimPatient, type SimState } from '../net/messages';
import { createBodyChart } from './body-chart';
import { createSessionPanel, type SessionView } from './body-session';
import { h, svg } from './dom';

export interface BodyExplorerActions {
  act(action: SimActionKind, amount?: number): void;
  /**
   * Sets the patient's own carbohydrate ratio (g/U), correction factor
   * (mg/dL per U) and basal rate (U/h); undefined keeps the virtual
   * patient's. Present only for the care team (clinicians, nurses,
   * therapists, admins): the form is shown only then.
   */
  therapy?(settings: TherapySettings): void;
  /** A polite announcement (band changes), for screen readers. */
  say(text: string): void;
  /** Asks the server for an invite into our own session. */
  invite(): void;
  /** Gives a dose (tenths of a unit) the server asked us to confirm. */
  confirmDose(amount: number): void;
  /** The person's unit for blood sugar, kept in their settings. */
  glucoseUnit(): GlucoseUnit;
  setGlucoseUnit(unit: GlucoseUnit): void;
}

/** What the panel shows: the simulation, its last refusal and the session. */
export interface BodyExplorerView extends SessionView {
  sim: SimState | null;
  simError: string;
}

export interface TherapySettings {
  carbRatio?: number;
  correctionFactor?: number;
  basalRate?: number;
}

/** The ranges the server accepts (src/sim/glucose/patient_runtime.h). */
export const therapyRanges = {
  carbRatio: { min: 1, max: 150, step: 0.1, label: 'Carbohydrate ratio (grams per unit)' },
  correctionFactor: { min: 1, max: 500, step: 0.1, label: 'Correction factor (mg/dL per unit)' },
  basalRate: { min: 0, max: 20, step: 0.05, label: 'Basal rate (units per hour)' },
} as const;

/**
 * Reads the therapy form: blank keeps the patient's own value. Returns the
 * settings, or the words for the first value out of range.
 */
export function parseTherapy(values: Record<keyof TherapySettings, string>): TherapySettings | string {
  const settings: TherapySettings = {};
  for (const key of Object.keys(therapyRanges) as Array<keyof TherapySettings>) {
    const text = values[key].trim();
    if (text === '') continue;
    const value = Number(text);
    const range = therapyRanges[key];
    if (!Number.isFinite(value) || value < range.min || value > range.max) {
      return `${range.label} must be between ${range.min} and ${range.max}.`;
    }
    settings[key] = value;
  }
  return settings;
}


// Organ shapes on a 100 x 200 body outline (cut-away torso and head).
const organShapes: Array<{ organ: OrganId | 'eyes' | 'heart' | 'pancreas' | 'fat' | 'skin'; label: string; shape: () => SVGElement }> = [
  { organ: 'brain', label: 'Brain', shape: () => svg('ellipse', { cx: 50, cy: 18, rx: 13, ry: 10 }) },
  { organ: 'eyes', label: 'Eyes', shape: () => svg('ellipse', { cx: 50, cy: 30, rx: 9, ry: 2.5 }) },
  { organ: 'heart', label: 'Heart and vessels', shape: () => svg('circle', { cx: 56, cy: 66, r: 7 }) },
  { organ: 'liver', label: 'Liver', shape: () => svg('ellipse', { cx: 40, cy: 86, rx: 14, ry: 8 }) },
  { organ: 'pancreas', label: 'Pancreas', shape: () => svg('ellipse', { cx: 56, cy: 96, rx: 10, ry: 3 }) },
  { organ: 'gut', label: 'Stomach and gut', shape: () => svg('ellipse', { cx: 50, cy: 112, rx: 15, ry: 10 }) },
  { organ: 'kidneys', label: 'Kidneys', shape: () => svg('ellipse', { cx: 50, cy: 100, rx: 22, ry: 5 }) },
  { organ: 'muscle', label: 'Muscle', shape: () => svg('rect', { x: 36, y: 135, width: 28, height: 55, rx: 8 }) },
  { organ: 'fat', label: 'Fat', shape: () => svg('ellipse', { cx: 50, cy: 128, rx: 24, ry: 6 }) },
  { organ: 'skin', label: 'Skin with CGM sensor', shape: () => svg('circle', { cx: 24, cy: 70, r: 3 }) },
];

function glowClass(level: number): string {
  return `glow-${Math.min(4, Math.max(0, Math.round(level * 4)))}`;
}

export function createBodyExplorerPanel(actions: BodyExplorerActions) {
  const note = h('p', { class: 'notice', id: 'body-note' }, 'Educational, not medical advice. Ask your care team before changing your treatment.');
  const bgValue = h('span', { id: 'body-bg', 'data-bg': '' }, '—');
  const bgBand = h('span', { id: 'body-bg-band' }, '');
  const meter = h('meter', { id: 'body-bg-meter', min: kModelFloorMgDl, max: 400, low: kLowMgDl, high: kHighMgDl, optimum: 110, value: 100, 'aria-label': 'Blood sugar gauge' });
  const clock = h('p', { id: 'body-clock', class: 'notice' }, '');
  const floorWarning = h('p', { class: 'problem body-floor', id: 'body-floor-warning', hidden: true });
  const unitSelect = h(
    'select',
    { id: 'body-unit' },
    h('option', { value: 'mg/dL' }, 'mg/dL (used in the US)'),
    h('option', { value: 'mmol/L' }, 'mmol/L (used in the UK, Canada, Australia and most of Europe)'),
  );
  unitSelect.value = actions.glucoseUnit();
  const gauge = h(
    'div',
    { class: 'body-gauge' },
    h('p', {}, 'Blood sugar: ', bgValue, ' ', bgBand),
    meter,
    floorWarning,
    clock,
    h('div', { class: 'body-row' }, h('label', { for: 'body-unit' }, 'Show blood sugar in'), unitSelect),
  );

  // Body map.
  const map = svg('svg', { viewBox: '0 0 100 200', class: 'body-map', role: 'img', 'aria-labelledby': 'body-map-title' });
  const mapTitle = svg('title', { id: 'body-map-title' });
  mapTitle.textContent = 'Body map: organs glow brighter when more sugar moves through them.';
  map.append(mapTitle);
  map.append(svg('path', { class: 'body-outline', d: 'M50 4 a16 16 0 1 1 -0.1 0 M40 34 h20 v8 h18 l10 60 -8 2 -8 -46 v140 h-14 l-2 -60 -2 60 h-14 v-140 l-8 46 -8 -2 10 -60 h18 z' }));
  const vessels = svg('path', { class: 'body-vessels', d: 'M56 66 V160 M56 80 L40 86 M56 96 L50 112 M56 100 L36 150 M56 100 L64 150 M56 60 L50 18' });
  map.append(vessels);
  const organElements = new Map<string, SVGElement>();
  for (const { organ, label, shape } of organShapes) {
    const element = shape();
    element.setAttribute('class', `organ organ-${organ} glow-0`);
    const title = svg('title');
    title.textContent = label;
    element.append(title);
    organElements.set(organ, element);
    map.append(element);
  }

  const organList = h('ul', { class: 'body-organs', id: 'body-organs', 'aria-label': 'Sugar moving through each organ' });
  const narration = h('ul', { class: 'body-narration', id: 'body-narration' });
  const error = h('p', { class: 'problem', id: 'body-error', role: 'alert' });

  // Actions.
  let bounds: ActionBounds = actionBounds;
  const { mealGrams, insulinUnits } = bounds;
  const grams = h('input', { id: 'body-grams', type: 'number', min: mealGrams.min, max: mealGrams.max, step: 1, value: 60, inputmode: 'numeric' });
  const eat = h('button', { type: 'button', id: 'body-eat' }, 'Eat');
  const units = h('input', { id: 'body-units', type: 'number', min: insulinUnits.min, max: insulinUnits.max, step: 0.1, value: 4, inputmode: 'decimal', 'aria-describedby': 'body-units-hint' });
  const unitsHint = h('span', { class: 'notice', id: 'body-units-hint' }, `rapid-acting, ${insulinUnits.min} to ${insulinUnits.max} units`);
  const insulin = h('button', { type: 'button', id: 'body-insulin' }, 'Take insulin');
  const skip = h('button', { type: 'button', class: 'secondary', id: 'body-skip' }, 'Skip meal insulin');
  const walk = h('button', { type: 'button', class: 'secondary', id: 'body-walk' }, 'Take a 30-minute walk');
  const pause = h('button', { type: 'button', class: 'secondary', id: 'body-pause' }, 'Pause');
  const jumpHour = h('button', { type: 'button', class: 'secondary', id: 'body-jump-1h' }, 'Jump ahead 1 hour');
  const jump3 = h('button', { type: 'button', class: 'secondary', id: 'body-jump-3h' }, 'Jump ahead 3 hours');
  const speed = h(
    'select',
    { id: 'body-speed' },
    h('option', { value: '60' }, '1 hour per minute'),
    h('option', { value: '360' }, '1 hour per 10 seconds'),
    h('option', { value: '1440' }, '4 hours per 10 seconds'),
  );
  const patient = h(
    'select',
    { id: 'body-patient' },
    ...[SimPatient.Child, SimPatient.Adolescent, SimPatient.Adult].map((p) => h('option', { value: String(p) }, patientNames[p])),
  );
  const restart = h('button', { type: 'button', class: 'secondary', id: 'body-restart' }, 'Start over with this person');
  const numberOf = (input: HTMLInputElement) => Number(input.value);
  // The server checks the same bounds; checking here first says why at once.
  eat.addEventListener('click', () => {
    const problem = checkMeal(numberOf(grams), bounds);
    localError = problem;
    error.textContent = problem;
    if (!problem) actions.act(SimActionKind.Eat, numberOf(grams));
  });
  insulin.addEventListener('click', () => {
    const problem = checkDose(numberOf(units), bounds);
    localError = problem;
    error.textContent = problem;
    if (!problem) actions.act(SimActionKind.Insulin, numberOf(units) * 10);
  });
  unitSelect.addEventListener('change', () => {
    actions.setGlucoseUnit(unitSelect.value as GlucoseUnit);
    if (lastView) render(lastView);
  });
  skip.addEventListener('click', () => actions.act(SimActionKind.SkipInsulin));
  walk.addEventListener('click', () => actions.act(SimActionKind.Walk, 30));
  pause.addEventListener('click', () => actions.act(pause.dataset.paused === 'true' ? SimActionKind.Resume : SimActionKind.Pause));
  jumpHour.addEventListener('click', () => actions.act(SimActionKind.JumpAhead, 60));
  jump3.addEventListener('click', () => actions.act(SimActionKind.JumpAhead, 180));
  speed.addEventListener('change', () => actions.act(SimActionKind.SetSpeed, Number(speed.value)));
  restart.addEventListener('click', () => actions.act(SimActionKind.ChoosePatient, Number(patient.value)));

  // The care team's form: their own patient's settings, before the session.
  const therapyInputs = Object.fromEntries(
    (Object.keys(therapyRanges) as Array<keyof TherapySettings>).map((key) => {
      const range = therapyRanges[key];
      return [key, h('input', { id: `body-therapy-${key}`, type: 'number', min: range.min, max: range.max, step: range.step, inputmode: 'decimal', placeholder: 'patient default' })];
    }),
  ) as Record<keyof TherapySettings, HTMLInputElement>;
  const therapyNote = h('p', { class: 'notice', id: 'body-therapy-note', role: 'status' });
  const therapyApply = h('button', { type: 'button', id: 'body-therapy-apply' }, 'Apply settings and start over');
  const therapyForm = h(
    'fieldset',
    { class: 'body-therapy', id: 'body-therapy', hidden: !actions.therapy },
    h('legend', {}, 'Your patient’s settings (care team)'),
    h('p', { class: 'notice' }, 'Leave a box empty to keep the virtual person’s own value. The simulation starts over with these settings for everyone here.'),
    ...(Object.keys(therapyRanges) as Array<keyof TherapySettings>).map((key) =>
      h('div', { class: 'body-row' }, h('label', { for: `body-therapy-${key}` }, therapyRanges[key].label), therapyInputs[key]),
    ),
    therapyApply,
    therapyNote,
  );
  therapyApply.addEventListener('click', () => {
    const parsed = parseTherapy({
      carbRatio: therapyInputs.carbRatio.value,
      correctionFactor: therapyInputs.correctionFactor.value,
      basalRate: therapyInputs.basalRate.value,
    });
    if (typeof parsed === 'string') {
      therapyNote.textContent = parsed;
      return;
    }
    actions.therapy?.(parsed);
    const parts = [
      parsed.carbRatio !== undefined ? `1 unit per ${parsed.carbRatio} g` : '',
      parsed.correctionFactor !== undefined ? `1 unit lowers ${parsed.correctionFactor} mg/dL` : '',
      parsed.basalRate !== undefined ? `basal ${parsed.basalRate} units per hour` : '',
    ].filter(Boolean);
    therapyNote.textContent = `Sent: ${parts.length ? parts.join(', ') : 'the virtual person’s own settings'}. Starting over.`;
  });
  const controls = h(
    'div',
    { class: 'body-actions' },
    h('div', { class: 'body-row' }, h('label', { for: 'body-grams' }, 'Carbohydrate (grams)'), grams, eat),
    h('div', { class: 'body-row' }, h('label', { for: 'body-units' }, 'Insulin (units)'), units, insulin, unitsHint),
    h('div', { class: 'body-row' }, skip, walk),
    h('div', { class: 'body-row' }, pause, jumpHour, jump3),
    h('div', { class: 'body-row' }, h('label', { for: 'body-speed' }, 'Speed'), speed),
    h('div', { class: 'body-row' }, h('label', { for: 'body-patient' }, 'Virtual person'), patient, restart),
    therapyForm,
  );

  // Trace chart and its table.
  const chart = createBodyChart();
  const session = createSessionPanel({
    invite: () => actions.invite(),
    confirmDose: (amount) => actions.confirmDose(amount),
    say: (text) => actions.say(text),
    glucoseUnit: () => actions.glucoseUnit(),
  });
  const tableBody = h('tbody', {});
  const tableBgHeader = h('th', { scope: 'col' }, 'Blood sugar');
  const tableCgmHeader = h('th', { scope: 'col' }, 'Sensor');
  const table = h(
    'table',
    { class: 'body-table', id: 'body-table' },
    h('caption', {}, 'Blood sugar each hour (last 24 hours)'),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Time'), tableBgHeader, tableCgmHeader)),
    tableBody,
  );
  const tableDetails = h('details', {}, h('summary', {}, 'Show the trace as a table'), table);
  const stats = h('p', { id: 'body-stats' });
  const events = h('ul', { id: 'body-events', class: 'body-events', 'aria-label': 'What happened' });
  const years = h('p', { id: 'body-years' });
  const sourceList = h(
    'ul',
    { class: 'body-sources' },
    ...sources.map((source) => h('li', {}, h('a', { href: source.url, rel: 'noopener noreferrer', target: '_blank' }, source.title))),
  );

  const element = h(
    'section',
    { 'aria-labelledby': 'body-title', id: 'body-explorer', hidden: true },
    h('h2', { id: 'body-title' }, 'Body explorer'),
    note,
    session.element,
    gauge,
    map,
    h('h3', {}, 'What is happening'),
    narration,
    h('h3', {}, 'Organs'),
    h('p', { class: 'notice', id: 'body-flux-explained' }, fluxExplanation),
    organList,
    error,
    h('h3', {}, 'Try it'),
    controls,
    h('h3', {}, 'Who did what'),
    session.history,
    h('h3', {}, 'The last 24 hours'),
    chart.element,
    stats,
    tableDetails,
    events,
    h('h3', {}, 'Years ahead'),
    years,
    h('h3', {}, 'Sources'),
    sourceList,
  );

  let lastBand = '';
  let lastTableKey = '';
  let selectedPatient: SimPatient | undefined;
  let lastView: BodyExplorerView | undefined;
  let lastSimError = '';
  let localError = '';

  function renderTable(body: BodyReadout, unit: GlucoseUnit): void {
    const hourly = body.trace.filter((point) => point.minute % 60 === 0);
    const key = hourly.length ? `${unit}:${hourly[0].minute}:${hourly[hourly.length - 1].minute}` : '';
    if (key === lastTableKey) return;
    lastTableKey = key;
    tableBgHeader.textContent = `Blood sugar (${unit})`;
    tableCgmHeader.textContent = `Sensor (${unit})`;
    tableBody.replaceChildren(
      ...hourly.map((point) =>
        h(
          'tr',
          {},
          h('td', {}, formatClock(point.minute)),
          h('td', {}, glucoseReading(point.bgMgDl, unit).text.replace(` ${unit}`, '')),
          h('td', {}, glucoseReading(point.cgmMgDl, unit).text.replace(` ${unit}`, '')),
        ),
      ),
    );
  }

  function render(view: BodyExplorerView): void {
      lastView = view;
      const state = view.sim;
      element.hidden = state === null;
      // A new refusal from the server replaces the words of a local check.
      if (view.simError !== lastSimError) {
        lastSimError = view.simError;
        localError = '';
      }
      error.textContent = localError || inUnit(view.simError, actions.glucoseUnit());
      session.render(view);
      if (!state) {
        lastBand = '';
        return;
      }
      const unit = actions.glucoseUnit();
      if (unitSelect.value !== unit) unitSelect.value = unit;
      const body = readout(state);
      const bg = Math.round(body.bgMgDl);
      const band = bandOf(body.bgMgDl);
      const reading = glucoseReading(body.bgMgDl, unit);
      bgValue.textContent = reading.text;
      bgValue.dataset.bg = String(bg);
      bgValue.dataset.belowModel = String(reading.belowModel);
      bgBand.textContent = `(${bandWords[band]})`;
      gauge.dataset.band = band;
      floorWarning.hidden = !reading.belowModel;
      floorWarning.textContent = reading.belowModel ? modelFloorWarning(unit) : '';
      meter.value = Math.max(kModelFloorMgDl, Math.min(400, body.bgMgDl));
      clock.textContent = `${formatClock(body.minute)} · ${patientNames[body.patient]}${body.paused ? ' · paused' : ''}${body.walking ? ' · walking' : ''}`;
      if (band !== lastBand) {
        if (lastBand) actions.say(`Blood sugar is now ${bandWords[band]}: ${reading.text}.`);
        lastBand = band;
      }
      for (const f of body.fluxes) organElements.get(f.organ)?.setAttribute('class', `organ organ-${f.organ} ${glowClass(f.level)}`);
      organElements.get('heart')?.setAttribute('class', `organ organ-heart ${glowClass((body.bgMgDl - 70) / 250)}`);
      organElements.get('eyes')?.setAttribute('class', `organ organ-eyes ${glowClass((body.bgMgDl - 180) / 150)}`);
      organElements.get('pancreas')?.setAttribute('class', `organ organ-pancreas ${glowClass(body.insulinOnBoardU / 6)}`);
      organElements.get('fat')?.setAttribute('class', `organ organ-fat ${glowClass((body.fluxes[2]?.level ?? 0) * 0.6)}`);
      organElements.get('skin')?.setAttribute('class', 'organ organ-skin glow-3');
      vessels.setAttribute('class', `body-vessels ${glowClass((body.bgMgDl - 70) / 250)}`);
      const brainWarning = body.bgMgDl < kLowMgDl;
      organElements.get('brain')?.classList.toggle('warning', brainWarning);
      organElements.get('kidneys')?.classList.toggle('warning', (body.fluxes[4]?.value ?? 0) > 0.001);

      organList.replaceChildren(
        ...body.fluxes.map((f) =>
          h('li', { 'data-organ': f.organ }, h('strong', {}, `${f.label}: `), `${f.value.toFixed(2)} mg/kg/min — ${f.meaning}`),
        ),
        h('li', { 'data-organ': 'insulin' }, h('strong', {}, 'Insulin working: '), `${body.insulinOnBoardU.toFixed(1)} units`),
        h('li', { 'data-organ': 'skin' }, h('strong', {}, 'CGM sensor (skin): '), `${glucoseReading(body.cgmMgDl, unit).text}, a few minutes behind the blood`),
      );
      narration.replaceChildren(...narrate(body, unit).map((text) => h('li', {}, text)));
      pause.textContent = body.paused ? 'Resume' : 'Pause';
      pause.dataset.paused = String(body.paused);
      if (document.activeElement !== speed && speed.value !== String(body.speed)) {
        if ([...speed.options].some((option) => option.value === String(body.speed))) speed.value = String(body.speed);
      }
      if (selectedPatient !== body.patient && document.activeElement !== patient) {
        selectedPatient = body.patient;
        patient.value = String(body.patient);
      }

      const values = body.trace.map((p) => p.bgMgDl);
      const low = values.length ? Math.min(...values) : body.bgMgDl;
      const high = values.length ? Math.max(...values) : body.bgMgDl;
      const lowWords = glucoseReading(low, unit).text;
      const highWords = formatGlucose(high, unit);
      chart.render(
        body,
        unit,
        `Blood sugar over the last 24 hours: lowest ${lowWords}, highest ${highWords}, now ${reading.text}. The shaded band is the ${formatGlucose(kLowMgDl, unit, true)} to ${formatGlucose(kHighMgDl, unit)} target range.`,
      );
      stats.textContent = `Time in range: ${body.timeInRangePercent.toFixed(0)}% · lowest ${lowWords} · highest ${highWords}`;
      renderTable(body, unit);
      events.replaceChildren(...body.events.slice(-6).map((event) => h('li', {}, describeEvent(event))));
      years.textContent = yearsAhead(body);
  }

  /** The bounds the server stated for this space (its "simulation_limits"). */
  function setBounds(next: ActionBounds): void {
    bounds = next;
    grams.min = String(next.mealGrams.min);
    grams.max = String(next.mealGrams.max);
    units.min = String(next.insulinUnits.min);
    units.max = String(next.insulinUnits.max);
    unitsHint.textContent = `rapid-acting, ${next.insulinUnits.min} to ${next.insulinUnits.max} units`;
  }

  return { element, render, setBounds };
}
