// FHIR resources as the browser handles them: the loose shape every
// resource has, a search Bundle, and the media type /fhir speaks
// (docs/fhir.md). Shared by the features that read or write the record
// (record/, therapy/); types and one constant, no behaviour.

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
