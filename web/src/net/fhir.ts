// FHIR resources as the browser handles them: the loose shape every
// resource has, a search Bundle, and the media type /fhir speaks
// (docs/fhir.md). Shared by the features that read or write the record
// (record/, therapy/): types, one constant and a patient's name in words.

export const kFhirJson = 'application/fhir+json';

export interface Resource {
  resourceType: string;
  id?: string;
  meta?: { versionId?: string; lastUpdated?: string };
  [field: string]: unknown;
}

export interface Bundle {
  resourceType: 'Bundle';
  type?: string;
  total?: number;
  entry?: Array<{ fullUrl?: string; resource?: Resource }>;
}

/** A Patient resource's name for people: its text, else given and family names, else its id. */
export function patientName(patient: Resource): string {
  const name = (patient.name as Array<{ text?: string; given?: string[]; family?: string }> | undefined)?.[0];
  return name?.text || [...(name?.given ?? []), name?.family ?? ''].join(' ').trim() || `Patient ${patient.id ?? ''}`.trim();
}
