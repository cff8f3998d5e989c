#!/usr/bin/env node
// DICOMweb (docs/api.md "DICOMweb") driven by a standard client, the
// dicomweb-client library that OHIF's viewer is built on, in Node, no
// browser: starts `metaclinic serve --demo` (which seeds the synthetic CT
// study), signs cardio1 in, and through the library's own calls
//  - searches studies (PatientName wildcard, includefield, tags, ranges),
//    series and instances;
//  - stores an instance (STOW-RS) and retrieves it byte for byte (WADO-RS);
//  - reads instance metadata and rendered instances and frames (PNG).
// The library is written for browsers (XMLHttpRequest); xhr.mjs supplies
// that API over Node's fetch.
// Usage (from web/): node dicomweb-test/run.mjs [path/to/metaclinic] [--filter TEXT]
// Exit status 0 only when every test passed. Bounded by DICOMWEB_TEST_TIMEOUT_S
// (default 50 s). Nothing is downloaded.

import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import dicomweb from 'dicomweb-client';
import { assert, runTests, startServer } from '../e2e/harness.mjs';
import { Session } from '../fhir-test/session.mjs';
import { NodeXMLHttpRequest } from './xhr.mjs';

globalThis.XMLHttpRequest = NodeXMLHttpRequest;

const web = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const filterIndex = args.indexOf('--filter');
const filter = filterIndex >= 0 ? args.splice(filterIndex, 2)[1] : '';
const binary = resolve(args[0] ?? join(web, '..', 'build', 'release', 'src', 'app', 'metaclinic'));
const overallS = Number(process.env.DICOMWEB_TEST_TIMEOUT_S ?? 50);

const watchdog = setTimeout(() => {
  console.error(`dicomweb-test: gave up after ${overallS} s`);
  process.exit(124);
}, overallS * 1000);
watchdog.unref();

if (!existsSync(binary)) {
  console.error(`dicomweb-test: server binary ${binary} not found (build it with "make build")`);
  process.exit(2);
}

// What a study list (OHIF's) shows of each study.
const kStudyListTags = {
  '0020000D': 'StudyInstanceUID',
  '00080020': 'StudyDate',
  '00080030': 'StudyTime',
  '00080050': 'AccessionNumber',
  '00100010': 'PatientName',
  '00100020': 'PatientID',
  '00081030': 'StudyDescription',
  '00080061': 'ModalitiesInStudy',
  '00201206': 'NumberOfStudyRelatedSeries',
  '00201208': 'NumberOfStudyRelatedInstances',
};

const first = (dataset, tag) => dataset?.[tag]?.Value?.[0];

/** The (width, height) of a PNG from its IHDR chunk. */
function pngSize(buffer) {
  const bytes = new Uint8Array(buffer);
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  assert(signature.every((byte, i) => bytes[i] === byte), 'not a PNG');
  const view = new DataView(buffer);
  return [view.getUint32(16), view.getUint32(20)];
}

