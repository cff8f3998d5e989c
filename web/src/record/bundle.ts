// The patient's record, from the Bundle of GET /fhir/Patient/{id}/$everything
// (docs/fhir.md "Patient rights"), in plain words: grouped by kind
// (conditions, observations, visits, appointments, notes, questionnaires,
// consents), with the access history from access.ts. Pure functions: no DOM,
// no clock; the locale and time zone are handed in, so tests need neither a
// browser nor a real clock.

import type { TimeFormat } from '../clinic/format';
import { accessEntry, type AccessEntry } from './access';
import {
  asArray,
  asConcept,
  asString,
  conceptText,
  decodeBase64Text,
  departmentWords,
  formatRecordDate,
  kTypeWords,
  kTypeWordsPlural,
  quantityText,
  statusWords,
  type Bundle,
  type CodeableConcept,
  type Coding,
  type Period,
  type Quantity,
  type Reference,
  type Resource,
} from './words';

// ---- what the page shows ----

export type SectionKey = 'conditions' | 'observations' | 'visits' | 'appointments' | 'notes' | 'questionnaires' | 'consents' | 'other';

export interface RecordItem {
  id: string;
  title: string;
  /** When it happened, in words; '' when the record has no date. */
  when: string;
  /** Further facts, each a short phrase ("Current", "Value: 7.1 %"). */
  details: string[];
  /** ISO date-time used for ordering (newest first). */
  sortKey: string;
}

export interface RecordSection {
  key: SectionKey;
  title: string;
  /** What to say when the section is empty. */
  empty: string;
  items: RecordItem[];
}

export interface RecordView {
  patientName: string;
  sections: RecordSection[];
  /** Newest first. */
  access: AccessEntry[];
  /** Entries in the Bundle (all kinds, access history included). */
  entryCount: number;
}

const kSections: Array<{ key: SectionKey; title: string; empty: string; types: string[] }> = [
  { key: 'conditions', title: 'Health problems (conditions)', empty: 'No health problems are recorded.', types: ['Condition'] },
  { key: 'observations', title: 'Measurements and test results', empty: 'No measurements or test results are recorded.', types: ['Observation'] },
  { key: 'visits', title: 'Visits', empty: 'No visits are recorded.', types: ['Encounter'] },
  { key: 'appointments', title: 'Appointments', empty: 'You have no appointments on record.', types: ['Appointment'] },
  { key: 'notes', title: 'Clinical notes', empty: 'No clinical notes are recorded.', types: ['DocumentReference'] },
  { key: 'questionnaires', title: 'Questionnaires you answered', empty: 'You have not answered any questionnaires.', types: ['QuestionnaireResponse'] },
  { key: 'consents', title: 'Your sharing choices (consents)', empty: 'You have not made any sharing choices: the care teams you have appointments with can see your record.', types: ['Consent'] },
];

/** What a resource type is, in words, with an article ("a measurement or test result"). */
function referenceWho(reference: Reference | undefined, self: string): string {
  if (!reference) return '';
  if (reference.display) return reference.display;
  if (reference.reference === `Patient/${self}`) return 'you';
  if (reference.reference?.startsWith('Practitioner')) return 'a clinician';
  return '';
}

// ---- one resource -> one item ----

function conditionItem(resource: Resource, format: TimeFormat): RecordItem {
  const clinical = conceptText(asConcept(resource.clinicalStatus));
  const onset = asString(resource.onsetDateTime) ?? (resource.onsetPeriod as Period | undefined)?.start;
  const details = [
    statusWords(clinical.toLowerCase() || undefined, { active: 'Current', recurrence: 'Came back', relapse: 'Came back', inactive: 'No longer active', remission: 'In remission', resolved: 'Resolved' }),
    onset ? `Since ${formatRecordDate(onset, format)}` : asString(resource.onsetString) ? `Since ${resource.onsetString}` : '',
    conceptText(asConcept(asArray<CodeableConcept>(resource.category)[0])),
    ...asArray<{ text?: string }>(resource.note).map((note) => note.text ?? ''),
  ];
  const recorded = asString(resource.recordedDate);
  return {
    id: resource.id ?? '',
    title: conceptText(asConcept(resource.code)) || 'A health problem',
    when: recorded ? `Recorded ${formatRecordDate(recorded, format)}` : '',
    details: details.filter(Boolean),
    sortKey: recorded ?? onset ?? '',
  };
}

