import { describe, expect, it } from 'vitest';
import { auditOutcome, auditWhat, auditWho, auditWhy } from './access';
import { consentRules, downloadName, durationWords, groupRecord, observationValue, recordErrorWords } from './bundle';
import { decodeBase64Text, departmentWords, formatRecordDate, type Bundle, type Resource } from './words';

const me = '5bb71aba111c08040b761634bf6df2c5';
const utc = { locale: 'en-GB', timeZone: 'UTC' };

// An $everything Bundle shaped like docs/fhir.md's: the patient, their
// compartment, a clinical note and the access history.
const everything: Bundle = {
  resourceType: 'Bundle',
  type: 'searchset',
  total: 10,
  entry: [
    { resource: { resourceType: 'Patient', id: me, name: [{ text: 'Alex Demo' }] } },
    {
      resource: {
        resourceType: 'Condition',
        id: 'c1',
        clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }] },
        code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10', code: 'E10', display: 'Type 1 diabetes mellitus' }] },
        subject: { reference: `Patient/${me}` },
        onsetDateTime: '2024-03-01',
      },
    },
    {
      resource: {
        resourceType: 'Observation',
        id: 'o-old',
        status: 'final',
        code: { coding: [{ system: 'http://loinc.org', code: '4548-4', display: 'Hemoglobin A1c' }] },
        effectiveDateTime: '2026-10-01T09:00:00Z',
        valueQuantity: { value: 7.4, unit: '%' },
      },
    },
    {
      resource: {
        resourceType: 'Observation',
        id: 'o-new',
        status: 'amended',
        code: { text: 'HbA1c' },
        effectiveDateTime: '2026-11-20T09:00:00Z',
        valueQuantity: { value: 7.1, unit: '%' },
      },
    },
    {
      resource: {
        resourceType: 'Encounter',
        id: 'e1',
        status: 'finished',
        class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'VR' },
        serviceType: { text: 'Cardiology' },
        period: { start: '2026-11-20T09:00:00Z', end: '2026-11-20T09:20:00Z' },
        participant: [{ individual: { reference: 'Practitioner/2', display: 'Dr. Demo Cardiology' } }],
      },
    },
    {
      resource: {
        resourceType: 'Appointment',
        id: 'a1',
        status: 'booked',
        start: '2026-11-25T14:30:00Z',
        serviceType: [{ text: 'Cardiology' }],
        participant: [
          { actor: { reference: `Patient/${me}` }, status: 'accepted' },
          { actor: { reference: 'Practitioner/2', display: 'Dr. Demo Cardiology' }, status: 'accepted' },
        ],
      },
    },
    {
      resource: {
        resourceType: 'DocumentReference',
        id: 'n1',
        status: 'current',
        description: 'Visit note',
        date: '2026-11-20T09:20:00Z',
        author: [{ reference: 'Practitioner/2', display: 'Dr. Demo Cardiology' }],
        content: [{ attachment: { contentType: 'text/plain; charset=utf-8', data: 'Qmxvb2QgcHJlc3N1cmUgd2VsbCBjb250cm9sbGVkLg==' } }],
      },
    },
    {
      resource: {
        resourceType: 'Consent',
        id: 'k1',
        status: 'active',
        dateTime: '2026-11-21T10:00:00Z',
        provision: {
          type: 'permit',
          provision: [{ type: 'deny', actor: [{ reference: { reference: 'Organization/mental-health' } }], class: [{ code: 'Observation' }, { code: 'Condition' }] }],
        },
      },
    },
    {
      resource: {
        resourceType: 'AuditEvent',
        id: '41',
        type: { code: 'rest' },
        subtype: [{ code: 'read' }],
        action: 'R',
        recorded: '2026-11-20T09:05:00Z',
        outcome: '0',
        agent: [{ requestor: true, who: { reference: 'Practitioner/2', display: 'Dr. Demo Cardiology' }, role: [{ text: 'clinician' }] }],
        entity: [{ what: { reference: 'Observation/o-new' } }],
        purposeOfEvent: [{ coding: [{ code: 'TREAT' }], text: 'care relationship' }],
      },
    },
    {
      resource: {
        resourceType: 'AuditEvent',
        id: '57',
        type: { code: 'rest' },
        subtype: [{ code: 'search-type' }],
        action: 'E',
        recorded: '2026-11-22T16:00:00Z',
        outcome: '8',
        agent: [{ requestor: true, who: { display: 'Dr. Demo Dermatology' } }],
        entity: [{ what: { reference: `Patient/${me}` } }],
        purposeOfEvent: [{ text: 'break-glass: unconscious in the emergency room' }],
      },
    },
  ],
};

