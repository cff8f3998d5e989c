// The motion core's cost per frame as WebAssembly in node (issue 17), over
// the same golden traces and the same C API calls as the native
// bench/motion/motion_bench.cpp: per frame, copy 68 doubles into the heap,
// mc_motion_live_push, read the reading (what web/src/rehab/motion-core.ts
// does); and mc_motion_analyse_csv over the whole CSV.
// usage: node web/scripts/bench-motion.mjs REPEATS  (prints one JSON object)
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const wasmDir = join(root, 'web', 'src', 'generated', 'wasm');
const testdata = join(root, 'src', 'sim', 'motion', 'testdata');
const repeats = Number(process.argv[2] ?? 20);

const { default: create } = await import(join(wasmDir, 'motion.mjs'));
const m = await create({ wasmBinary: readFileSync(join(wasmDir, 'motion.wasm')) });

const cString = (text) => {
  const capacity = m.lengthBytesUTF8(text) + 1;
  const pointer = m._malloc(capacity);
  m.stringToUTF8(text, pointer, capacity);
  return pointer;
};

const names = ['nose', 'leftEye', 'rightEye', 'leftEar', 'rightEar', 'leftShoulder',
  'rightShoulder', 'leftElbow', 'rightElbow', 'leftWrist', 'rightWrist', 'leftHip',
  'rightHip', 'leftKnee', 'rightKnee', 'leftAnkle', 'rightAnkle'];
let liveFrames = 0, csvFrames = 0, liveMs = 0, csvMs = 0, checksum = 0;
for (const line of readFileSync(join(testdata, 'golden.txt'), 'utf8').trim().split('\n')) {
  const [file, exercise, side, target] = line.trim().split(/\s+/);
  const targetDeg = target === 'default' ? NaN : Number(target);
  const csv = readFileSync(join(testdata, file), 'utf8');
  const [header, ...rows] = csv.trim().split('\n');
  const columns = header.split(',');
  const frames = rows.map((row) => {
    const cells = row.split(',');
    const keypoints = new Float64Array(68);
    names.forEach((name, i) => ['x', 'y', 'z', 'score'].forEach((field, j) => {
      const cell = cells[columns.indexOf(`${name}_${field}`)];
      keypoints[4 * i + j] = cell === '' ? 0 : Number(cell);
    }));
    return { t: Number(cells[0]), keypoints, depth: cells[columns.indexOf('nose_z')] !== '' };
  });
  const exerciseText = cString(exercise), sideText = cString(side), csvText = cString(csv);
  const frame = m._malloc(68 * 8);
  for (let r = 0; r < repeats; r++) {
    let start = performance.now();
    const handle = m._mc_motion_live_open(exerciseText, sideText, targetDeg);
    for (const f of frames) {
      m.HEAPF64.set(f.keypoints, frame / 8);
      m._mc_motion_live_push(handle, f.t, frame, f.depth ? 1 : 0);
      const angle = m.HEAPF64[m._mc_motion_live_reading() / 8];
      if (!Number.isNaN(angle)) checksum += angle;
    }
    m._mc_motion_live_close(handle);
    liveMs += performance.now() - start;
    liveFrames += frames.length;

    start = performance.now();
    m._mc_motion_analyse_csv(csvText, exerciseText, sideText, targetDeg);
    checksum += m.UTF8ToString(m._mc_motion_output()).length;
    csvMs += performance.now() - start;
    csvFrames += frames.length;
  }
  [exerciseText, sideText, csvText, frame].forEach((pointer) => m._free(pointer));
}
console.log(JSON.stringify({
  live_push_us_per_frame: Number((liveMs * 1000 / liveFrames).toFixed(3)),
  analyse_csv_us_per_frame: Number((csvMs * 1000 / csvFrames).toFixed(3)),
  frames: liveFrames,
  checksum: Number(checksum.toFixed(1)),
  node: process.version,
}));
