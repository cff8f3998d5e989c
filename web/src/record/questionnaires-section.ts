// "Health questionnaires" on the My record page: pick one (PHQ-9, GAD-7,
// PEG, pain 0-10, served by GET /fhir/Questionnaire), answer each item
// (radio buttons, one group per item), send it as a QuestionnaireResponse,
// and see the score in plain words with the earlier ones. Answering PHQ-9
// item 9 above "not at all" shows crisis help at once (GET
// /api/safety/crisis-help), before anything is sent.

import type { ApiClient, ApiResult } from '../net/rest';
import { h } from '../ui/dom';
import { recordErrorWords } from './bundle';
import { buildResponse, needsSafetyHelp, scoreLine, unanswered, type Answers, type Questionnaire, type ScoreLine } from '../net/questionnaire';
import { formatRecordDate, type Bundle, type Resource } from './words';

const kFhirJson = 'application/fhir+json';
const kChoiceWords = ['Not at all', 'Several days', 'More than half the days', 'Nearly every day'];

export interface QuestionnairesHost {
  api: ApiClient;
  patientId(): Promise<string>;
  say(text: string): void;
  /** A response was stored (the record's lists are now stale). */
  saved(): void;
}

interface CrisisHelp {
  lines: { label: string; how: string }[];
  words: string;
}

function problemWords<T>(result: ApiResult<T>): string {
  return result.ok ? '' : recordErrorWords(result.error.status, result.error.code, result.error.message);
}