describe('record words', () => {
  it('formats dates at the precision they have', () => {
    expect(formatRecordDate('2024', utc)).toBe('2024');
    expect(formatRecordDate('2024-03', utc)).toBe('March 2024');
    expect(formatRecordDate('2024-03-01', utc)).toBe('1 Mar 2024');
    expect(formatRecordDate('2026-11-20T09:00:00Z', utc)).toBe('20 Nov 2026, 09:00');
    expect(formatRecordDate('not a date', utc)).toBe('not a date');
    expect(formatRecordDate(undefined, utc)).toBe('');
  });

  it('says values, durations and departments', () => {
    const base: Resource = { resourceType: 'Observation' };
    expect(observationValue({ ...base, valueQuantity: { value: 7.1, unit: '%' } })).toBe('7.1 %');
    expect(observationValue({ ...base, valueQuantity: { value: 5, code: 'mmol/L', comparator: '<' } })).toBe('<5 mmol/L');
    expect(observationValue({ ...base, valueBoolean: false })).toBe('No');
    expect(observationValue({ ...base, valueCodeableConcept: { coding: [{ code: 'POS', display: 'Positive' }] } })).toBe('Positive');
    expect(
      observationValue({
        ...base,
        component: [
          { code: { text: 'Systolic' }, valueQuantity: { value: 120, unit: 'mmHg' } },
          { code: { text: 'Diastolic' }, valueQuantity: { value: 80, unit: 'mmHg' } },
        ],
      }),
    ).toBe('Systolic: 120 mmHg; Diastolic: 80 mmHg');
    expect(observationValue(base)).toBe('');
    expect(durationWords({ start: '2026-11-20T09:00:00Z', end: '2026-11-20T09:20:00Z' })).toBe('20 minutes');
    expect(durationWords({ start: '2026-11-20T09:00:00Z', end: '2026-11-20T10:05:00Z' })).toBe('1 hour 5 minutes');
    expect(durationWords({ start: '2026-11-20T09:00:00Z' })).toBe('');
    expect(departmentWords('mental-health')).toBe('Mental health');
    expect(decodeBase64Text('SGVsbG8g4pyT')).toBe('Hello ✓');
    expect(decodeBase64Text('//79')).toBe(''); // not UTF-8
  });

  it('says who, what, why and the outcome of an access', () => {
    expect(auditWho([{ requestor: true, who: { display: 'Dr. Demo Cardiology' }, role: [{ text: 'clinician' }] }])).toBe('Dr. Demo Cardiology (clinician)');
    expect(auditWho([{ role: [{ coding: [{ code: 'admin', display: 'Administrator' }] }] }])).toBe('Administrator');
    expect(auditWho([{ who: { display: 'Demo Nurse' }, role: [{ text: 'nurse' }] }])).toBe('Demo Nurse');
    expect(auditWho([{ requestor: true, who: { display: 'patient #12' }, role: [{ text: 'patient' }] }])).toBe('You');
    expect(auditWho([])).toBe('Unknown');
    const read: Resource = { resourceType: 'AuditEvent', action: 'R', entity: [{ what: { reference: 'Patient/x' } }, { what: { reference: 'Observation/1' } }] };
    expect(auditWhat(read)).toBe('Looked at a measurement or test result');
    expect(auditWhat({ resourceType: 'AuditEvent', action: 'E', subtype: [{ code: 'everything' }] })).toBe('Copied your whole record (export)');
    expect(auditWhat({ resourceType: 'AuditEvent', action: 'E', subtype: [{ code: 'search-type' }], entity: [{ what: { reference: 'Condition' } }] })).toBe('Searched your record for health problems');
    // As the server writes them: the subtype is MetaClinic's audit action, the entity the patient and a vault record.
    const served = (action: string, code: string): Resource => ({
      resourceType: 'AuditEvent',
      action,
      subtype: [{ system: 'urn:metaclinic:audit-action', code }],
      entity: [{ what: { reference: `Patient/${me}` } }, { name: code, what: { display: 'VaultRecord/894d' } }],
    });
    expect(auditWhat(served('R', 'record.read'))).toBe('Looked at your record');
    expect(auditWhat(served('R', 'record.search'))).toBe('Searched your record');
    expect(auditWhat(served('U', 'record.write'))).toBe('Changed your record');
    expect(auditWhat(served('R', 'record.everything'))).toBe('Copied your whole record (export)');
    expect(auditWhat(served('R', 'record.view'))).toBe('Looked at your whole record');
    expect(auditWhat(served('U', 'subject.create'))).toBe('Opened your record (registration)');
    expect(auditWhat({ resourceType: 'AuditEvent', action: 'C', entity: [{ description: 'a blood test' }] })).toBe('Added a blood test');
    expect(auditWhy({ resourceType: 'AuditEvent', purposeOfEvent: [{ coding: [{ code: 'ETREAT' }] }] })).toBe('Emergency access (break-glass)');
    expect(auditWhy({ resourceType: 'AuditEvent' })).toBe('Not stated');
    expect(auditOutcome({ resourceType: 'AuditEvent', outcome: '0' })).toEqual({ words: 'Allowed', refused: false });
    expect(auditOutcome({ resourceType: 'AuditEvent', outcome: '4', outcomeDesc: 'no care relationship' })).toEqual({ words: 'Refused: no care relationship', refused: true });
    expect(auditOutcome({ resourceType: 'AuditEvent', outcome: '4', outcomeDesc: 'denied' })).toEqual({ words: 'Refused', refused: true });
    expect(auditOutcome({ resourceType: 'AuditEvent', outcome: '12' }).words).toBe('Failed');
  });

  it('says what a consent keeps from whom', () => {
    const consent = everything.entry!.find((entry) => entry.resource?.resourceType === 'Consent')!.resource!;
    expect(consentRules(consent)).toEqual(['Mental health may not see your measurements and test results, health problems.']);
    expect(consentRules({ resourceType: 'Consent', provision: { type: 'deny', actor: [{ reference: { reference: 'Organization/dermatology' } }] } })).toEqual([
      'Dermatology may not see your record.',
    ]);
    expect(consentRules({ resourceType: 'Consent', provision: { type: 'permit' } })).toEqual([]);
  });
});

