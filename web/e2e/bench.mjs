#!/usr/bin/env node
// Client frame-time benchmark: opens /bench.html (100 moving remote avatars
// by default, synthetic snapshots, no server needed) in Debian's chromium
// with SwiftShader WebGL, and writes the result as JSON.
// Each graphics setting (full, then lighter) runs in a fresh page; the
// report keeps a "before" baseline from an earlier run (--as-before stores
// this run's full setting as that baseline) and the ratios between them.
// Usage: node e2e/bench.mjs [--avatars N] [--seconds S] [--camera first|third] [--out FILE] [--as-before] [--dist DIR]
// The default output is ../bench/results/client.json.

import { createReadStream, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import { launchBrowser } from './harness.mjs';

const web = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : fallback;
};
const avatars = Number(option('--avatars', 100));
const seconds = Number(option('--seconds', 10));
const camera = option('--camera', 'first');
const out = resolve(option('--out', join(web, '..', 'bench', 'results', 'client.json')));
const dist = resolve(option('--dist', join(web, 'dist')));
if (!existsSync(join(dist, 'bench.html'))) execFileSync('npm', ['run', 'build'], { cwd: web, stdio: 'inherit' });

// A static server for dist/ (the page needs no API).
const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json' };
const server = createServer((req, res) => {
  const path = normalize(join(dist, decodeURIComponent(new URL(req.url, 'http://x').pathname)));
  if (!path.startsWith(dist) || !existsSync(path) || statSync(path).isDirectory()) {
    res.statusCode = 404;
    return res.end();
  }
  res.setHeader('Content-Type', types[extname(path)] ?? 'application/octet-stream');
  res.setHeader('Content-Security-Policy', "default-src 'self'; script-src 'self'; style-src 'self'");
  createReadStream(path).pipe(res);
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const browser = await launchBrowser();
async function runOnce(graphics) {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  await page.goto(`http://127.0.0.1:${server.address().port}/bench.html?avatars=${avatars}&seconds=${seconds}&graphics=${graphics}&camera=${camera}`);
  const result = await page.waitForFunction(() => window.benchResult, undefined, { timeout: (seconds + 60) * 1000 }).then((h) => h.jsonValue());
  await page.context().close();
  return result;
}
try {
  const previous = existsSync(out) ? JSON.parse(readFileSync(out, 'utf8')) : {};
  const full = await runOnce('full');
  const lighter = args.includes('--as-before') ? undefined : await runOnce('lighter');
  const before = args.includes('--as-before') ? full : previous.before;
  const ratio = (a, b) => (a && b ? Number((a.frame_ms_p50 / b.frame_ms_p50).toFixed(2)) : undefined);
  const report = {
    benchmark: 'client frame time with moving remote avatars (3D view, 960x600 canvas, pixel ratio pinned at 1)',
    date: new Date().toISOString(),
    renderer: 'headless chromium, SwiftShader (software WebGL), --disable-gpu',
    machine: `${(await import('node:os')).cpus().length} CPU cores, shared`,
    note: 'Software rendering on a shared CPU: an upper bound; a laptop GPU is far faster. frame_ms is one update+render call plus a 1-pixel readback, so the renderer\'s work is counted; frame_interval_ms is the time between animation frames (vsync-quantised). draw_calls_p50 is per frame. before: the full setting before the lighting of issue 14.',
    avatars,
    before,
    full: args.includes('--as-before') ? previous.full : full,
    lighter: lighter ?? previous.lighter,
    full_over_before_p50: ratio(args.includes('--as-before') ? previous.full : full, before),
    full_over_lighter_p50: ratio(full, lighter),
  };
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify(report, null, 2) + '\n');
  console.log(JSON.stringify(report, null, 2));
} finally {
  await browser.close();
  server.close();
}
