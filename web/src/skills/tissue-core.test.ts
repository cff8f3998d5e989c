// The tissue engine as WebAssembly, held to the native build's golden run
// (src/sim/tissue/testdata/pad_press.json, written and checked by
// tissue_c_api_test.cpp): the same recorded sphere inputs through the same
// C API give every vertex within 1e-4 m of the native positions. Builds the
// module first if it is missing or stale (scripts/build-web-wasm; cached).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadTissueCore, type TissueCore } from './tissue-core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

interface GoldenRun {
  cells: [number, number, number];
  size_m: [number, number, number];
  steps: [number, number, number, number, number][];
  positions_m: number[];
}
const golden = JSON.parse(readFileSync(join(root, 'src', 'sim', 'tissue', 'testdata', 'pad_press.json'), 'utf8')) as GoldenRun;

let core: TissueCore;

beforeAll(async () => {
  execFileSync(join(root, 'scripts', 'build-web-wasm'), ['tissue'], { stdio: 'inherit' });
  const wasmBinary = readFileSync(join(root, 'web', 'src', 'generated', 'wasm', 'tissue.wasm'));
  core = await loadTissueCore({ wasmBinary });
}, 180_000);

describe('tissue engine (WebAssembly)', () => {
  it('replays the golden press within 1e-4 m of the native build', () => {
    const pad = core.createPad({ cells: golden.cells, sizeM: golden.size_m });
    expect(pad.vertexCount * 3).toBe(golden.positions_m.length);
    const rest = Array.from(pad.positions());
    for (const [dt, x, y, z, radiusM] of golden.steps) {
      expect(pad.step(dt, { x, y, z, radiusM })).toBe(true);
    }
    const positions = pad.positions();
    let largest = 0;
    let moved = 0;
    positions.forEach((value, i) => {
      largest = Math.max(largest, Math.abs(value - golden.positions_m[i]));
      moved = Math.max(moved, Math.abs(value - rest[i]));
    });
    pad.destroy();
    expect(largest).toBeLessThanOrEqual(1e-4);
    expect(moved).toBeGreaterThan(4e-3);  // the run pressed the pad
  });

  it('refuses a pad out of range and steps out of range', () => {
    expect(() => core.createPad({ cells: [0, 2, 2], sizeM: [0.1, 0.03, 0.1] })).toThrow(/out of range/);
    const pad = core.createPad({ cells: [2, 1, 2], sizeM: [0.1, 0.03, 0.1] });
    expect(pad.tetCount).toBe(24);
    expect(pad.step(0, { x: 0, y: 0, z: 0, radiusM: 0.01 })).toBe(false);
    pad.destroy();
    expect(() => pad.positions()).toThrow(/destroyed/);
  });
});
