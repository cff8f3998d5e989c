// A set's keypoint trace: what the browser keeps of each tracked frame and
// uploads when the set ends (docs/motion.md "Trace CSV": a `t_ms` column,
// then x, y, z, score for each of the 17 MoveNet keypoints; z empty in every
// row of a 2D trace). Only keypoints: no picture is kept or sent.
//
// TraceRecorder collects frames in order and writes the CSV; parseTrace
// reads one back (the recorded feed of test mode, and tests). Pure; no DOM.

import { KEYPOINT_COUNT, KEYPOINT_NAMES } from './motion-core';

/** One tracked frame: 17 x (x, y, z, score) in MoveNet order. */
export interface PoseFrame {
  tMs: number;
  keypoints: Float64Array;
  hasDepth: boolean;
}

const kFields = ['x', 'y', 'z', 'score'] as const;
/** The server's limit (trace_csv.h): an hour at 60 Hz. */
export const kMaxTraceFrames = 216_000;

export function traceHeader(): string {
  return ['t_ms', ...KEYPOINT_NAMES.flatMap((name) => kFields.map((field) => `${name}_${field}`))].join(',');
}

/** Rounds without a trailing ".0000" noise; enough for pixels and metres. */
function cell(value: number): string {
  return Number.isFinite(value) ? String(Math.round(value * 10000) / 10000) : '0';
}

export class TraceRecorder {
  private readonly rows: string[] = [];
  private lastMs = -Infinity;
  private depth: boolean | undefined;

  /** Adds a frame; one that is not later than the last, changes 2D/3D, or passes the limit is dropped (false). */
  add(frame: PoseFrame): boolean {
    if (!(frame.tMs > this.lastMs) || this.rows.length >= kMaxTraceFrames) return false;
    if (this.depth !== undefined && this.depth !== frame.hasDepth) return false;
    this.depth = frame.hasDepth;
    this.lastMs = frame.tMs;
    const cells: string[] = [String(Math.round(frame.tMs * 10) / 10)];
    for (let i = 0; i < KEYPOINT_COUNT; i++) {
      const at = 4 * i;
      cells.push(cell(frame.keypoints[at]), cell(frame.keypoints[at + 1]),
        frame.hasDepth ? cell(frame.keypoints[at + 2]) : '',
        cell(Math.min(1, Math.max(0, frame.keypoints[at + 3]))));
    }
    this.rows.push(cells.join(','));
    return true;
  }

  get frameCount(): number {
    return this.rows.length;
  }

  toCsv(): string {
    return `${traceHeader()}\n${this.rows.join('\n')}\n`;
  }
}

export type TraceParse = { ok: true; frames: PoseFrame[] } | { ok: false; message: string };

/** Reads a trace CSV (columns in any order, others ignored). */
export function parseTrace(csv: string): TraceParse {
  const lines = csv.split(/\r?\n/).filter((line) => line.trim() !== '');
  if (lines.length < 2) return { ok: false, message: 'The trace has no frames.' };
  const columns = lines[0].split(',').map((name) => name.trim());
  const time = columns.indexOf('t_ms');
  const indices = KEYPOINT_NAMES.flatMap((name) => kFields.map((field) => columns.indexOf(`${name}_${field}`)));
  const missing = [time, ...indices].filter((index) => index < 0).length;
  if (missing > 0) return { ok: false, message: `The trace lacks ${missing} of its columns.` };
  const frames: PoseFrame[] = [];
  for (let row = 1; row < lines.length; row++) {
    const cells = lines[row].split(',');
    const keypoints = new Float64Array(KEYPOINT_COUNT * 4);
    let hasDepth = true;
    for (let i = 0; i < indices.length; i++) {
      const text = (cells[indices[i]] ?? '').trim();
      if (text === '' && i % 4 === 2) {
        hasDepth = false;
        continue;
      }
      const value = Number(text);
      if (text === '' || !Number.isFinite(value)) return { ok: false, message: `Line ${row + 1}: a value is not a number.` };
      keypoints[i] = value;
    }
    const tMs = Number(cells[time]);
    if (!Number.isFinite(tMs) || (frames.length > 0 && tMs <= frames[frames.length - 1].tMs)) {
      return { ok: false, message: `Line ${row + 1}: the time does not go forward.` };
    }
    frames.push({ tMs, keypoints, hasDepth });
  }
  return { ok: true, frames };
}

/**
 * The neck game's trace from a headset (docs/api.md "Rehabilitation"): the
 * viewer's orientation quaternion per frame, `t_ms,head_qx,head_qy,head_qz,head_qw`.
 */
export class HeadTraceRecorder {
  private readonly rows: string[] = [];
  private lastMs = -Infinity;

  /** `orientation`: [x, y, z, w]; a frame not later than the last is dropped (false). */
  add(tMs: number, orientation: readonly number[]): boolean {
    if (!(tMs > this.lastMs) || this.rows.length >= kMaxTraceFrames || orientation.length !== 4) return false;
    this.lastMs = tMs;
    this.rows.push([String(Math.round(tMs * 10) / 10), ...orientation.map((value) => String(Math.round(value * 1e6) / 1e6))].join(','));
    return true;
  }

  get frameCount(): number {
    return this.rows.length;
  }

  toCsv(): string {
    return `t_ms,head_qx,head_qy,head_qz,head_qw\n${this.rows.join('\n')}\n`;
  }
}
