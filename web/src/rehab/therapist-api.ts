// The therapist's rehabilitation calls (docs/api.md "Rehabilitation") and the
// shapes the server answers: the patients in their care, a patient's
// progress, and prescribing a programme.

import type { ApiClient, ApiResult } from '../net/rest';

export const kExercises = [
  'knee-extension', 'knee-flexion', 'elbow-flexion', 'shoulder-flexion',
  'shoulder-abduction', 'hip-flexion', 'cervical-rotation',
] as const;
export type ExerciseName = (typeof kExercises)[number];

export interface Prescription {
  exercise: string;
  side: 'left' | 'right';
  sets: number;
  reps: number;
  target_deg: number;
  days_per_week: number;
  title: string;
}

export interface Activity extends Prescription {
  id: string;
}

export interface Programme {
  careplan_id: string;
  title: string;
  created: string;
  activities: Activity[];
}

export interface RecordedSet {
  set_id: string;
  at: string;
  careplan_id: string;
  activity_id: string;
  exercise: string;
  side: string;
  target_deg: number | null;
  rep_count: number;
  partial_count: number;
  rom_deg: { min: number; max: number } | null;
  low_confidence_ms: number;
  pain_before: number | null;
  pain_after: number | null;
}

export interface Progress {
  patient: string;
  name: string;
  window_days: number;
  data_days: number;
  minimum_days: number;
  below_minimum: boolean;
  words: string;
  programme: Programme | null;
  sets: RecordedSet[];
}

export interface PatientEntry {
  patient: string;
  name: string;
}

export async function carePatients(api: ApiClient): Promise<ApiResult<PatientEntry[]>> {
  const result = await api.request<{ patients: PatientEntry[] }>('GET', '/api/rehab/patients');
  return result.ok ? { ok: true, value: result.value.patients } : result;
}

export function progressOf(api: ApiClient, patient: string): Promise<ApiResult<Progress>> {
  return api.request<Progress>('GET', `/api/rehab/patients/${encodeURIComponent(patient)}/progress`);
}

export function prescribe(api: ApiClient, patient: string, title: string, activities: Prescription[]): Promise<ApiResult<Programme>> {
  return api.request<Programme>('POST', '/api/rehab/careplans', { patient, title, activities });
}

/** GET /api/rehab/patients/{patient}/live: what the patient plays now, if anything. */
export interface LiveView {
  patient: string;
  name: string;
  live: boolean;
  exercise?: string;
  side?: string;
  target_deg?: number;
  reps?: number;
  rep_count?: number;
  partial_count?: number;
  angle_deg?: number | null;
  /** 17 x [x, y, score] in MoveNet order (image coordinates, y down), or null. */
  keypoints?: [number, number, number][] | null;
  age_ms?: number;
}

export function watchLive(api: ApiClient, patient: string): Promise<ApiResult<LiveView>> {
  return api.request<LiveView>('GET', `/api/rehab/patients/${encodeURIComponent(patient)}/live`);
}
