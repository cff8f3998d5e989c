#!/usr/bin/env node
// The lobby's download budget: every JS, CSS and asset file the app can load
// (dist/ minus the benchmark page), gzip-compressed, must total <= 500 KB.
// Usage: node scripts/check-size.mjs [dist-dir] [--json]
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const kBudgetBytes = 500 * 1024;
const dist = resolve(process.argv.find((a, i) => i > 1 && !a.startsWith('--')) ?? new URL('../dist', import.meta.url).pathname);

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

let files;
try {
  files = walk(dist);
} catch {
  console.error(`check-size: ${dist} does not exist; run "npm run build" first`);
  process.exit(2);
}
const bench = new Set(['bench.html']);
// The bench page's own entry chunk is not part of the lobby.
for (const file of files) if (/\/assets\/bench-[^/]+\.js$/.test(file)) bench.add(relative(dist, file));
const counted = files.filter((file) => !bench.has(relative(dist, file)));
let total = 0;
const rows = counted.map((file) => {
  const gzip = gzipSync(readFileSync(file), { level: 9 }).length;
  total += gzip;
  return { file: relative(dist, file), gzip_bytes: gzip };
});
rows.sort((a, b) => b.gzip_bytes - a.gzip_bytes);
const result = { total_gzip_bytes: total, budget_bytes: kBudgetBytes, ok: total <= kBudgetBytes, files: rows };
if (process.argv.includes('--json')) console.log(JSON.stringify(result, null, 2));
else {
  for (const row of rows) console.log(`${String(row.gzip_bytes).padStart(8)}  ${row.file}`);
  console.log(`${String(total).padStart(8)}  total gzip (budget ${kBudgetBytes}) ${result.ok ? 'OK' : 'OVER BUDGET'}`);
}
process.exit(result.ok ? 0 : 1);
