// The patient's sharing choices as one FHIR Consent (docs/fhir.md "Who may
// see what"): which departments may see which kinds of their record. The
// server enforces an active Consent's deny provisions whose actor is
// `Organization/<department>` and whose classes name resource types, on
// every read and search. The editor keeps ONE Consent per patient: a permit
// with one nested deny provision per department that has something denied.
// Pure functions: the clock is handed in.

import { asArray, type Bundle, type Coding, type Reference, type Resource } from './words';

/** The kinds of record a patient may keep from a department, in the order shown. */
export const kRestrictableKinds: ReadonlyArray<{ type: string; words: string }> = [
  { type: 'Observation', words: 'Test results' },
  { type: 'Condition', words: 'Health problems' },
  { type: 'Encounter', words: 'Visits' },
  { type: 'QuestionnaireResponse', words: 'Questionnaires' },
  { type: 'Appointment', words: 'Appointments' },
];

const kRestrictableTypes = new Set(kRestrictableKinds.map((kind) => kind.type));
const kResourceTypesSystem = 'http://hl7.org/fhir/resource-types';
const kOrganization = 'Organization/';

/** Department id -> the resource types it may NOT see. Departments with nothing denied are absent. */
export type Denials = Map<string, Set<string>>;

interface Provision {
  type?: string;
  actor?: Array<{ role?: unknown; reference?: Reference }>;
  class?: Coding[];
  provision?: Provision[];
}

/**
 * The denials of a Consent, read the way the server reads them: the top
 * provision and its nested ones, each `deny` for its Organization actors; a
 * deny without classes denies every kind. Types this page cannot show (e.g.
 * DocumentReference) are left out. An inactive Consent denies nothing.
 */
export function denialsOf(consent: Resource | undefined): Denials {
  const denials: Denials = new Map();
  if (!consent || consent.status !== 'active') return denials;
  const top = consent.provision as Provision | undefined;
  const provisions = top ? [top, ...asArray<Provision>(top.provision)] : [];
  for (const provision of provisions) {
    if (provision?.type !== 'deny') continue;
    const classes = asArray<Coding>(provision.class).map((coding) => coding.code ?? '');
    const types = classes.length ? classes.filter((type) => kRestrictableTypes.has(type)) : [...kRestrictableTypes];
    for (const actor of asArray<{ reference?: Reference }>(provision.actor)) {
      const reference = actor.reference?.reference ?? '';
      if (!reference.startsWith(kOrganization)) continue;
      const department = reference.slice(kOrganization.length);
      const denied = denials.get(department) ?? new Set<string>();
      for (const type of types) denied.add(type);
      if (denied.size) denials.set(department, denied);
    }
  }
  return denials;
}

/** Whether `department` may see `type` under `denials`. */
export function maySee(denials: Denials, department: string, type: string): boolean {
  return !denials.get(department)?.has(type);
}

export interface ConsentInput {
  /** The patient's id (pseudonym). */
  patient: string;
  denials: Denials;
  /** When the choice is made (ISO 8601). */
  now: string;
  /** The id of the Consent being updated; absent for the first one. */
  id?: string;
}

/**
 * The Consent to write: an active patient-privacy consent, a permit with one
 * nested deny per department with something denied (departments and types
 * in a stable order), no nested provisions when nothing is denied.
 */
export function buildConsent(input: ConsentInput): Resource {
  const nested = [...input.denials.entries()]
    .filter(([, types]) => types.size > 0)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([department, types]) => ({
      type: 'deny',
      actor: [
        {
          role: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-RoleCode', code: 'PROV' }] },
          reference: { reference: `${kOrganization}${department}` },
        },
      ],
      class: kRestrictableKinds.filter((kind) => types.has(kind.type)).map((kind) => ({ system: kResourceTypesSystem, code: kind.type })),
    }));
  const consent: Resource = {
    resourceType: 'Consent',
    ...(input.id ? { id: input.id } : {}),
    status: 'active',
    scope: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/consentscope', code: 'patient-privacy' }] },
    category: [{ coding: [{ system: 'http://loinc.org', code: '59284-0' }] }],
    patient: { reference: `Patient/${input.patient}` },
    dateTime: input.now,
    provision: nested.length ? { type: 'permit', provision: nested } : { type: 'permit' },
  };
  return consent;
}

/**
 * The patient's current Consent from a search Bundle (GET
 * /fhir/Consent?patient=&status=active): the most recently updated active
 * one, or undefined when there is none.
 */
export function currentConsent(bundle: Bundle | undefined): Resource | undefined {
  const consents = asArray<{ resource?: Resource }>(bundle?.entry)
    .map((entry) => entry.resource)
    .filter((resource): resource is Resource => resource?.resourceType === 'Consent' && resource.status === 'active');
  const updated = (resource: Resource) => resource.meta?.lastUpdated ?? String(resource.dateTime ?? '');
  return consents.sort((a, b) => updated(b).localeCompare(updated(a)))[0];
}

/** The If-Match value for updating `resource`, or undefined when it has no version. */
export function ifMatchOf(resource: Resource | undefined): string | undefined {
  const version = resource?.meta?.versionId;
  return version ? `W/"${version}"` : undefined;
}

/**
 * The choices in one plain sentence per department that has something
 * denied: "Cardiology cannot see your test results and visits."; one
 * sentence when nothing is denied.
 */
export function denialWords(denials: Denials, names: ReadonlyMap<string, string>): string[] {
  const lines = [...denials.entries()]
    .filter(([, types]) => types.size > 0)
    .sort(([a], [b]) => (names.get(a) ?? a).localeCompare(names.get(b) ?? b))
    .map(([department, types]) => {
      const kinds = kRestrictableKinds.filter((kind) => types.has(kind.type)).map((kind) => kind.words.toLowerCase());
      const list = kinds.length > 1 ? `${kinds.slice(0, -1).join(', ')} and ${kinds[kinds.length - 1]}` : kinds[0];
      return `${names.get(department) ?? department} cannot see your ${list}.`;
    });
  return lines.length ? lines : ['Every department you have appointments with can see your whole record.'];
}
