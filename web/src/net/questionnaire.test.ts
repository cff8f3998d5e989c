import { describe, expect, it } from 'vitest';
import { buildResponse, needsSafetyHelp, scoreLine, unanswered, type Answers, type Questionnaire } from './questionnaire';

const options = ['LA6568-5', 'LA6569-3', 'LA6570-1', 'LA6571-9'].map((code) => ({ valueCoding: { system: 'http://loinc.org', code } }));
const phq: Questionnaire = {
  resourceType: 'Questionnaire',
  url: 'https://metaclinic.org/fhir/Questionnaire/phq-9',
  title: 'PHQ-9',
  item: ['44250-9', '44260-8'].map((linkId) => ({ linkId, text: linkId, type: 'choice', answerOption: options })),
};

describe('questionnaire', () => {
  it('builds a completed response with the chosen LOINC answers', () => {
    const answers: Answers = new Map([['44250-9', 2], ['44260-8', 0]]);
    const response = buildResponse(phq, answers, 'p1', new Date('2026-12-02T10:00:00Z'));
    expect(response).toMatchObject({ status: 'completed', questionnaire: phq.url, subject: { reference: 'Patient/p1' }, authored: '2026-12-02T10:00:00.000Z' });
    expect((response.item as { answer: unknown[] }[])[0].answer[0]).toEqual({ valueCoding: { system: 'http://loinc.org', code: 'LA6570-1' } });
  });

  it('says which items are still unanswered', () => {
    expect(unanswered(phq, new Map([['44250-9', 0]])).map((item) => item.linkId)).toEqual(['44260-8']);
  });

  it('asks for crisis help when item 9 is above "not at all", whatever else', () => {
    expect(needsSafetyHelp(new Map([['44250-9', 0], ['44260-8', 1]]))).toBe(true);
    expect(needsSafetyHelp(new Map([['44250-9', 3], ['44260-8', 0]]))).toBe(false);
    expect(needsSafetyHelp(new Map())).toBe(false);
  });

  it('reads a score Observation in words and ignores other Observations', () => {
    const score = scoreLine({
      resourceType: 'Observation',
      id: 'o1',
      code: { coding: [{ system: 'http://loinc.org', code: '91147-9' }] },
      valueQuantity: { value: 5.7 },
      interpretation: [{ text: 'moderate pain impact' }],
      derivedFrom: [{ reference: 'QuestionnaireResponse/r1' }],
      effectiveDateTime: '2026-12-02T10:00:00Z',
    });
    expect(score).toEqual({ id: 'o1', when: '2026-12-02T10:00:00Z', what: 'PEG (pain and daily life)', score: '5.7', band: 'moderate pain impact' });
    expect(scoreLine({ resourceType: 'Observation', code: { coding: [{ system: 'http://loinc.org', code: '4548-4' }] }, valueQuantity: { value: 7 } })).toBeNull();
  });
});