/** An Observation's value in words ("7.1 %", "Yes", "Systolic: 120 mmHg; Diastolic: 80 mmHg"). */
export function observationValue(resource: Resource): string {
  const single = (holder: Record<string, unknown>): string => {
    if (holder.valueQuantity) return quantityText(holder.valueQuantity as Quantity);
    if (holder.valueCodeableConcept) return conceptText(holder.valueCodeableConcept as CodeableConcept);
    if (typeof holder.valueString === 'string') return holder.valueString;
    if (typeof holder.valueBoolean === 'boolean') return holder.valueBoolean ? 'Yes' : 'No';
    if (typeof holder.valueInteger === 'number') return String(holder.valueInteger);
    if (holder.valueRange) {
      const range = holder.valueRange as { low?: Quantity; high?: Quantity };
      return `${quantityText(range.low)} to ${quantityText(range.high)}`;
    }
    if (typeof holder.valueDateTime === 'string') return formatRecordDate(holder.valueDateTime);
    if (typeof holder.valueTime === 'string') return holder.valueTime;
    return '';
  };
  const own = single(resource);
  const components = asArray<Record<string, unknown>>(resource.component)
    .map((component) => {
      const value = single(component);
      const name = conceptText(component.code as CodeableConcept | undefined);
      return value ? (name ? `${name}: ${value}` : value) : '';
    })
    .filter(Boolean);
  return [own, ...components].filter(Boolean).join('; ');
}

function observationItem(resource: Resource, format: TimeFormat): RecordItem {
  const effective = asString(resource.effectiveDateTime) ?? (resource.effectivePeriod as Period | undefined)?.start ?? asString(resource.effectiveInstant) ?? asString(resource.issued);
  const value = observationValue(resource);
  const absent = conceptText(asConcept(resource.dataAbsentReason));
  const interpretation = asArray<CodeableConcept>(resource.interpretation).map(conceptText).filter(Boolean).join(', ');
  const details = [
    value ? `Value: ${value}` : absent ? `No value: ${absent}` : 'No value recorded',
    interpretation ? `Meaning: ${interpretation}` : '',
    statusWords(asString(resource.status), { final: '', registered: 'Not ready yet', preliminary: 'Preliminary', amended: 'Corrected', corrected: 'Corrected', cancelled: 'Cancelled', 'entered-in-error': 'Entered in error', unknown: '' }),
    ...asArray<{ text?: string }>(resource.note).map((note) => note.text ?? ''),
  ];
  return {
    id: resource.id ?? '',
    title: conceptText(asConcept(resource.code)) || 'A measurement',
    when: formatRecordDate(effective, format),
    details: details.filter(Boolean),
    sortKey: effective ?? '',
  };
}

const kEncounterClassWords: Record<string, string> = {
  VR: 'Virtual visit',
  AMB: 'Clinic visit',
  EMER: 'Emergency visit',
  IMP: 'Hospital stay',
  ACUTE: 'Hospital stay',
  HH: 'Home visit',
  OBSENC: 'Observation stay',
};

/** "20 minutes", "1 hour 5 minutes"; '' when the period is open or unreadable. */
export function durationWords(period: Period | undefined): string {
  if (!period?.start || !period.end) return '';
  const minutes = Math.round((Date.parse(period.end) - Date.parse(period.start)) / 60000);
  if (!Number.isFinite(minutes) || minutes < 0) return '';
  if (minutes < 60) return minutes === 1 ? '1 minute' : `${minutes} minutes`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  const hourWords = hours === 1 ? '1 hour' : `${hours} hours`;
  return rest === 0 ? hourWords : `${hourWords} ${rest === 1 ? '1 minute' : `${rest} minutes`}`;
}

function encounterItem(resource: Resource, format: TimeFormat, self: string): RecordItem {
  const visitClass = resource.class as Coding | undefined;
  const period = resource.period as Period | undefined;
  const where =
    departmentWords(conceptText(asConcept(resource.serviceType))) ||
    conceptText(asConcept(asArray<CodeableConcept>(resource.type)[0])) ||
    (resource.serviceProvider as Reference | undefined)?.display ||
    '';
  const people = asArray<{ individual?: Reference }>(resource.participant)
    .map((participant) => referenceWho(participant.individual, self))
    .filter((name) => name && name !== 'you');
  const duration = durationWords(period);
  const details = [
    statusWords(asString(resource.status), { planned: 'Planned', arrived: 'Arrived', triaged: 'Seen by the front desk', 'in-progress': 'In progress', onleave: 'On leave', finished: 'Finished', cancelled: 'Cancelled', 'entered-in-error': 'Entered in error', unknown: '' }),
    duration ? `Lasted ${duration}` : '',
    people.length ? `With ${people.join(', ')}` : '',
  ];
  const kind = (visitClass?.code && kEncounterClassWords[visitClass.code]) || visitClass?.display || 'Visit';
  return {
    id: resource.id ?? '',
    title: where ? `${kind}, ${where}` : kind,
    when: formatRecordDate(period?.start, format),
    details: details.filter(Boolean),
    sortKey: period?.start ?? '',
  };
}

