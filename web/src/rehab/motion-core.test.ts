// The motion core as WebAssembly, held to the same golden results as the
// native build (src/sim/motion/testdata: result_json_test.cpp and the CLI's
// integration test compare the native output to the same files), so native
// and WASM give identical results on the same traces. Builds the module
// first if it is missing or stale (scripts/build-web-wasm; cached).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadMotionCore, type Exercise, type MotionCore, type Side } from './motion-core';
import { parseTrace, type PoseFrame } from './trace';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const testdata = join(root, 'src', 'sim', 'motion', 'testdata');

interface GoldenCase { file: string; exercise: Exercise; side: Side; targetDeg?: number }
const golden: GoldenCase[] = readFileSync(join(testdata, 'golden.txt'), 'utf8')
  .split('\n').filter((line) => line.trim() !== '').map((line) => {
    const [file, exercise, side, target] = line.trim().split(/\s+/);
    return { file, exercise: exercise as Exercise, side: side as Side,
             targetDeg: target === 'default' ? undefined : Number(target) };
  });

let core: MotionCore;

beforeAll(async () => {
  execFileSync(join(root, 'scripts', 'build-web-wasm'), ['motion'], { stdio: 'inherit' });
  const wasmBinary = readFileSync(join(root, 'web', 'src', 'generated', 'wasm', 'motion.wasm'));
  core = await loadMotionCore({ wasmBinary });
}, 180_000);

/** The CSV's frames as the browser pushes them (trace.ts's reader, the gym's test-mode feed). */
function framesOf(csv: string): PoseFrame[] {
  const parsed = parseTrace(csv);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.frames;
}

describe('motion core (WebAssembly)', () => {
  it('has golden cases to compare', () => {
    expect(golden.length).toBe(3);
  });

  it.each(golden)('$file gives the native result byte for byte', ({ file, exercise, side, targetDeg }) => {
    const csv = readFileSync(join(testdata, file), 'utf8');
    const expected = readFileSync(join(testdata, file.replace(/\.csv$/, '.json')), 'utf8').trimEnd();
    const analysis = core.analyseCsv(csv, exercise, side, targetDeg);
    expect(analysis.ok).toBe(true);
    if (!analysis.ok) return;
    expect(analysis.json).toBe(expected);
  });

  it.each(golden)('$file pushed live, frame by frame, ends in the same result', ({ file, exercise, side, targetDeg }) => {
    const csv = readFileSync(join(testdata, file), 'utf8');
    const expected = JSON.parse(readFileSync(join(testdata, file.replace(/\.csv$/, '.json')), 'utf8'));
    const live = core.openLiveSet(exercise, side, targetDeg);
    let reps = 0;
    let partials = 0;
    let lowConfidenceFrames = 0;
    for (const frame of framesOf(csv)) {
      const reading = live.push(frame.tMs, frame.keypoints, frame.hasDepth);
      if (reading.closed === 'rep') reps += 1;
      if (reading.closed === 'partial') partials += 1;
      if (reading.angleDeg === null) lowConfidenceFrames += 1;
      expect(reading.repCount).toBe(reps);
    }
    expect(live.result()).toEqual(expected);
    expect([reps, partials]).toEqual([expected.rep_count, expected.partial_count]);
    expect(lowConfidenceFrames > 0).toBe(expected.low_confidence_ms > 0);
    live.close();
  });

  it('counts head turns from the headset orientation (cervical rotation, pushHead)', () => {
    const live = core.openLiveSet('cervical-rotation', 'left', 45);
    const yawQuaternion = (yawDeg: number) => [0, Math.sin((yawDeg * Math.PI) / 360), 0, Math.cos((yawDeg * Math.PI) / 360)];
    let t = 0;
    let reading = live.pushHead(t, yawQuaternion(0));
    // Three turns to the left: to 55°, 60°, and one short turn to 30° (a partial), each 3 s at 30 Hz.
    for (const peak of [55, 60, 30]) {
      for (let i = 0; i < 90; i++) reading = live.pushHead((t += 1000 / 30), yawQuaternion(peak * Math.sin((Math.PI * i) / 89)));
      for (let i = 0; i < 15; i++) reading = live.pushHead((t += 1000 / 30), yawQuaternion(0));
    }
    expect([reading.repCount, reading.partialCount]).toEqual([2, 1]);
    expect(live.result().rom_deg?.max).toBeCloseTo(60, 0);
    expect(live.pushHead((t += 33), [0, 0, 0, 0]).angleDeg).toBeNull(); // not unit length: no tracking
    live.close();
    const knee = core.openLiveSet('knee-extension', 'right');
    expect(() => knee.pushHead(0, yawQuaternion(10))).toThrow(/cervical-rotation/);
    knee.close();
  });

  it('reports bad input with the native codes', () => {
    const header = readFileSync(join(testdata, 'knee_extension_2d.csv'), 'utf8').split('\n')[0];
    expect(core.analyseCsv('t_ms\n0\n', 'knee-flexion', 'left')).toMatchObject(
      { ok: false, code: 'trace_missing_column' });
    expect(core.analyseCsv(header + '\n', 'knee-flexion', 'left')).toMatchObject(
      { ok: false, code: 'trace_empty' });
    expect(core.analyseCsv('', 'jumping' as Exercise, 'left')).toMatchObject(
      { ok: false, code: 'unknown_exercise' });
    expect(core.analyseCsv('', 'knee-extension', 'left', 95)).toMatchObject(
      { ok: false, code: 'bad_target' });
    expect(() => core.openLiveSet('knee-flexion', 'middle' as Side)).toThrow(/unknown_side/);
  });
});
