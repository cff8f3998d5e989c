import { describe, expect, it } from 'vitest';
import { buildConsent, currentConsent, denialWords, denialsOf, ifMatchOf, maySee, type Denials } from './consent';
import type { Bundle, Resource } from './words';

const kNow = '2026-11-25T10:00:00.000Z';

describe('buildConsent', () => {
  it('writes one nested deny per department, in a stable order', () => {
    const denials: Denials = new Map([
      ['neurology', new Set(['Encounter'])],
      ['cardiology', new Set(['Appointment', 'Observation'])],
    ]);
    const consent = buildConsent({ patient: 'p1', denials, now: kNow });
    expect(consent).toEqual({
      resourceType: 'Consent',
      status: 'active',
      scope: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/consentscope', code: 'patient-privacy' }] },
      category: [{ coding: [{ system: 'http://loinc.org', code: '59284-0' }] }],
      patient: { reference: 'Patient/p1' },
      dateTime: kNow,
      provision: {
        type: 'permit',
        provision: [
          {
            type: 'deny',
            actor: [{ role: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-RoleCode', code: 'PROV' }] }, reference: { reference: 'Organization/cardiology' } }],
            class: [
              { system: 'http://hl7.org/fhir/resource-types', code: 'Observation' },
              { system: 'http://hl7.org/fhir/resource-types', code: 'Appointment' },
            ],
          },
          {
            type: 'deny',
            actor: [{ role: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-RoleCode', code: 'PROV' }] }, reference: { reference: 'Organization/neurology' } }],
            class: [{ system: 'http://hl7.org/fhir/resource-types', code: 'Encounter' }],
          },
        ],
      },
    });
  });

  it('has no nested provisions when nothing is denied, and keeps the id of an update', () => {
    const consent = buildConsent({ patient: 'p1', denials: new Map([['cardiology', new Set()]]), now: kNow, id: 'c9' });
    expect(consent.id).toBe('c9');
    expect(consent.provision).toEqual({ type: 'permit' });
  });

  it('reads back what it wrote', () => {
    const denials: Denials = new Map([['cardiology', new Set(['Observation', 'QuestionnaireResponse'])]]);
    expect(denialsOf(buildConsent({ patient: 'p1', denials, now: kNow }))).toEqual(denials);
  });
});

describe('denialsOf', () => {
  it('reads a top-level deny and a deny without classes as every kind', () => {
    const consent: Resource = {
      resourceType: 'Consent',
      status: 'active',
      provision: { type: 'deny', actor: [{ reference: { reference: 'Organization/dermatology' } }] },
    };
    const denials = denialsOf(consent);
    expect([...(denials.get('dermatology') ?? [])].sort()).toEqual(['Appointment', 'Condition', 'Encounter', 'Observation', 'QuestionnaireResponse']);
    expect(maySee(denials, 'dermatology', 'Observation')).toBe(false);
    expect(maySee(denials, 'cardiology', 'Observation')).toBe(true);
  });

  it('ignores inactive consents, non-department actors and kinds it cannot show', () => {
    expect(denialsOf({ resourceType: 'Consent', status: 'inactive', provision: { type: 'deny', actor: [{ reference: { reference: 'Organization/x' } }] } }).size).toBe(0);
    const consent: Resource = {
      resourceType: 'Consent',
      status: 'active',
      provision: {
        type: 'permit',
        provision: [
          { type: 'deny', actor: [{ reference: { reference: 'Practitioner/4' } }], class: [{ code: 'Observation' }] },
          { type: 'deny', actor: [{ reference: { reference: 'Organization/cardiology' } }], class: [{ code: 'DocumentReference' }] },
          { type: 'permit', actor: [{ reference: { reference: 'Organization/neurology' } }], class: [{ code: 'Observation' }] },
        ],
      },
    };
    expect(denialsOf(consent).size).toBe(0);
    expect(denialsOf(undefined).size).toBe(0);
  });
});

describe('currentConsent and ifMatchOf', () => {
  it('picks the most recently updated active consent', () => {
    const bundle: Bundle = {
      resourceType: 'Bundle',
      entry: [
        { resource: { resourceType: 'Consent', id: 'old', status: 'active', meta: { versionId: '1', lastUpdated: '2026-01-01T00:00:00Z' } } },
        { resource: { resourceType: 'Consent', id: 'new', status: 'active', meta: { versionId: '4', lastUpdated: '2026-06-01T00:00:00Z' } } },
        { resource: { resourceType: 'Consent', id: 'gone', status: 'inactive', meta: { versionId: '2', lastUpdated: '2026-09-01T00:00:00Z' } } },
        { resource: { resourceType: 'OperationOutcome' } },
      ],
    };
    const current = currentConsent(bundle);
    expect(current?.id).toBe('new');
    expect(ifMatchOf(current)).toBe('W/"4"');
    expect(currentConsent({ resourceType: 'Bundle' })).toBeUndefined();
    expect(ifMatchOf(undefined)).toBeUndefined();
  });
});

describe('denialWords', () => {
  it('says per department what it cannot see, or that nothing is kept back', () => {
    const names = new Map([
      ['cardiology', 'Cardiology'],
      ['neurology', 'Neurology'],
    ]);
    const denials: Denials = new Map([
      ['neurology', new Set(['Encounter'])],
      ['cardiology', new Set(['Observation', 'Encounter', 'Appointment'])],
    ]);
    expect(denialWords(denials, names)).toEqual(['Cardiology cannot see your test results, visits and appointments.', 'Neurology cannot see your visits.']);
    expect(denialWords(new Map(), names)).toEqual(['Every department you have appointments with can see your whole record.']);
  });
});