function appointmentItem(resource: Resource, format: TimeFormat, self: string): RecordItem {
  const start = asString(resource.start);
  const what =
    departmentWords(conceptText(asConcept(asArray<CodeableConcept>(resource.serviceType)[0]))) ||
    conceptText(asConcept(asArray<CodeableConcept>(resource.specialty)[0])) ||
    asString(resource.description) ||
    'Appointment';
  const people = asArray<{ actor?: Reference }>(resource.participant)
    .filter((participant) => !participant.actor?.reference?.startsWith('Patient/'))
    .map((participant) => referenceWho(participant.actor, self))
    .filter(Boolean);
  const details = [
    statusWords(asString(resource.status), { proposed: 'Proposed', pending: 'Waiting for confirmation', booked: 'Booked', arrived: 'Checked in', fulfilled: 'Done', cancelled: 'Cancelled', noshow: 'Missed', 'entered-in-error': 'Entered in error', 'checked-in': 'Checked in', waitlist: 'On the waiting list' }),
    people.length ? `With ${people.join(', ')}` : '',
    asString(resource.comment) ? `Reason: ${resource.comment}` : '',
  ];
  return { id: resource.id ?? '', title: what, when: formatRecordDate(start, format), details: details.filter(Boolean), sortKey: start ?? '' };
}

function noteItem(resource: Resource, format: TimeFormat, self: string): RecordItem {
  const date = asString(resource.date);
  const authors = asArray<Reference>(resource.author).map((author) => referenceWho(author, self)).filter(Boolean);
  const texts = asArray<{ attachment?: { contentType?: string; data?: string; title?: string } }>(resource.content)
    .map((content) => content.attachment)
    .filter((attachment) => attachment?.data && (!attachment.contentType || attachment.contentType.startsWith('text/')))
    .map((attachment) => decodeBase64Text(attachment!.data!))
    .filter(Boolean);
  return {
    id: resource.id ?? '',
    title: asString(resource.description) || conceptText(asConcept(resource.type)) || 'Clinical note',
    when: formatRecordDate(date, format),
    details: [authors.length ? `Written by ${authors.join(', ')}` : '', ...texts].filter(Boolean),
    sortKey: date ?? '',
  };
}

interface QuestionnaireItem {
  text?: string;
  linkId?: string;
  answer?: Array<Record<string, unknown>>;
  item?: QuestionnaireItem[];
}

function answersOf(items: QuestionnaireItem[]): string[] {
  return items.flatMap((item) => {
    const answers = (item.answer ?? [])
      .map((answer) => {
        if (answer.valueCoding) return (answer.valueCoding as Coding).display ?? (answer.valueCoding as Coding).code ?? '';
        return observationValue({ resourceType: 'answer', ...answer });
      })
      .filter(Boolean);
    const own = answers.length ? [`${item.text ?? item.linkId ?? 'Question'}: ${answers.join(', ')}`] : [];
    return [...own, ...answersOf(item.item ?? [])];
  });
}

function questionnaireItem(resource: Resource, format: TimeFormat): RecordItem {
  const authored = asString(resource.authored);
  const details = [
    statusWords(asString(resource.status), { 'in-progress': 'Not finished', completed: 'Completed', amended: 'Changed after completion', 'entered-in-error': 'Entered in error', stopped: 'Stopped' }),
    ...answersOf(asArray<QuestionnaireItem>(resource.item)),
  ];
  return { id: resource.id ?? '', title: 'Questionnaire', when: formatRecordDate(authored, format), details: details.filter(Boolean), sortKey: authored ?? '' };
}

interface Provision {
  type?: string;
  actor?: Array<{ reference?: Reference }>;
  class?: Coding[];
  provision?: Provision[];
}

/** A consent's rules in words: "Cardiology may not see your measurements and test results." */
export function consentRules(resource: Resource): string[] {
  const rules: string[] = [];
  const walk = (provision: Provision | undefined): void => {
    if (!provision) return;
    if (provision.type === 'deny') {
      const departments = (provision.actor ?? [])
        .map((actor) => actor.reference?.reference ?? '')
        .filter((reference) => reference.startsWith('Organization/'))
        .map((reference) => departmentWords(reference.slice('Organization/'.length)));
      const types = (provision.class ?? []).map((coding) => kTypeWordsPlural[coding.code ?? ''] ?? coding.display ?? coding.code ?? '').filter(Boolean);
      const who = departments.length ? departments.join(', ') : 'No department';
      rules.push(`${who} may not see your ${types.length ? types.join(', ') : 'record'}.`);
    }
    for (const nested of provision.provision ?? []) walk(nested);
  };
  walk(resource.provision as Provision | undefined);
  return rules;
}

