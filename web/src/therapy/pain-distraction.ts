// Pain distraction: a mode for use during a procedure (issue 16), on a
// laptop, a tablet a nurse holds, or a phone. It fills the window with a
// calm scene (the sea at a quiet hour, its waves rolling slowly; still under
// reduced motion) and asks almost nothing: the pain score 0-10 before, one
// big Finished button during (optional guided breathing with a light that
// grows and shrinks, breathing.ts on the audio clock; optional sound of the
// sea, ambience.ts), the score after, then the change in plain words
// (scores.ts). Both scores are stored as the pain questionnaire's responses
// (POST /fhir/QuestionnaireResponse, each marked before or after with the
// procedure-timing extension; the server writes each as an Observation,
// LOINC 72514-3, whose component says before or after), in the patient's own record, or, for care
// staff, in the record of a patient in their care (the care policy decides).

import { kFhirJson, patientName, type Bundle, type Resource } from '../net/fhir';
import { buildResponse, kQuestionnaireBase, type Questionnaire } from '../net/questionnaire';
import type { ApiClient, User } from '../net/rest';
import { h, svg } from '../ui/dom';
import { createPainScale } from '../ui/pain-scale';
import { Ambience, mixFor } from './ambience';
import { kPatterns, kPhaseWords, pacerAt } from '../ui/breathing';
import { bandOf, changeBetween } from './scores';

export interface PainDistractionHost {
  api: ApiClient;
  user: User;
  reducedMotion(): boolean;
  say(text: string): void;
  /** The mode was closed; focus goes back where it came from. */
  closed(): void;
}

export interface PainDistraction {
  element: HTMLElement;
  dispose(): void;
}

const kPainItem = '72514-3';
/** The server copies this into the score Observation as a component (docs/api.md). */
const kProcedureTimingUrl = 'https://metaclinic.org/fhir/StructureDefinition/procedure-timing';

/** Marks a pain response as scored before or after the procedure. */
export function withProcedureTiming(response: Resource, which: 'before' | 'after'): Resource {
  return { ...response, extension: [{ url: kProcedureTimingUrl, valueCode: which }] };
}
const kPainUrl = `${kQuestionnaireBase}pain-nrs`;

type Step = 'before' | 'calm' | 'after' | 'done';

/** Whose record the scores go to. */
interface Subject {
  id: string;
  name: string;
}


/**
 * The calm scene: sky, a low sun on the horizon (high in the picture, so
 * the sea shows above the card on a phone held upright), the sea with four
 * slow waves, and the breathing light: a soft glow round the sun.
 */
function calmScene() {
  const picture = svg('svg', { class: 'pain-scene', viewBox: '0 0 400 300', preserveAspectRatio: 'xMidYMid slice', 'aria-hidden': 'true' });
  const defs = svg('defs');
  const sky = svg('linearGradient', { id: 'pain-sky', x1: 0, y1: 0, x2: 0, y2: 1 });
  sky.append(svg('stop', { offset: '0', 'stop-color': '#6f8fc0' }), svg('stop', { offset: '1', 'stop-color': '#f5c9a0' }));
  const sea = svg('linearGradient', { id: 'pain-sea', x1: 0, y1: 0, x2: 0, y2: 1 });
  sea.append(svg('stop', { offset: '0', 'stop-color': '#4a8cab' }), svg('stop', { offset: '1', 'stop-color': '#1f4a66' }));
  const halo = svg('radialGradient', { id: 'pain-halo' });
  halo.append(svg('stop', { offset: '0', 'stop-color': '#fff8e0', 'stop-opacity': '1' }), svg('stop', { offset: '0.45', 'stop-color': '#ffe6b0', 'stop-opacity': '0.7' }), svg('stop', { offset: '1', 'stop-color': '#ffd9a0', 'stop-opacity': '0' }));
  defs.append(sky, sea, halo);
  const horizon = 112;
  const glow = svg('circle', { cx: 200, cy: horizon, r: 30, fill: 'url(#pain-halo)', class: 'pain-breath', opacity: 0 });
  picture.append(
    defs,
    svg('rect', { x: 0, y: 0, width: 400, height: horizon, fill: 'url(#pain-sky)' }),
    glow,
    svg('circle', { cx: 200, cy: horizon, r: 16, fill: '#ffe2b0' }),
    svg('rect', { x: 0, y: horizon, width: 400, height: 300 - horizon, fill: 'url(#pain-sea)' }),
  );
  const waves = [0, 1, 2, 3].map((index) => {
    const y = horizon + 18 + index * index * 12 + index * 14;
    let d = `M -100 ${y}`;
    for (let x = -100; x <= 500; x += 50) d += ` q 12.5 -${3 + index * 2} 25 0 t 25 0`;
    const wave = svg('path', { d, class: 'pain-wave', 'stroke-width': 1 + index });
    picture.append(wave);
    return wave;
  });
  return { picture, glow, waves };
}