describe('groupRecord', () => {
  const view = groupRecord(everything, me, utc);
  const section = (key: string) => view.sections.find((candidate) => candidate.key === key)!;

  it('names the patient and counts the entries', () => {
    expect(view.patientName).toBe('Alex Demo');
    expect(view.entryCount).toBe(10);
  });

  it('groups by kind in a fixed order, newest first, with an empty text for empty kinds', () => {
    expect(view.sections.map((candidate) => candidate.key)).toEqual(['conditions', 'observations', 'visits', 'appointments', 'notes', 'questionnaires', 'consents']);
    expect(section('observations').items.map((item) => item.id)).toEqual(['o-new', 'o-old']);
    expect(section('questionnaires').items).toEqual([]);
    expect(section('questionnaires').empty).toMatch(/not answered/);
  });

  it('says each entry in plain words', () => {
    expect(section('conditions').items[0]).toMatchObject({ title: 'Type 1 diabetes mellitus', details: ['Current', 'Since 1 Mar 2024'] });
    expect(section('observations').items[0]).toMatchObject({ title: 'HbA1c', when: '20 Nov 2026, 09:00', details: ['Value: 7.1 %', 'Corrected'] });
    expect(section('observations').items[1].details).toEqual(['Value: 7.4 %']);
    expect(section('visits').items[0]).toMatchObject({ title: 'Virtual visit, Cardiology', details: ['Finished', 'Lasted 20 minutes', 'With Dr. Demo Cardiology'] });
    expect(section('appointments').items[0]).toMatchObject({ title: 'Cardiology', when: '25 Nov 2026, 14:30', details: ['Booked', 'With Dr. Demo Cardiology'] });
    expect(section('notes').items[0]).toMatchObject({ title: 'Visit note', details: ['Written by Dr. Demo Cardiology', 'Blood pressure well controlled.'] });
    expect(section('consents').items[0]).toMatchObject({ title: 'Mental health may not see your measurements and test results, health problems.', details: ['In force'] });
  });

  it('lists the access history newest first with who, when, what, why and outcome', () => {
    expect(view.access).toEqual([
      {
        id: '57',
        who: 'Dr. Demo Dermatology',
        when: '22 Nov 2026, 16:00',
        what: 'Searched your record',
        why: 'break-glass: unconscious in the emergency room',
        outcome: 'Refused',
        refused: true,
        sortKey: '2026-11-22T16:00:00Z',
      },
      {
        id: '41',
        who: 'Dr. Demo Cardiology (clinician)',
        when: '20 Nov 2026, 09:05',
        what: 'Looked at a measurement or test result',
        why: 'care relationship',
        outcome: 'Allowed',
        refused: false,
        sortKey: '2026-11-20T09:05:00Z',
      },
    ]);
  });

  it('keeps unknown kinds under "Other entries" and survives an empty Bundle', () => {
    const other = groupRecord({ resourceType: 'Bundle', entry: [{ resource: { resourceType: 'Medication', id: 'm', meta: { lastUpdated: '2026-01-02T03:04:05Z' } } }] }, me, utc);
    expect(other.sections.at(-1)).toMatchObject({ key: 'other', items: [{ id: 'm', title: 'Medication' }] });
    const empty = groupRecord({ resourceType: 'Bundle' }, me, utc);
    expect(empty.sections.every((candidate) => candidate.items.length === 0)).toBe(true);
    expect(empty.access).toEqual([]);
    expect(empty.patientName).toBe('');
  });
});

describe('record file and errors', () => {
  it('names the download by day', () => {
    expect(downloadName(Date.UTC(2026, 10, 25, 23, 59))).toBe('metaclinic-record-2026-11-25.json');
  });

  it('says errors in words', () => {
    expect(recordErrorWords(404, 'subject_erased', 'erased')).toBe('This record has been erased.');
    expect(recordErrorWords(0, 'network_error', '')).toMatch(/cannot be reached/);
    expect(recordErrorWords(401, 'no_session', 'x')).toMatch(/signed out/);
    expect(recordErrorWords(500, 'internal', 'Something broke.')).toBe('Something broke.');
  });
});
