// Reading FHIR R4 JSON for people: the slice of the resources the "My
// record" page shows, safe readers for optional fields, and the shared words
// (codes, dates at their precision, quantities, resource types). Pure: the
// locale and time zone are handed in.

import type { TimeFormat } from '../clinic/format';

// ---- the slice of FHIR R4 read here (everything else is ignored) ----

export interface Coding {
  system?: string;
  code?: string;
  display?: string;
}

export interface CodeableConcept {
  coding?: Coding[];
  text?: string;
}

export interface Reference {
  reference?: string;
  display?: string;
}

export interface Period {
  start?: string;
  end?: string;
}

export interface Quantity {
  value?: number;
  unit?: string;
  code?: string;
  comparator?: string;
}

/** Any resource; the fields of every type this page shows are optional members. */
export type { Bundle, Resource } from '../net/fhir';

export const kTypeWords: Record<string, string> = {
  Patient: 'your personal details',
  Condition: 'a health problem',
  Observation: 'a measurement or test result',
  Encounter: 'a visit',
  Appointment: 'an appointment',
  DocumentReference: 'a clinical note',
  QuestionnaireResponse: 'a questionnaire you answered',
  Questionnaire: 'a questionnaire',
  Flag: 'a safety flag for your care team',
  Consent: 'a sharing choice',
  AuditEvent: 'your access history',
};

/** The same, plural, for consents ("measurements and test results"). */
export const kTypeWordsPlural: Record<string, string> = {
  Patient: 'personal details',
  Condition: 'health problems',
  Observation: 'measurements and test results',
  Encounter: 'visits',
  Appointment: 'appointments',
  DocumentReference: 'clinical notes',
  QuestionnaireResponse: 'questionnaire answers',
  Consent: 'sharing choices',
};

// ---- small readers ----

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function asConcept(value: unknown): CodeableConcept | undefined {
  return value && typeof value === 'object' ? (value as CodeableConcept) : undefined;
}

export function asArray<T>(value: unknown): T[] {
  return Array.isArray(value) ? (value as T[]) : [];
}

/** A CodeableConcept in words: its text, else the first coding's display, else its code. */
export function conceptText(concept: CodeableConcept | undefined): string {
  if (!concept) return '';
  if (concept.text) return concept.text;
  const coding = concept.coding?.find((candidate) => candidate.display) ?? concept.coding?.[0];
  return coding?.display ?? coding?.code ?? '';
}

/** "mental-health" -> "Mental health" (a department id in words). */
export function departmentWords(id: string): string {
  const words = id.replace(/[-_]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A quantity in words: "7.1 %", "< 5 mmol/L". */
export function quantityText(quantity: Quantity | undefined): string {
  if (!quantity || quantity.value === undefined) return '';
  const unit = quantity.unit ?? quantity.code ?? '';
  return `${quantity.comparator ?? ''}${quantity.value}${unit ? ` ${unit}` : ''}`.trim();
}

/**
 * A FHIR date or date-time in words at the precision it has: "2024" /
 * "March 2024" / "1 Mar 2024" / "20 Nov 2026, 09:00". Unreadable values come
 * back unchanged.
 */
export function formatRecordDate(value: string | undefined, format: TimeFormat = {}): string {
  if (!value) return '';
  const locale = format.locale ?? 'en-GB';
  if (/^\d{4}$/.test(value)) return value;
  if (/^\d{4}-\d{2}$/.test(value)) {
    const date = new Date(`${value}-01T00:00:00Z`);
    return Number.isNaN(date.getTime()) ? value : new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(date);
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const date = new Date(`${value}T00:00:00Z`);
    return Number.isNaN(date.getTime()) ? value : new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(date);
  }
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return new Intl.DateTimeFormat(locale, {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: format.timeZone,
  }).format(date);
}

export function statusWords(status: string | undefined, words: Record<string, string>): string {
  if (!status) return '';
  return words[status] ?? departmentWords(status);
}

/** Base64 text (an attachment's data) as a string; '' when it is not readable text. */
export function decodeBase64Text(data: string): string {
  try {
    const binary = atob(data);
    const bytes = Uint8Array.from(binary, (character) => character.charCodeAt(0));
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return '';
  }
}

/** Who a reference points to, in words: its display, else "a clinician" / "you" by type. */