export function createPainDistraction(host: PainDistractionHost): PainDistraction {
  const scene = calmScene();
  const title = h('h2', { id: 'pain-title', tabindex: -1 }, 'Pain distraction');
  const card = h('div', { class: 'pain-card' });
  const message = h('p', { class: 'clinic-message', id: 'pain-message', role: 'status' });
  const close = h('button', { type: 'button', class: 'secondary pain-close', id: 'pain-close' }, 'Close');
  const element = h(
    'section',
    { class: 'pain-layer', id: 'pain-distraction', role: 'region', 'aria-labelledby': 'pain-title' },
    scene.picture,
    h('div', { class: 'pain-front' }, h('div', { class: 'pain-head' }, title, close), card, message),
  );

  let step: Step = 'before';
  let subject: Subject | undefined;
  let subjects: Subject[] = [];
  let questionnaire: Questionnaire | undefined;
  const scores: { before?: number; after?: number } = {};
  let frame = 0;
  let breathing: { audio?: AudioContext; startS: number; now(): number } | undefined;
  let ambience: Ambience | undefined;
  const started = performance.now();

  function say(text: string, problem = false): void {
    message.textContent = text;
    message.classList.toggle('problem', problem);
  }

  // ---- the scene's motion: waves drift, the breathing light grows and shrinks ----
  const breathWords = h('p', { class: 'pain-breath-words', id: 'pain-breath-words', 'aria-live': 'off' });
  function animate(): void {
    const still = host.reducedMotion();
    const t = (performance.now() - started) / 1000;
    scene.waves.forEach((wave, index) => {
      const shift = still ? 0 : Math.sin(t * (0.25 + index * 0.07) + index) * 18 + ((t * (4 + index * 2)) % 50);
      wave.setAttribute('transform', `translate(${shift.toFixed(1)} ${still ? 0 : (Math.sin(t * 0.7 + index) * 2).toFixed(1)})`);
    });
    if (breathing) {
      const state = pacerAt(kPatterns[0], Math.max(0, breathing.now() - breathing.startS));
      scene.glow.setAttribute('opacity', '0.85');
      scene.glow.setAttribute('r', String(still ? 60 : 24 + 70 * state.fullness));
      const words = `${kPhaseWords[state.kind]}…`;
      if (breathWords.textContent !== words) breathWords.textContent = words;
    } else {
      scene.glow.setAttribute('opacity', '0');
    }
    frame = requestAnimationFrame(animate);
  }
  frame = requestAnimationFrame(animate);

  // ---- the 0-10 picker (ui/pain-scale.ts) ----
  function scorePicker(question: string, action: string, onSave: (score: number) => void): HTMLElement {
    return createPainScale({ idPrefix: 'pain', question, action, words: (score) => `${score}: ${bandOf('72514-3', score)}`, onSave });
  }

  async function record(which: 'before' | 'after', score: number): Promise<boolean> {
    if (!subject) return true; // nobody's record: the mode works without one, and said so
    questionnaire ??= await loadQuestionnaire();
    if (!questionnaire) return false;
    const response = withProcedureTiming(buildResponse(questionnaire, new Map([[kPainItem, score]]), subject.id, new Date()), which);
    const result = await host.api.request<Resource>('POST', '/fhir/QuestionnaireResponse', response, { accept: kFhirJson, contentType: kFhirJson });
    if (!result.ok) {
      say(`The score could not be saved (${result.error.message}). Try again, or carry on: the calm scene works without it.`, true);
      return false;
    }
    return true;
  }

  async function loadQuestionnaire(): Promise<Questionnaire | undefined> {
    const result = await host.api.request<Bundle>('GET', `/fhir/Questionnaire?url=${encodeURIComponent(kPainUrl)}`, undefined, { accept: kFhirJson });
    const found = result.ok ? (result.value.entry?.[0]?.resource as unknown as Questionnaire | undefined) : undefined;
    if (!found) say(`The pain questionnaire could not be loaded${result.ok ? '' : ` (${result.error.message})`}. Try again in a moment.`, true);
    return found;
  }

  // ---- the steps ----
  function show(next: Step): void {
    step = next;
    element.dataset.step = next;
    element.classList.toggle('pain-calm', next === 'calm');
    say('');
    if (next === 'before') renderBefore();
    else if (next === 'calm') renderCalm();
    else if (next === 'after') card.replaceChildren(scorePicker('And now: how much pain do you have right now, from 0 to 10?', 'Save and see the change', (score) => void saveScore('after', score)));
    else renderDone();
    title.focus();
  }

  function whoseRecord(): HTMLElement | null {
    if (host.user.patient) return h('p', { class: 'notice' }, 'Your scores go into your record.');
    if (subjects.length === 0) return h('p', { class: 'notice', id: 'pain-who' }, 'You have no patients in your care right now, so the scores will be shown but not recorded.');
    const picker = h('select', { id: 'pain-patient' }, ...subjects.map((candidate) => h('option', { value: candidate.id }, candidate.name)));
    picker.value = subject?.id ?? subjects[0].id;
    picker.addEventListener('change', () => (subject = subjects.find((candidate) => candidate.id === picker.value)));
    return h('div', { class: 'clinic-row', id: 'pain-who' }, h('label', { for: 'pain-patient' }, 'Whose scores (a patient in your care): '), picker);
  }

  function renderBefore(): void {
    card.replaceChildren(
      h('p', {}, 'For use during a procedure. Before it starts: one question, then a calm scene to watch. Afterwards the same question again.'),
      whoseRecord() ?? '',
      scorePicker('How much pain do you have right now, from 0 to 10?', 'Save and start the calm scene', (score) => void saveScore('before', score)),
    );
  }

  function renderCalm(): void {
    const breathe = h('button', { type: 'button', class: 'secondary', id: 'pain-breathe', 'aria-pressed': 'false' }, 'Breathe with the light');
    const sound = h('button', { type: 'button', class: 'secondary', id: 'pain-sound', 'aria-pressed': 'false' }, 'Sound of the sea');
    const finished = h('button', { type: 'button', class: 'pain-big', id: 'pain-finished' }, 'Finished');
    breathe.addEventListener('click', () => {
      if (breathing) stopBreathing();
      else startBreathing();
      breathe.setAttribute('aria-pressed', String(Boolean(breathing)));
    });
    sound.addEventListener('click', () => {
      if (ambience) {
        ambience.stop();
        ambience = undefined;
      } else if (typeof AudioContext !== 'undefined') {
        ambience = new Ambience(new AudioContext(), mixFor('beach'));
        ambience.start(35);
      }
      sound.setAttribute('aria-pressed', String(Boolean(ambience)));
    });
    finished.addEventListener('click', () => {
      stopBreathing();
      show('after');
    });
    card.replaceChildren(
      h('p', { class: 'pain-calm-words' }, 'Watch the waves come in. If you like, breathe with the light round the sun: in as it grows, out as it shrinks. Press Finished when it is over.'),
      breathWords,
      h('div', { class: 'clinic-row' }, breathe, sound),
      finished,
    );
  }

  function startBreathing(): void {
    if (typeof AudioContext === 'undefined') {
      breathing = { startS: performance.now() / 1000, now: () => performance.now() / 1000 };
      return;
    }
    // The audio clock paces the breath (breathing.ts): it does not stall with busy frames.
    const audio = new AudioContext();
    void audio.resume().catch(() => {});
    breathing = { audio, startS: audio.currentTime, now: () => audio.currentTime };
  }

  function stopBreathing(): void {
    void breathing?.audio?.close().catch(() => {});
    breathing = undefined;
    breathWords.textContent = '';
  }

  async function saveScore(which: 'before' | 'after', score: number): Promise<void> {
    const save = card.querySelector<HTMLButtonElement>('#pain-save');
    if (save) save.disabled = true;
    say('Saving…');
    const saved = await record(which, score);
    if (save) save.disabled = false;
    if (!saved) return;
    scores[which] = score;
    host.say(`Pain ${which}: ${score} of 10${subject ? ', saved' : ''}.`);
    show(which === 'before' ? 'calm' : 'done');
  }

  function renderDone(): void {
    const before = scores.before ?? 0;
    const after = scores.after ?? 0;
    const change = changeBetween('72514-3', before, after);
    const where = subject ? (host.user.patient ? 'Both scores are in your record.' : `Both scores are in ${subject.name}'s record.`) : 'The scores were not recorded.';
    const again = h('button', { type: 'button', class: 'secondary', id: 'pain-again' }, 'Start again');
    again.addEventListener('click', () => show('before'));
    card.replaceChildren(
      h('p', { class: 'pain-result', id: 'pain-result' }, `Before: ${before} (${bandOf('72514-3', before)}). After: ${after} (${bandOf('72514-3', after)}).`),
      h('p', { class: 'pain-change', id: 'pain-change' }, change.points === 0 ? 'No change in pain.' : `Pain is ${change.words}`),
      h('p', {}, where),
      h('p', { class: 'notice' }, 'Educational: a drop of 2 points or 30% is what people usually notice as a real change (Farrar and others, 2001). Distraction with a calm scene eases pain for many people during procedures; it does not replace pain relief.'),
      again,
    );
    host.say(`Before ${before}, after ${after}. ${change.words}`);
  }

  async function loadSubjects(): Promise<void> {
    if (host.user.patient) {
      subject = { id: host.user.patient, name: host.user.name };
      return;
    }
    const result = await host.api.request<Bundle>('GET', '/fhir/Patient?_count=100', undefined, { accept: kFhirJson });
    subjects = result.ok
      ? (result.value.entry ?? []).flatMap((entry) => (entry.resource?.id ? [{ id: entry.resource.id, name: patientName(entry.resource) }] : []))
      : [];
    subject = subjects[0];
    if (step === 'before') renderBefore();
  }

  function dispose(): void {
    cancelAnimationFrame(frame);
    stopBreathing();
    ambience?.stop();
    ambience = undefined;
    element.remove();
  }
  close.addEventListener('click', () => {
    dispose();
    host.closed();
  });
  element.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && step !== 'calm') close.click();
  });

  show('before');
  void loadSubjects();
  return { element, dispose };
}
