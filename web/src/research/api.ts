// The research lab's calls (docs/api.md "Research") and the shapes the server
// answers with. Pure wrappers over the shell's ApiClient: no DOM.

import type { ApiClient, ApiResult } from '../net/rest';

export type TrialState = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';
export type Outcome = 'time_in_range' | 'time_below_70' | 'mean' | 'cv';

export interface ArmFieldSpec {
  key: string;
  min: number;
  max: number;
  default: number;
}

export interface Catalog {
  patients: Array<{ id: string; cohort: string; age_years: number; weight_kg: number }>;
  groups: string[];
  controllers: string[];
  arm_fields: ArmFieldSpec[];
  sensors: string[];
  pumps: string[];
  outcomes: Outcome[];
  limits: { max_days: number; min_arms: number; max_arms: number; max_patient_days: number };
}

export interface ArmDesign {
  name: string;
  controller: string;
  sensor?: string;
  pump?: string;
  [setting: string]: string | number | undefined;
}

export interface TrialDesign {
  cohort: string[];
  days: number;
  meals: { kind: 'random' } | { kind: 'fixed'; daily: Array<{ time: string; grams: number }> };
  seed: number;
  arms: ArmDesign[];
  outcome: Outcome;
}

export interface PairedDifference {
  mean: number;
  ci95_low: number;
  ci95_high: number;
  n: number;
}

/** Per-arm metrics (the CLI's arms.json) plus the AGP percentiles per 5-minute bin. */
export interface ArmResult {
  arm: string;
  samples: number;
  mean_mg_dl: number;
  cv_percent: number;
  tir_70_180_percent: number;
  below_70_percent: number;
  below_54_percent: number;
  above_180_percent: number;
  above_250_percent: number;
  difference_vs_reference?: Record<string, PairedDifference>;
  agp: { bin_minutes: number; p5: number[]; p25: number[]; p50: number[]; p75: number[]; p95: number[] };
  [metric: string]: unknown;
}

export interface PatientRow {
  arm: string;
  patient: string;
  cohort: string;
  [metric: string]: string | number;
}

export interface TrialResults {
  outcome: Outcome;
  outcome_metric: string;
  days: number;
  patients: string[];
  reference_arm: string;
  arms: ArmResult[];
  patient_rows: PatientRow[];
}

export interface TrialJob {
  id: number;
  state: TrialState;
  progress: { patient_days_done: number; patient_days_total: number };
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  running_ms: number;
  design: TrialDesign;
  error?: string;
  /** A failed job's stable code: "server_restarted" when a restart ended it, "trial_error" otherwise. */
  reason?: string;
  results?: TrialResults;
}

export function catalog(api: ApiClient): Promise<ApiResult<Catalog>> {
  return api.request<Catalog>('GET', '/api/research/catalog');
}

export function startTrial(api: ApiClient, design: TrialDesign): Promise<ApiResult<{ id: number }>> {
  return api.request<{ id: number }>('POST', '/api/research/trials', design);
}

/** The caller's trials the server still holds, newest first, without results. */
export function trials(api: ApiClient): Promise<ApiResult<{ trials: TrialJob[] }>> {
  return api.request<{ trials: TrialJob[] }>('GET', '/api/research/trials');
}

export function trial(api: ApiClient, id: number): Promise<ApiResult<TrialJob>> {
  return api.request<TrialJob>('GET', `/api/research/trials/${id}`);
}

export function cancelTrial(api: ApiClient, id: number): Promise<ApiResult<null>> {
  return api.request<null>('POST', `/api/research/trials/${id}/cancel`);
}

/** Where a finished trial's files are (same-origin GETs; the session cookie authorises them). */
export function downloadLinks(id: number): Array<{ href: string; label: string; file: string }> {
  const base = `/api/research/trials/${id}`;
  return [
    { href: `${base}/results.csv`, label: 'Per-patient results (CSV)', file: `trial-${id}-results.csv` },
    { href: `${base}/results.json`, label: 'All results (JSON)', file: `trial-${id}-results.json` },
    { href: `${base}/report.html`, label: 'Report (HTML, as the command line writes it)', file: `trial-${id}-report.html` },
  ];
}

export function researchExport(api: ApiClient): Promise<ApiResult<ResearchExport>> {
  return api.request<ResearchExport>('GET', '/api/research/export');
}

export interface ResearchExport {
  generated: string;
  method: string;
  subjects: number;
  records: Array<{ subject: string; type: string; code: Array<{ system: string; code: string; display?: string }>; year?: string; value?: number; unit?: string; status?: string; clinical_status?: string }>;
}
