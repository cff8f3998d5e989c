// The motion core in the browser: the same C++ as the server's
// (src/sim/motion), compiled to WebAssembly by scripts/build-wasm, behind
// its plain C ABI (motion_c_api.h). Live feedback reads it frame by frame;
// the server re-analyses the uploaded trace with the native build and keeps
// that result as the record (docs/motion.md).
//
// loadMotionCore() fetches the .wasm from our own origin (vite emits it as
// an asset); tests and node pass the bytes instead. Not thread-safe: one
// core per page, used from one thread.
/// <reference types="vite/client" />
import createMotionModule, { type WasmModule } from '../generated/wasm/motion.mjs';
import motionWasmUrl from '../generated/wasm/motion.wasm?url';

import { KEYPOINT_COUNT } from './keypoints';

export { KEYPOINT_COUNT, KEYPOINT_NAMES } from './keypoints';

export type Exercise =
  | 'knee-flexion' | 'knee-extension' | 'elbow-flexion'
  | 'shoulder-flexion' | 'shoulder-abduction' | 'hip-flexion'
  | 'cervical-rotation';  // from a headset's orientation (pushHead), not keypoints
export type Side = 'left' | 'right';

export interface Rep { start_ms: number; end_ms: number; peak_deg: number }
/** result_json.h's shape. */
export interface SetResult {
  exercise: Exercise;
  side: Side;
  target_deg: number;
  rep_count: number;
  partial_count: number;
  reps: Rep[];
  partials: Rep[];
  rom_deg: { min: number; max: number } | null;
  low_confidence_ms: number;
  low_confidence_spans: { start_ms: number; end_ms: number }[];
  tempo: { mean_rep_ms: number | null; fast_rep_count: number };
}

export type Analysis =
  | { ok: true; json: string; result: SetResult }
  | { ok: false; code: string; message: string };

export type RepPhase = 'waiting-for-start' | 'at-start' | 'moving' | 'target-reached';
const PHASES: RepPhase[] = ['waiting-for-start', 'at-start', 'moving', 'target-reached'];

/** The live reading after one frame (motion_c_api.h). */
export interface LiveReading {
  angleDeg: number | null;  // null: low confidence, no number
  phase: RepPhase;
  repCount: number;
  partialCount: number;
  tooFast: boolean;
  closed: 'rep' | 'partial' | null;  // what this frame finished
}

export interface LiveSet {
  /** keypoints: 17 x (x, y, z, score) in MoveNet order. */
  push(tMs: number, keypoints: Float64Array, hasDepth: boolean): LiveReading;
  /**
   * A cervical-rotation set's frame: the headset's orientation quaternion
   * [x, y, z, w] (WebXR's frame; not unit length: no tracking this frame).
   * Throws for a set of another exercise.
   */
  pushHead(tMs: number, orientation: readonly number[]): LiveReading;
  result(): SetResult;
  close(): void;
}

export interface MotionCore {
  analyseCsv(csv: string, exercise: Exercise, side: Side, targetDeg?: number): Analysis;
  openLiveSet(exercise: Exercise, side: Side, targetDeg?: number): LiveSet;
}

export interface MotionCoreSource {
  wasmBinary?: Uint8Array;  // node and tests; else the emitted asset's URL
}

const READING_LENGTH = 6;

export async function loadMotionCore(source: MotionCoreSource = {}): Promise<MotionCore> {
  const module = await createMotionModule(
    source.wasmBinary !== undefined
      ? { wasmBinary: source.wasmBinary }
      : { locateFile: () => motionWasmUrl });
  return wrap(module);
}

function wrap(module: WasmModule): MotionCore {
  const withStrings = <T>(texts: string[], use: (pointers: number[]) => T): T => {
    const pointers = texts.map((text) => {
      const capacity = module.lengthBytesUTF8(text) + 1;
      const pointer = module._malloc(capacity);
      module.stringToUTF8(text, pointer, capacity);
      return pointer;
    });
    try {
      return use(pointers);
    } finally {
      pointers.forEach((pointer) => module._free(pointer));
    }
  };
  const output = () => module.UTF8ToString(module._mc_motion_output());
  const errorOf = (): { code: string; message: string } => {
    const parsed = JSON.parse(output()) as { error: { code: string; message: string } };
    return parsed.error;
  };
  const target = (targetDeg?: number) => targetDeg ?? Number.NaN;
  const reading = (): LiveReading => {
    const at = module._mc_motion_live_reading() / 8;
    const values = module.HEAPF64.subarray(at, at + READING_LENGTH);
    const angle = values[0];
    return {
      angleDeg: Number.isNaN(angle) ? null : angle,
      phase: PHASES[values[1]] ?? 'waiting-for-start',
      repCount: values[2],
      partialCount: values[3],
      tooFast: values[4] === 1,
      closed: values[5] === 1 ? 'rep' : values[5] === 0 ? 'partial' : null,
    };
  };

  return {
    analyseCsv(csv, exercise, side, targetDeg) {
      const status = withStrings([csv, exercise, side], ([text, name, which]) =>
        module._mc_motion_analyse_csv(text, name, which, target(targetDeg)));
      if (status !== 0) return { ok: false, ...errorOf() };
      const json = output();
      return { ok: true, json, result: JSON.parse(json) as SetResult };
    },
    openLiveSet(exercise, side, targetDeg) {
      const handle = withStrings([exercise, side], ([name, which]) =>
        module._mc_motion_live_open(name, which, target(targetDeg)));
      if (handle === 0) {
        const error = errorOf();
        throw new Error(`${error.code}: ${error.message}`);
      }
      const frame = module._malloc(KEYPOINT_COUNT * 4 * 8);
      let open = true;
      return {
        push(tMs, keypoints, hasDepth) {
          if (!open) throw new Error('the live set is closed');
          module.HEAPF64.set(keypoints.subarray(0, KEYPOINT_COUNT * 4), frame / 8);
          module._mc_motion_live_push(handle, tMs, frame, hasDepth ? 1 : 0);
          return reading();
        },
        pushHead(tMs, orientation) {
          if (!open) throw new Error('the live set is closed');
          const [x, y, z, w] = orientation;
          if (module._mc_motion_live_push_head(handle, tMs, x, y, z, w) !== 0) {
            throw new Error('pushHead needs a cervical-rotation set');
          }
          return reading();
        },
        result() {
          module._mc_motion_live_result(handle);
          return JSON.parse(output()) as SetResult;
        },
        close() {
          if (!open) return;
          open = false;
          module._mc_motion_live_close(handle);
          module._free(frame);
        },
      };
    },
  };
}