function sameBytes(left, right) {
  const a = new Uint8Array(left);
  const b = new Uint8Array(right);
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

/**
 * `part10` with every whole-value occurrence of each UID in `renames`
 * (old -> new, the same length) replaced: the dataset's and the meta header's.
 */
function renameUids(part10, renames) {
  const bytes = new Uint8Array(part10.slice(0));
  for (const [from, to] of renames) {
    assert(from.length === to.length, 'a renamed UID keeps its length');
    const needle = new TextEncoder().encode(from);
    let count = 0;
    for (let i = 0; i + needle.length <= bytes.length; i++) {
      if (!needle.every((byte, k) => bytes[i + k] === byte)) continue;
      const next = bytes[i + needle.length];
      if (next !== undefined && (next === 0x2e || (next >= 0x30 && next <= 0x39))) continue;
      bytes.set(new TextEncoder().encode(to), i);
      count++;
    }
    assert(count > 0, `UID ${from} not found in the file`);
  }
  return bytes.buffer;
}

/** Another UID of the same length (the last digit changed). */
const otherUid = (uid) => uid.slice(0, -1) + (uid.endsWith('5') ? '6' : '5');

/** Expects `call` to be refused with HTTP `status`; returns the error body. */
async function refused(call, status, what) {
  try {
    await call();
  } catch (error) {
    assert(error.status === status, `${what}: expected HTTP ${status}, got ${error.status}`);
    return error.response;
  }
  throw new Error(`${what}: expected HTTP ${status}, the call succeeded`);
}

const webRoot = existsSync(join(web, 'dist', 'index.html')) ? join(web, 'dist') : mkdtempSync(join(tmpdir(), 'metaclinic-dicomweb-web-'));
const server = await startServer(binary, webRoot);
const account = server.accounts.find((candidate) => candidate.login === 'cardio1');
const session = await Session.signIn(server.url, undefined, account);
// The session cookie (and the CSRF token STOW needs) on every request, as a
// browser client on the same origin would send them.
// verbose off: the library would print whole requests, the cookie with them.
const clientOptions = {
  verbose: false,
  errorInterceptor: (error) => {
    error.message = `${error.request?.method} ${error.request?.url} -> HTTP ${error.status} ${JSON.stringify(error.response)}`;
  },
};
const client = new dicomweb.api.DICOMwebClient({
  ...clientOptions,
  url: `${server.url}/dicomweb`,
  headers: { Cookie: session.cookie, 'X-CSRF-Token': session.csrf },
});

// Shared between tests (they run in order).
const demo = {};

let failed = 1;
try {
  failed = await runTests(
    [
      {
        name: 'dicomweb-client: searchForStudies with a PatientName wildcard and includefield lists the demo study as a study list shows it',
        run: async () => {
          const studies = await client.searchForStudies({
            queryParams: { PatientName: 'demo*', includefield: ['00081030', '00080060'], fuzzymatching: false, limit: 25, offset: 0 },
          });
          assert(studies.length === 1, `cardio1 finds ${studies.length} demo studies`);
          const study = studies[0];
          for (const [tag, keyword] of Object.entries(kStudyListTags)) {
            assert(tag in study, `the study answer lacks ${keyword} (${tag}): ${JSON.stringify(study).slice(0, 400)}`);
          }
          assert(first(study, '00100010')?.Alphabetic === 'Demo^Robin', `PatientName ${JSON.stringify(study['00100010'])}`);
          assert(JSON.stringify(study['00080061'].Value) === '["CT"]', 'ModalitiesInStudy is CT');
          assert(first(study, '00201208') === 64 && first(study, '00201206') === 1, 'one series of 64 instances');
          demo.study = first(study, '0020000D');
          demo.patient = first(study, '00100020');
          const none = await client.searchForStudies({ queryParams: { PatientName: 'Nobody*' } });
          assert(none.length === 0, `PatientName Nobody* found ${none.length}`);
          const byTag = await client.searchForStudies({
            queryParams: { '00100020': demo.patient, StudyDate: '20260101-20261231', StudyTime: '0800-1000', ModalitiesInStudy: 'CT' },
          });
          assert(byTag.length === 1 && first(byTag[0], '0020000D') === demo.study, 'tag key, date and time ranges');
          const fuzzy = await client.searchForStudies({ queryParams: { PatientName: 'rob', fuzzymatching: true } });
          assert(fuzzy.length === 1, `fuzzy PatientName found ${fuzzy.length}`);
        },
      },
      {
        name: "dicomweb-client: the queries OHIF's study list and series panel send find the demo study",
        run: async () => {
          // The shape of OHIF's DicomWebDataSource queries (its qido.js): *value*
          // wildcards, PatientID by tag, a StudyDate range, limit 101,
          // fuzzymatching false and an includefield list.
          const studies = await client.searchForStudies({
            queryParams: {
              PatientName: '*Robin*',
              '00100020': `*${demo.patient.slice(2, 8)}*`,
              AccessionNumber: '*DEMO*',
              StudyDescription: '*head*',
              ModalitiesInStudy: 'CT',
              StudyDate: '19700102-20261231',
              limit: 101,
              offset: 0,
              fuzzymatching: false,
              includefield: '00081030,00080060,00080090,00100030',
            },
          });
          assert(studies.length === 1 && first(studies[0], '0020000D') === demo.study, `OHIF study list query found ${studies.length}`);
          const series = await client.searchForSeries({ studyInstanceUID: demo.study, queryParams: { includefield: '0008103E,00080021' } });
          assert(series.length === 1 && '00200011' in series[0] && '0008103E' in series[0], 'OHIF series query');
          const uids = await client.searchForStudies({ queryParams: { StudyInstanceUID: `${demo.study}\\1.2.3` } });
          assert(uids.length === 1, 'a UID list separated by backslashes');
        },
      },
      {
        name: 'dicomweb-client: searchForSeries and searchForInstances walk the study, with paging',
        run: async () => {
          const series = await client.searchForSeries({ studyInstanceUID: demo.study, queryParams: { includefield: 'all' } });
          assert(series.length === 1 && first(series[0], '00080060') === 'CT', `series ${JSON.stringify(series).slice(0, 300)}`);
          assert(first(series[0], '00201209') === 64, 'NumberOfSeriesRelatedInstances');
          demo.series = first(series[0], '0020000E');
          const instances = await client.searchForInstances({ studyInstanceUID: demo.study, seriesInstanceUID: demo.series });
          assert(instances.length === 64, `${instances.length} instances`);
          demo.sop = first(instances[0], '00080018');
          const page = await client.searchForInstances({
            studyInstanceUID: demo.study,
            seriesInstanceUID: demo.series,
            queryParams: { limit: 4, offset: 60 },
          });
          assert(JSON.stringify(page.map((item) => first(item, '00200013'))) === '[61,62,63,64]', 'instance paging');
        },
      },
      {
        name: 'dicomweb-client: retrieveInstanceMetadata gives the dataset without pixel data',
        run: async () => {
          const metadata = await client.retrieveInstanceMetadata({
            studyInstanceUID: demo.study,
            seriesInstanceUID: demo.series,
            sopInstanceUID: demo.sop,
          });
          assert(Array.isArray(metadata) && metadata.length === 1, 'one dataset');
          assert(first(metadata[0], '00080018') === demo.sop, 'names the instance');
          assert(first(metadata[0], '00280010') === 256 && first(metadata[0], '00280011') === 256, 'Rows and Columns');
          assert(!('7FE00010' in metadata[0]), 'no Pixel Data');
        },
      },
      {
        name: 'dicomweb-client: retrieveInstanceRendered and retrieveInstanceFramesRendered give PNGs of the slice',
        run: async () => {
          const where = { studyInstanceUID: demo.study, seriesInstanceUID: demo.series, sopInstanceUID: demo.sop };
          const png = [{ mediaType: 'image/png' }];
          // A single-part answer comes back as [ArrayBuffer].
          const single = (answer) => {
            assert(Array.isArray(answer) && answer.length === 1 && answer[0] instanceof ArrayBuffer, `rendered answer ${typeof answer}`);
            return answer[0];
          };
          const instance = single(await client.retrieveInstanceRendered({ ...where, mediaTypes: png }));
          const frame = single(await client.retrieveInstanceFramesRendered({ ...where, frameNumbers: [1], mediaTypes: png }));
          const bone = single(await client.retrieveInstanceFramesRendered({
            ...where,
            frameNumbers: [1],
            mediaTypes: png,
            queryParams: { window: '500,2000,linear' },
          }));
          for (const image of [instance, frame, bone]) {
            assert(JSON.stringify(pngSize(image)) === '[256,256]', `PNG size ${pngSize(image)}`);
          }
          assert(sameBytes(instance, frame), 'the rendered instance is its first frame');
          assert(!sameBytes(frame, bone), 'another window renders other pixels');
          await refused(() => client.retrieveInstanceFramesRendered({ ...where, frameNumbers: [2], mediaTypes: png }), 404, 'frame 2 of 1');
        },
      },
      {
        name: 'dicomweb-client: storeInstances then retrieveInstance gives the stored bytes unchanged',
        run: async () => {
          const where = { studyInstanceUID: demo.study, seriesInstanceUID: demo.series, sopInstanceUID: demo.sop };
          const original = await client.retrieveInstance(where);
          const renamed = { study: otherUid(demo.study), series: otherUid(demo.series), sop: otherUid(demo.sop) };
          const upload = renameUids(original, [
            [demo.sop, renamed.sop],
            [demo.series, renamed.series],
            [demo.study, renamed.study],
          ]);
          // The library hands the STOW answer back as text.
          const answer = await client.storeInstances({ datasets: [upload], studyInstanceUID: renamed.study });
          const stored = typeof answer === 'string' ? JSON.parse(answer) : answer;
          const referenced = stored?.['00081199']?.Value ?? [];
          assert(first(referenced[0], '00081155') === renamed.sop, `STOW answer ${JSON.stringify(stored).slice(0, 300)}`);
          const back = await client.retrieveInstance({
            studyInstanceUID: renamed.study,
            seriesInstanceUID: renamed.series,
            sopInstanceUID: renamed.sop,
          });
          assert(sameBytes(back, upload), `retrieved ${back.byteLength} bytes differ from the ${upload.byteLength} stored`);
          const found = await client.searchForStudies({ queryParams: { StudyInstanceUID: renamed.study, PatientName: 'Demo*' } });
          assert(found.length === 1, 'QIDO finds the stored study');
        },
      },
      {
        name: 'dicomweb-client: malformed queries and a client without the session are refused',
        run: async () => {
          const bad = await refused(() => client.searchForStudies({ queryParams: { StudyDate: '2026' } }), 400, 'StudyDate 2026');
          assert(bad?.error?.code === 'invalid_query', `code ${JSON.stringify(bad)}`);
          const unsupported = await refused(() => client.searchForStudies({ queryParams: { foo: '1' } }), 400, 'foo');
          assert(unsupported?.error?.code === 'unsupported_query_parameter', `code ${JSON.stringify(unsupported)}`);
          const stranger = new dicomweb.api.DICOMwebClient({ ...clientOptions, url: `${server.url}/dicomweb` });
          await refused(() => stranger.searchForStudies(), 401, 'no session');
        },
      },
    ],
    { timeoutMs: 20000, filter },
  );
} finally {
  await server.stop();
}
process.exit(failed === 0 ? 0 : 1);