function consentItem(resource: Resource, format: TimeFormat): RecordItem {
  const date = asString(resource.dateTime);
  const rules = consentRules(resource);
  const status = statusWords(asString(resource.status), { draft: 'Draft, not in force', proposed: 'Proposed, not in force', active: 'In force', rejected: 'Rejected', inactive: 'Withdrawn', 'entered-in-error': 'Entered in error' });
  return {
    id: resource.id ?? '',
    title: rules[0] ?? (conceptText(asConcept(resource.scope)) || 'Sharing choice'),
    when: formatRecordDate(date, format),
    details: [status, ...rules.slice(1)].filter(Boolean),
    sortKey: date ?? '',
  };
}

function otherItem(resource: Resource, format: TimeFormat): RecordItem {
  const updated = resource.meta?.lastUpdated;
  const words = kTypeWords[resource.resourceType];
  return {
    id: resource.id ?? '',
    title: words ? words.charAt(0).toUpperCase() + words.slice(1) : resource.resourceType,
    when: formatRecordDate(updated, format),
    details: [],
    sortKey: updated ?? '',
  };
}

type ItemBuilder = (resource: Resource, format: TimeFormat, self: string) => RecordItem;

const kItemBuilders: Record<string, ItemBuilder> = {
  Condition: conditionItem,
  Observation: observationItem,
  Encounter: encounterItem,
  Appointment: appointmentItem,
  DocumentReference: noteItem,
  QuestionnaireResponse: questionnaireItem,
  Consent: consentItem,
};

export function patientName(resource: Resource | undefined): string {
  const names = asArray<{ text?: string; given?: string[]; family?: string; use?: string }>(resource?.name);
  const name = names.find((candidate) => candidate.use === 'official') ?? names[0];
  if (!name) return '';
  return name.text ?? [...(name.given ?? []), name.family ?? ''].filter(Boolean).join(' ');
}

const newestFirst = (a: { sortKey: string }, b: { sortKey: string }) => (a.sortKey < b.sortKey ? 1 : a.sortKey > b.sortKey ? -1 : 0);

/**
 * The record page's content from an $everything Bundle. `self` is the
 * patient's own id (pseudonym), so references to them read as "you".
 */
export function groupRecord(bundle: Bundle, self: string, format: TimeFormat = {}): RecordView {
  const resources = (bundle.entry ?? []).map((entry) => entry.resource).filter((resource): resource is Resource => !!resource?.resourceType);
  const items = new Map<SectionKey, RecordItem[]>();
  const access: AccessEntry[] = [];
  let patient: Resource | undefined;
  for (const resource of resources) {
    if (resource.resourceType === 'Patient') {
      if (resource.id === self || !patient) patient = resource;
    } else if (resource.resourceType === 'AuditEvent') {
      access.push(accessEntry(resource, format));
    } else {
      const key = kSections.find((section) => section.types.includes(resource.resourceType))?.key ?? 'other';
      const item = (kItemBuilders[resource.resourceType] ?? otherItem)(resource, format, self);
      items.set(key, [...(items.get(key) ?? []), item]);
    }
  }
  const sections: RecordSection[] = kSections.map(({ key, title, empty }) => ({ key, title, empty, items: (items.get(key) ?? []).sort(newestFirst) }));
  const others = items.get('other') ?? [];
  if (others.length > 0) sections.push({ key: 'other', title: 'Other entries', empty: '', items: others.sort(newestFirst) });
  return { patientName: patientName(patient), sections, access: access.sort(newestFirst), entryCount: resources.length };
}

/** The download's file name: "metaclinic-record-2026-11-25.json". */
export function downloadName(nowMs: number): string {
  return `metaclinic-record-${new Date(nowMs).toISOString().slice(0, 10)}.json`;
}

/** Words for the errors the record page may meet (docs/fhir.md codes and HTTP statuses). */
export function recordErrorWords(status: number, code: string, message: string): string {
  if (code === 'network_error') return 'The server cannot be reached. Check your connection and try again.';
  if (code === 'subject_erased') return 'This record has been erased.';
  if (status === 401) return 'You are signed out. Please sign in again.';
  if (status === 403) return 'You are not allowed to do this.';
  if (status === 404) return 'Your record could not be found.';
  return message || `The server answered ${status}.`;
}
