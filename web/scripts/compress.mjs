#!/usr/bin/env node
// Writes a brotli (.br) and a gzip (.gz) copy beside every compressible file
// of the build, once, at build time, at the strongest settings: the server
// (src/net/static_files.cpp) then sends whichever the browser accepts
// without compressing anything per request. A copy that would not be smaller
// than its original is not written (the server sends the original).
// Usage: node scripts/compress.mjs [dist-dir]   (run by `npm run build`)
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

export const kCompressible = new Set(['.html', '.js', '.mjs', '.css', '.json', '.map', '.svg', '.txt', '.wasm', '.webmanifest', '.glb', '.bin']);

export function brotli(bytes) {
  return brotliCompressSync(bytes, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
  });
}

export function gzip(bytes) {
  return gzipSync(bytes, { level: 9 });
}

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    // Dot folders (vite's .vite/manifest.json) are never served.
    if (name.startsWith('.')) return [];
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

function main() {
  const dist = resolve(process.argv[2] ?? new URL('../dist', import.meta.url).pathname);
  let written = 0;
  let raw = 0;
  let brBytes = 0;
  for (const file of walk(dist)) {
    if (!kCompressible.has(extname(file))) continue;
    const bytes = readFileSync(file);
    raw += bytes.length;
    for (const [suffix, compress] of [['.br', brotli], ['.gz', gzip]]) {
      const packed = compress(bytes);
      if (packed.length >= bytes.length) continue;
      writeFileSync(file + suffix, packed);
      if (suffix === '.br') brBytes += packed.length;
      written++;
    }
  }
  console.log(`compress: ${written} precompressed files in ${dist} (${raw} bytes -> ${brBytes} bytes brotli)`);
}

if (import.meta.url === `file://${process.argv[1]}`) main();
