#!/usr/bin/env node
// Bytes on the wire per space, as the server sends them to a modern browser
// (the precompressed .br copy when there is one, else the file itself), from
// the build's import graph (dist/.vite/manifest.json). Budgets (issue 14):
//   the lobby's first load (index.html, the entry script and its static
//   imports, their CSS and assets, and the 3D view, which the lobby opens
//   where WebGL works) <= 400 KB;
//   each space or feature loaded on demand after that (the clinic, the body
//   explorer's 3D body, the record page) adds <= 150 KB more; the gym's
//   body tracker, loaded only with the camera, <= 320 KB (kChunkBudgetBytes).
// HTTP headers are not counted. Gzip sizes are reported for browsers without
// brotli. Exit status 1 when over a budget, 2 when dist/ is missing.
// Usage: node scripts/check-size.mjs [dist-dir] [--json]
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const kLobbyBudgetBytes = 400 * 1024;
const kSpaceBudgetBytes = 150 * 1024;
// The exception, with its reason: the gym's body tracker (@vladmandic/human
// with TensorFlow.js, rehab/webcam-pose.ts) is loaded only when a patient
// turns the camera on for an exercise game, and is one library; its
// MoveNet model (4.6 MB) is fetched after it, also only then.
const kChunkBudgetBytes = { 'human.esm': 320 * 1024 };
// What each on-demand chunk is, in words (by vite's chunk name).
const kLabels = {
  'world-view': 'lobby 3D view',
  clinic: 'clinic (waiting room and consultation)',
  'body-model': 'body explorer (3D body)',
  'record-page': 'my record',
  'human.esm': 'gym body tracker (camera on only)',
  groups: 'group rooms',
};

const dist = resolve(process.argv.find((a, i) => i > 1 && !a.startsWith('--')) ?? new URL('../dist', import.meta.url).pathname);
const manifestPath = join(dist, '.vite', 'manifest.json');
if (!existsSync(manifestPath)) {
  console.error(`check-size: ${manifestPath} does not exist; run "npm run build" first`);
  process.exit(2);
}
const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));

/** What the server sends for `file` (relative to dist) to a brotli browser, and to a gzip-only one. */
function wire(file) {
  const path = join(dist, file);
  const size = (p) => (existsSync(p) ? statSync(p).size : undefined);
  const raw = size(path) ?? 0;
  return { file, br: size(`${path}.br`) ?? raw, gzip: size(`${path}.gz`) ?? raw, raw };
}

/** The files one manifest entry needs at once: itself, its static imports (transitively), their CSS and assets. */
function closure(key, seen = new Set()) {
  const entry = manifest[key];
  if (!entry || seen.has(key)) return new Set();
  seen.add(key);
  const files = new Set([entry.file, ...(entry.css ?? []), ...(entry.assets ?? [])]);
  for (const imported of entry.imports ?? []) for (const file of closure(imported, seen)) files.add(file);
  return files;
}

const sum = (rows, field) => rows.reduce((total, row) => total + row[field], 0);
const keyByName = (name) => Object.keys(manifest).find((key) => manifest[key].name === name && manifest[key].file.endsWith('.js'));

// The lobby: the page, its entry, and the 3D view it opens at once.
const lobbyFiles = new Set(['index.html', ...closure('index.html')]);
const worldView = keyByName('world-view');
if (worldView) for (const file of closure(worldView)) lobbyFiles.add(file);
const lobbyRows = [...lobbyFiles].map(wire);
const spaces = [{ space: 'lobby (first load)', budget_bytes: kLobbyBudgetBytes, files: lobbyRows }];

// Every chunk loaded on demand (except the 3D view, counted above), priced as what it adds to the lobby.
const onDemand = new Set();
for (const entry of Object.values(manifest)) for (const key of entry.dynamicImports ?? []) onDemand.add(key);
for (const key of [...onDemand].sort()) {
  if (key === worldView) continue;
  const rows = [...closure(key)].filter((file) => !lobbyFiles.has(file)).map(wire);
  const name = manifest[key].name ?? key;
  spaces.push({ space: `+ ${kLabels[name] ?? name}`, budget_bytes: kChunkBudgetBytes[name] ?? kSpaceBudgetBytes, files: rows });
}

const report = spaces.map((entry) => ({
  ...entry,
  br_bytes: sum(entry.files, 'br'),
  gzip_bytes: sum(entry.files, 'gzip'),
  raw_bytes: sum(entry.files, 'raw'),
}));
for (const entry of report) entry.ok = entry.br_bytes <= entry.budget_bytes;
const ok = report.every((entry) => entry.ok);

if (process.argv.includes('--json')) {
  console.log(JSON.stringify({ ok, spaces: report }, null, 2));
} else {
  const kb = (bytes) => `${(bytes / 1024).toFixed(1).padStart(7)} KB`;
  console.log('bytes on the wire (brotli as served; gzip and uncompressed for comparison)');
  for (const entry of report) {
    console.log(`${entry.space.padEnd(44)} ${kb(entry.br_bytes)} br  ${kb(entry.gzip_bytes)} gz  ${kb(entry.raw_bytes)} raw  budget ${kb(entry.budget_bytes)}  ${entry.ok ? 'OK' : 'OVER BUDGET'}`);
    for (const row of entry.files.sort((a, b) => b.br - a.br)) console.log(`    ${kb(row.br)}  ${row.file}`);
  }
}
process.exit(ok ? 0 : 1);