export function createQuestionnaires(host: QuestionnairesHost) {
  const picker = h('select', { id: 'questionnaire-choice' });
  const start = h('button', { type: 'button', id: 'questionnaire-start' }, 'Answer it');
  const form = h('form', { class: 'questionnaire-form', id: 'questionnaire-form', hidden: true });
  const crisis = h('div', { class: 'crisis-help', id: 'crisis-help', role: 'alert', hidden: true });
  const message = h('p', { class: 'clinic-message', role: 'status', id: 'questionnaire-message' });
  const scores = h('ul', { class: 'record-list', id: 'questionnaire-scores', 'aria-labelledby': 'questionnaire-scores-title' });
  const element = h(
    'section',
    { class: 'record-questionnaires', id: 'health-questionnaires', 'aria-labelledby': 'health-questionnaires-title' },
    h('h3', { id: 'health-questionnaires-title' }, 'Health questionnaires'),
    h(
      'p',
      {},
      'Short, standard questionnaires that help you and your care team see how you are doing over time. Your answers and scores go into your record, where your care team can see them. They are screening tools, not a diagnosis; this is educational information. Sources: PHQ-9 (Kroenke, Spitzer and Williams, 2001), GAD-7 (Spitzer and others, 2006), PEG (Krebs and others, 2009).',
    ),
    h('div', { class: 'clinic-row' }, h('label', { for: 'questionnaire-choice' }, 'Questionnaire: '), picker, start),
    form,
    crisis,
    message,
    h('h4', { id: 'questionnaire-scores-title' }, 'Your scores'),
    scores,
  );
  let questionnaires: Questionnaire[] = [];
  let crisisHelp: CrisisHelp | undefined;

  function say(text: string, problem = false): void {
    message.textContent = text;
    message.classList.toggle('problem', problem);
  }

  async function showCrisisHelp(): Promise<void> {
    if (!crisisHelp) {
      const result = await host.api.request<CrisisHelp>('GET', '/api/safety/crisis-help');
      crisisHelp = result.ok ? result.value : { lines: [], words: 'If you are in danger now, call your local emergency number.' };
    }
    crisis.replaceChildren(
      h('h4', {}, 'You do not have to face this alone'),
      h('p', {}, crisisHelp.words),
      h('ul', {}, ...crisisHelp.lines.map((line) => h('li', {}, h('strong', {}, `${line.label}: `), line.how))),
      h('p', { id: 'crisis-after' }, 'When you send these answers, a safety flag goes on your record for your care team.'),
    );
    crisis.hidden = false;
  }

  function itemGroup(questionnaire: Questionnaire, index: number, answers: Answers): HTMLElement {
    const item = questionnaire.item[index];
    const name = `q-${item.linkId}`;
    const labels = item.type === 'choice' ? (item.answerOption ?? []).map((option, i) => option.valueCoding.display ?? kChoiceWords[i]) : Array.from({ length: 11 }, (_, i) => String(i));
    const choices = labels.map((label, value) => {
      const id = `${name}-${value}`;
      const input = h('input', { type: 'radio', name, id, value: String(value) });
      input.addEventListener('change', () => {
        answers.set(item.linkId, value);
        if (needsSafetyHelp(answers)) void showCrisisHelp();
      });
      return h('span', { class: 'questionnaire-choice' }, input, h('label', { for: id }, label));
    });
    return h('fieldset', { class: 'questionnaire-item', 'data-link-id': item.linkId }, h('legend', {}, `${index + 1}. ${item.text}`), ...choices);
  }

  function open(questionnaire: Questionnaire): void {
    const answers: Answers = new Map();
    crisis.hidden = true;
    const send = h('button', { type: 'submit' }, 'Send my answers');
    form.replaceChildren(
      h('h4', { tabindex: -1, id: 'questionnaire-form-title' }, questionnaire.title),
      h('p', {}, questionnaire.description ?? ''),
      ...questionnaire.item.map((_, index) => itemGroup(questionnaire, index, answers)),
      send,
    );
    form.onsubmit = (event) => {
      event.preventDefault();
      void submit(questionnaire, answers, send);
    };
    form.hidden = false;
    form.querySelector<HTMLElement>('#questionnaire-form-title')?.focus();
    say('');
  }

  async function submit(questionnaire: Questionnaire, answers: Answers, send: HTMLButtonElement): Promise<void> {
    const missing = unanswered(questionnaire, answers);
    if (missing.length > 0) {
      const first = questionnaire.item.indexOf(missing[0]) + 1;
      say(`Please answer every question: ${missing.length === 1 ? `question ${first} is` : `${missing.length} questions are`} still open.`, true);
      form.querySelector<HTMLInputElement>(`fieldset[data-link-id="${missing[0].linkId}"] input`)?.focus();
      return;
    }
    send.disabled = true;
    const id = await host.patientId();
    const result = await host.api.request<Resource>('POST', '/fhir/QuestionnaireResponse', buildResponse(questionnaire, answers, id, new Date()), {
      accept: kFhirJson,
      contentType: kFhirJson,
    });
    send.disabled = false;
    if (!result.ok) return say(`Your answers could not be sent: ${problemWords(result)}`, true);
    form.hidden = true;
    const lines = await loadScores();
    const mine = lines[0] ?? null; // newest first: the score just written
    const words = mine ? `Thank you. Your ${mine.what} score is ${mine.score}: ${mine.band}.` : 'Thank you. Your answers are in your record.';
    const flagged = needsSafetyHelp(answers);
    if (flagged) {
      const after = crisis.querySelector('#crisis-after');
      if (after) after.textContent = 'Your answers are sent, with a safety flag on your record for your care team. If you are in danger now, use the help above.';
    }
    say(flagged ? `${words} A safety flag is on your record for your care team.` : words);
    host.say(words);
    host.saved();
  }

  async function loadScores(): Promise<ScoreLine[]> {
    const id = await host.patientId();
    const result = await host.api.request<Bundle>('GET', `/fhir/Observation?patient=${encodeURIComponent(id)}&_count=100`, undefined, { accept: kFhirJson });
    if (!result.ok) {
      scores.replaceChildren(h('li', { class: 'notice' }, `Your scores could not be loaded: ${problemWords(result)}`));
      return [];
    }
    const lines = (result.value.entry ?? [])
      .map((entry) => (entry.resource ? scoreLine(entry.resource) : null))
      .filter((line): line is ScoreLine => line !== null)
      .sort((a, b) => b.when.localeCompare(a.when));
    scores.replaceChildren(
      ...(lines.length === 0
        ? [h('li', { class: 'notice' }, 'No scores yet. Answer a questionnaire to see one here.')]
        : lines.map((line) => h('li', { 'data-id': line.id }, h('span', { class: 'clinic-what' }, `${line.what}: ${line.score} (${line.band})`), h('span', { class: 'clinic-when' }, formatRecordDate(line.when))))),
    );
    return lines;
  }

  async function load(): Promise<void> {
    const result = await host.api.request<Bundle>('GET', '/fhir/Questionnaire', undefined, { accept: kFhirJson });
    if (!result.ok) return say(`The questionnaires could not be loaded: ${problemWords(result)}`, true);
    questionnaires = (result.value.entry ?? []).map((entry) => entry.resource as unknown as Questionnaire).filter((q) => q?.resourceType === 'Questionnaire');
    picker.replaceChildren(...questionnaires.map((q, index) => h('option', { value: String(index) }, q.title)));
    await loadScores();
  }

  start.addEventListener('click', () => {
    const chosen = questionnaires[Number(picker.value)];
    if (chosen) open(chosen);
  });
  return { element, load };
}
