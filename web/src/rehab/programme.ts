// The patient's exercise programme and the upload of a finished set: the
// browser's side of GET /api/rehab/programme and POST /api/rehab/sets
// (docs/api.md "Rehabilitation"). The server re-analyses each uploaded trace
// with the native motion core and keeps that result (FHIR Observations) as
// the record; what the browser counted live is feedback only.
//
// parseProgramme and parseSetRecord check the server's answers (a shape we
// cannot read is an error in words, never a crash); the calls go through
// the app's ApiClient (its session cookie and CSRF token).

import type { ApiClient, ApiResult } from '../net/rest';
import type { Exercise, Side } from './motion-core';

/** The motion core's exercises (cervical rotation from a headset's orientation trace). */
const kExercises: readonly Exercise[] = ['knee-flexion', 'knee-extension', 'elbow-flexion', 'shoulder-flexion', 'shoulder-abduction', 'hip-flexion', 'cervical-rotation'];

export interface Activity {
  id: string;
  exercise: Exercise;
  side: Side;
  sets: number;
  reps: number;
  targetDeg: number;
  daysPerWeek: number;
  title: string;
}

export interface Programme {
  carePlanId: string;
  activities: Activity[];
}

/** The server's result of one uploaded set: the record. */
export interface SetRecord {
  repCount: number;
  partialCount: number;
  rom: { minDeg: number; maxDeg: number } | null;
  lowConfidenceMs: number;
  observationIds: string[];
}

export interface SetUpload {
  carePlanId: string;
  activityId: string;
  exercise: Exercise;
  side: Side;
  targetDeg: number;
  painBefore: number;
  painAfter: number;
  startedAt: Date;
  traceCsv: string;
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 0;
const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const idText = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : typeof value === 'number' && Number.isFinite(value) ? String(value) : undefined;

/** An activity the browser can play, or undefined (unknown exercise, missing fields). */
function parseActivity(value: unknown): Activity | undefined {
  if (!isObject(value)) return undefined;
  const id = idText(value.id);
  const exercise = kExercises.find((name) => name === value.exercise);
  const side = value.side === 'left' || value.side === 'right' ? value.side : undefined;
  if (!id || !exercise || !side || !isNumber(value.target_deg) || !isCount(value.reps) || !isCount(value.sets)) return undefined;
  return {
    id,
    exercise,
    side,
    sets: value.sets,
    reps: value.reps,
    targetDeg: value.target_deg,
    daysPerWeek: isCount(value.days_per_week) ? value.days_per_week : 0,
    title: typeof value.title === 'string' && value.title.trim() !== '' ? value.title : exercise,
  };
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

export function parseProgramme(body: unknown): Parsed<Programme> {
  if (!isObject(body) || !Array.isArray(body.activities)) return { ok: false, message: 'The server sent a programme this page cannot read.' };
  const carePlanId = idText(body.careplan_id);
  if (!carePlanId) return { ok: false, message: 'The server sent a programme without its care plan.' };
  const activities = body.activities.map(parseActivity).filter((activity): activity is Activity => activity !== undefined);
  return { ok: true, value: { carePlanId, activities } };
}

export function parseSetRecord(body: unknown): Parsed<SetRecord> {
  if (!isObject(body) || !isCount(body.rep_count) || !isCount(body.partial_count)) {
    return { ok: false, message: 'The server stored the set but sent an answer this page cannot read.' };
  }
  const rom = isObject(body.rom_deg) && isNumber(body.rom_deg.min) && isNumber(body.rom_deg.max)
    ? { minDeg: body.rom_deg.min, maxDeg: body.rom_deg.max } : null;
  const ids = Array.isArray(body.observation_ids) ? body.observation_ids.map(idText).filter((id): id is string => id !== undefined) : [];
  return {
    ok: true,
    value: {
      repCount: body.rep_count,
      partialCount: body.partial_count,
      rom,
      lowConfidenceMs: isNumber(body.low_confidence_ms) ? body.low_confidence_ms : 0,
      observationIds: ids,
    },
  };
}

/** "The record says: 10 reps, 5–92°": the server's result in words. */
export function describeRecord(record: SetRecord): string {
  const reps = `${record.repCount} ${record.repCount === 1 ? 'rep' : 'reps'}`;
  const partials = record.partialCount > 0 ? ` (${record.partialCount} not far enough, not counted)` : '';
  const range = record.rom ? `, ${Math.round(record.rom.minDeg)}–${Math.round(record.rom.maxDeg)}°` : ', no angle it could trust';
  return `The record says: ${reps}${partials}${range}.`;
}

/** Why a call failed, in words for the patient. */
export function failureWords(error: { status: number; code: string; message: string }, what: 'programme' | 'upload'): string {
  if (error.code === 'network_error') return error.message;
  if (error.status === 404 && what === 'programme') return 'You have no exercise programme yet. Your therapist prescribes one; until then you can practise (nothing is saved).';
  if (error.status === 404 || error.status === 501) return 'This server does not keep exercise sets yet; your set was not saved.';
  if (error.status === 401) return 'Your session has ended. Sign in again; this set was not saved.';
  if (error.status === 403) return 'Only the patient whose programme this is can save its sets.';
  return `${what === 'upload' ? 'The set was not saved' : 'The programme could not be read'}: ${error.message}`;
}

export async function readProgramme(api: ApiClient): Promise<ApiResult<Programme>> {
  const result = await api.request<unknown>('GET', '/api/rehab/programme');
  if (!result.ok) return result;
  const parsed = parseProgramme(result.value);
  return parsed.ok ? parsed : { ok: false, error: { status: 200, code: 'bad_response', message: parsed.message } };
}

export async function uploadSet(api: ApiClient, set: SetUpload): Promise<ApiResult<SetRecord>> {
  const result = await api.request<unknown>('POST', '/api/rehab/sets', {
    careplan_id: set.carePlanId,
    activity_id: set.activityId,
    exercise: set.exercise,
    side: set.side,
    target_deg: set.targetDeg,
    pain_before: set.painBefore,
    pain_after: set.painAfter,
    started_at: set.startedAt.toISOString(),
    trace_csv: set.traceCsv,
  });
  if (!result.ok) return result;
  const parsed = parseSetRecord(result.value);
  return parsed.ok ? parsed : { ok: false, error: { status: 201, code: 'bad_response', message: parsed.message } };
}
