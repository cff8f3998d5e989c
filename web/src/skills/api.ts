// The skills lab's calls (docs/api.md "Skills lab") and the shapes the
// server answers with. Pure wrappers over the shell's ApiClient: no DOM.

import type { ApiClient, ApiError, ApiResult } from '../net/rest';
import type { EncodedEvent } from './attempt-events';
import type { AttemptMetrics, TaskId } from './score';

/** One stored attempt; the server scored it (src/skills/scoring.h). */
export interface AttemptRecord {
  id: number;
  task: TaskId;
  finished_at: string;
  time_ms: number;
  drops: number;
  rings_placed: number;
  path_mm: number;
  idle_ms: number;
  score_ms: number;
  completed: boolean;
  proficient: boolean;
  /** An educator's OSATS rating: seven items 1..5. */
  rating: { items: number[]; total: number; comment: string; rater: string } | null;
}

export interface TaskInfo {
  id: TaskId;
  name: string;
  cutoff_ms: number;
  time_limit_ms: number;
  drop_penalty_ms: number;
  rings: number;
  proficiency: { time_ms: number; drops: number };
}

export interface History {
  task: TaskInfo;
  learner: { login: string; name: string };
  attempts: AttemptRecord[];  // oldest first
}

export interface LearnerSummary { login: string; name: string; attempts: number; last_at: string }

export function recordAttempt(api: ApiClient, task: TaskId, metrics: AttemptMetrics, events: EncodedEvent[]): Promise<ApiResult<AttemptRecord>> {
  return api.request<AttemptRecord>('POST', `/api/skills/${task}/attempts`, {
    time_ms: metrics.timeMs, drops: metrics.drops, rings_placed: metrics.ringsPlaced,
    path_mm: metrics.pathMm, idle_ms: metrics.idleMs, events,
  });
}

/** One attempt with its recorded events, for a replay. */
export function attemptWithEvents(api: ApiClient, task: TaskId, id: number): Promise<ApiResult<AttemptRecord & { events: EncodedEvent[] }>> {
  return api.request('GET', `/api/skills/${task}/attempts/${id}`);
}

export function rateAttempt(api: ApiClient, task: TaskId, id: number, items: number[], comment: string): Promise<ApiResult<AttemptRecord>> {
  return api.request<AttemptRecord>('PUT', `/api/skills/${task}/attempts/${id}/rating`, { items, comment });
}

/** The attempts of `learner` (a login), or the signed-in user's own. */
export function attempts(api: ApiClient, task: TaskId, learner = ''): Promise<ApiResult<History>> {
  const query = learner ? `?learner=${encodeURIComponent(learner)}` : '';
  return api.request<History>('GET', `/api/skills/${task}/attempts${query}`);
}

export function learners(api: ApiClient, task: TaskId): Promise<ApiResult<{ learners: LearnerSummary[] }>> {
  return api.request<{ learners: LearnerSummary[] }>('GET', `/api/skills/${task}/learners`);
}

/** Words for a person for the skills lab's error codes. */
export function skillsErrorWords(error: ApiError): string {
  switch (error.code) {
    case 'access_denied': return 'Only the learner and educators may see this training record.';
    case 'learner_not_found': return 'There is no such learner.';
    case 'unknown_task': return 'The server does not know this task.';
    case 'invalid_metrics': case 'invalid_field': case 'invalid_events': return `The attempt could not be saved: ${error.message}`;
    case 'invalid_rating': return `The rating could not be saved: ${error.message}`;
    case 'attempt_not_found': return 'That attempt is not in the record.';
    case 'skills_unavailable': return 'The training record is not available on this server right now.';
    case 'network_error': return 'The server could not be reached; check the connection and try again.';
    default: return error.message || 'Something went wrong with the training record.';
  }
}
