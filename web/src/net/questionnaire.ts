// Health questionnaires (My record's, and the pain scores of therapy's pain
// distraction), the engine-free part: the
// FHIR Questionnaire as the server serves it (src/fhir/questionnaires.cpp),
// the QuestionnaireResponse built from a patient's answers, the safety
// check the server also makes (PHQ-9 item 9 above "not at all"), and a
// stored score Observation in plain words.

import type { Resource } from './fhir';

export const kQuestionnaireBase = 'https://metaclinic.org/fhir/Questionnaire/';
/** PHQ-9 item 9: thoughts of being better off dead or of self-harm. */
export const kSafetyItem = '44260-8';

export interface Coding {
  system?: string;
  code: string;
  display?: string;
}

export interface QuestionnaireItem {
  linkId: string;
  text: string;
  type: 'choice' | 'integer';
  answerOption?: { valueCoding: Coding }[];
}

export interface Questionnaire extends Resource {
  url: string;
  title: string;
  description?: string;
  item: QuestionnaireItem[];
}

/** The answers given so far: item linkId -> the option index (choice) or the number (0-10). */
export type Answers = Map<string, number>;

/** The LOINC codes of the scores the server writes, and what each measures. */
export const kScoreCodes: Record<string, string> = {
  '44261-6': 'PHQ-9 (mood)',
  '70274-6': 'GAD-7 (anxiety)',
  '91147-9': 'PEG (pain and daily life)',
  '72514-3': 'Pain right now (0 to 10)',
};

export function unanswered(questionnaire: Questionnaire, answers: Answers): QuestionnaireItem[] {
  return questionnaire.item.filter((item) => !answers.has(item.linkId));
}

/** Whether these answers call for crisis help now (the server raises a safety flag too). */
export function needsSafetyHelp(answers: Answers): boolean {
  return (answers.get(kSafetyItem) ?? 0) > 0;
}

/** The completed response to POST to /fhir/QuestionnaireResponse. */
export function buildResponse(questionnaire: Questionnaire, answers: Answers, patientId: string, authored: Date): Resource {
  return {
    resourceType: 'QuestionnaireResponse',
    status: 'completed',
    questionnaire: questionnaire.url,
    subject: { reference: `Patient/${patientId}` },
    authored: authored.toISOString(),
    item: questionnaire.item.map((item) => {
      const given = answers.get(item.linkId) ?? 0;
      const answer = item.type === 'choice' ? { valueCoding: item.answerOption?.[given]?.valueCoding } : { valueInteger: given };
      return { linkId: item.linkId, text: item.text, answer: [answer] };
    }),
  };
}

export interface ScoreLine {
  id: string;
  when: string;
  what: string;
  score: string;
  band: string;
}

/** A score Observation in words, or null for any other Observation. */
export function scoreLine(observation: Resource): ScoreLine | null {
  const coding = (observation.code as { coding?: Coding[] } | undefined)?.coding?.find((c) => c.system === 'http://loinc.org' && c.code in kScoreCodes);
  if (!coding || !observation.derivedFrom) return null;
  const value = (observation.valueInteger as number | undefined) ?? (observation.valueQuantity as { value?: number } | undefined)?.value;
  if (typeof value !== 'number') return null;
  const band = ((observation.interpretation as { text?: string }[] | undefined) ?? [])[0]?.text ?? '';
  const when = typeof observation.effectiveDateTime === 'string' ? observation.effectiveDateTime : '';
  return { id: String(observation.id ?? ''), when, what: kScoreCodes[coding.code], score: Number.isInteger(value) ? String(value) : value.toFixed(1), band };
}
