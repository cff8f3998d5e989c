// A patient's access history in words, from the AuditEvents of their
// $everything Bundle (docs/fhir.md "Auditing"): who acted, when, what they
// did, why (the purpose, e.g. a break-glass reason) and whether it was
// allowed. Pure functions.

import type { TimeFormat } from '../clinic/format';
import { asArray, asString, conceptText, formatRecordDate, kTypeWords, kTypeWordsPlural, type CodeableConcept, type Coding, type Reference, type Resource } from './words';

export interface AccessEntry {
  id: string;
  who: string;
  when: string;
  what: string;
  why: string;
  outcome: string;
  refused: boolean;
  sortKey: string;
}

interface AuditAgent {
  type?: CodeableConcept;
  role?: CodeableConcept[];
  who?: Reference;
  name?: string;
  requestor?: boolean;
}

const kActionWords: Record<string, string> = { C: 'Added', R: 'Looked at', U: 'Changed', D: 'Deleted', E: 'Used' };

const kPurposeWords: Record<string, string> = {
  TREAT: 'Care',
  ETREAT: 'Emergency access (break-glass)',
  BTG: 'Emergency access (break-glass)',
  PATRQT: 'Your own request',
  HOPERAT: 'Running the hospital',
  HRESCH: 'Research',
  PUBHLTH: 'Public health',
  LEGAL: 'Legal requirement',
};

/**
 * Who acted, in words: the requesting agent's name, with their role when
 * known. A patient in their own access history can only be themselves
 * (patients see no one else's record), so that agent reads "You".
 */
export function auditWho(agents: AuditAgent[]): string {
  const agent = agents.find((candidate) => candidate.requestor) ?? agents[0];
  if (!agent) return 'Unknown';
  const name = agent.who?.display ?? agent.name ?? '';
  const role = conceptText(agent.role?.[0]) || conceptText(agent.type);
  if (role.toLowerCase() === 'patient') return 'You';
  if (name && role && !name.toLowerCase().includes(role.toLowerCase())) return `${name} (${role})`;
  return name || role || agent.who?.reference || 'Unknown';
}

/** MetaClinic's audit actions (docs/fhir.md "Auditing"; AuditEvent.subtype) in words. */
const kAuditActionWords: Record<string, string> = {
  'record.everything': 'Copied your whole record (export)',
  'record.view': 'Looked at your whole record',
  'subject.erase': 'Erased your record',
  'subject.create': 'Opened your record (registration)',
  'audit.read': 'Looked at your access history',
};

/**
 * What was done, in words: "Looked at a measurement or test result",
 * "Searched your record for health problems", "Changed your record".
 */
export function auditWhat(resource: Resource): string {
  const codes = asArray<Coding>(resource.subtype).map((coding) => (coding.code ?? '').toLowerCase());
  for (const code of codes) if (kAuditActionWords[code]) return kAuditActionWords[code];
  const entities = asArray<{ what?: Reference; description?: string }>(resource.entity);
  const typesNamed = entities.map((entity) => entity.what?.reference?.split('/')[0] ?? '').filter((type) => kTypeWords[type]);
  const entityType = typesNamed.find((type) => type !== 'Patient');
  const described = entities.map((entity) => entity.description ?? '').find(Boolean);
  if (codes.some((code) => code.includes('search'))) return `Searched your record${entityType ? ` for ${kTypeWordsPlural[entityType]}` : ''}`;
  if (codes.some((code) => code.includes('everything') || code.includes('export'))) return kAuditActionWords['record.everything'];
  const target = described || (entityType ? kTypeWords[entityType] : 'your record');
  const action = kActionWords[asString(resource.action) ?? ''] ?? 'Used';
  return `${action} ${target}`;
}

/** Why, in words: the purpose's text (e.g. the break-glass reason), else the code's meaning. */
export function auditWhy(resource: Resource): string {
  const purposes = asArray<CodeableConcept>(resource.purposeOfEvent);
  const words = purposes
    .map((purpose) => {
      if (purpose.text) return purpose.text;
      const coding = purpose.coding?.[0];
      return (coding?.code && kPurposeWords[coding.code]) || coding?.display || coding?.code || '';
    })
    .filter(Boolean);
  return words.length ? words.join('; ') : 'Not stated';
}

/** AuditEvent.outcome: 0 success, 4 minor failure, 8 serious failure, 12 major failure. */
export function auditOutcome(resource: Resource): { words: string; refused: boolean } {
  const outcome = asString(resource.outcome);
  const description = asString(resource.outcomeDesc);
  if (outcome === undefined || outcome === '0') return { words: 'Allowed', refused: false };
  const words = outcome === '12' ? 'Failed' : 'Refused';
  // A one-word description ("denied") adds nothing to "Refused".
  return { words: description && /\s/.test(description.trim()) ? `${words}: ${description}` : words, refused: true };
}

export function accessEntry(resource: Resource, format: TimeFormat): AccessEntry {
  const outcome = auditOutcome(resource);
  const recorded = asString(resource.recorded) ?? '';
  return {
    id: resource.id ?? '',
    who: auditWho(asArray<AuditAgent>(resource.agent)),
    when: formatRecordDate(recorded, format),
    what: auditWhat(resource),
    why: auditWhy(resource),
    outcome: outcome.words,
    refused: outcome.refused,
    sortKey: recorded,
  };
}

/** The patient's name from their Patient resource ('' when there is none). */
