// The set's trace as the gym uploads it: the recorder's CSV has the issue's
// columns, reads back to the same frames, and the motion core (WebAssembly,
// the same code the server runs natively) gives the golden result from it:
// what the browser sends is what the server will re-analyse.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { KEYPOINT_COUNT, loadMotionCore, type MotionCore } from './motion-core';
import { HeadTraceRecorder, parseTrace, traceHeader, TraceRecorder } from './trace';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const knee = readFileSync(join(root, 'src', 'sim', 'motion', 'testdata', 'knee_extension_2d.csv'), 'utf8');
const kneeResult = JSON.parse(readFileSync(join(root, 'src', 'sim', 'motion', 'testdata', 'knee_extension_2d.json'), 'utf8'));
let core: MotionCore;

beforeAll(async () => {
  execFileSync(join(root, 'scripts', 'build-web-wasm'), ['motion'], { stdio: 'inherit' });
  core = await loadMotionCore({ wasmBinary: readFileSync(join(root, 'web', 'src', 'generated', 'wasm', 'motion.wasm')) });
}, 180_000);

describe('trace', () => {
  it('writes the issue header: t_ms, then x, y, z, score of the 17 keypoints', () => {
    const header = traceHeader().split(',');
    expect(header).toHaveLength(1 + 17 * 4);
    expect(header.slice(0, 5)).toEqual(['t_ms', 'nose_x', 'nose_y', 'nose_z', 'nose_score']);
    expect(header[header.length - 1]).toBe('rightAnkle_score');
  });

  it('records the golden knee set and the core finds the golden result in it', () => {
    const parsed = parseTrace(knee);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const recorder = new TraceRecorder();
    for (const frame of parsed.frames) expect(recorder.add(frame)).toBe(true);
    const csv = recorder.toCsv();
    const again = parseTrace(csv);
    expect(again.ok && again.frames.length).toBe(parsed.frames.length);
    expect(again.ok && again.frames.every((frame) => !frame.hasDepth)).toBe(true);
    const analysis = core.analyseCsv(csv, 'knee-extension', 'right');
    expect(analysis.ok).toBe(true);
    if (analysis.ok) expect(analysis.result).toEqual(kneeResult);
  });

  it('drops frames out of order or switching between 2D and 3D', () => {
    const recorder = new TraceRecorder();
    const frame = (tMs: number, hasDepth: boolean) => ({ tMs, keypoints: new Float64Array(KEYPOINT_COUNT * 4).fill(0.5), hasDepth });
    expect(recorder.add(frame(10, false))).toBe(true);
    expect(recorder.add(frame(10, false))).toBe(false);
    expect(recorder.add(frame(5, false))).toBe(false);
    expect(recorder.add(frame(20, true))).toBe(false);
    expect(recorder.frameCount).toBe(1);
  });

  it('says what is wrong with a trace it cannot read', () => {
    expect(parseTrace('')).toMatchObject({ ok: false, message: 'The trace has no frames.' });
    expect(parseTrace('t_ms,nose_x\n0,1\n')).toMatchObject({ ok: false });
    const lines = knee.split('\n');
    expect(parseTrace([lines[0], lines[2], lines[1]].join('\n'))).toMatchObject({ ok: false, message: 'Line 3: the time does not go forward.' });
    expect(parseTrace([lines[0], lines[1].replace(/,0\.\d+$/, ',x')].join('\n'))).toMatchObject({ ok: false, message: 'Line 2: a value is not a number.' });
  });

  it('writes the headset trace of the neck game', () => {
    const head = new HeadTraceRecorder();
    expect(head.add(0, [0, 0.1, 0, 0.995])).toBe(true);
    expect(head.add(0, [0, 0.1, 0, 0.995])).toBe(false);
    expect(head.add(33.3, [0, 0.2, 0, 0.98])).toBe(true);
    expect(head.toCsv()).toBe('t_ms,head_qx,head_qy,head_qz,head_qw\n0,0,0.1,0,0.995\n33.3,0,0.2,0,0.98\n');
  });
});
