// The research lab's words: arm settings, groups, trial states and the
// server's error codes (docs/api.md "Research") in plain language.

import type { TrialState } from './api';

export const kArmFieldWords: Record<string, { label: string; hint: string }> = {
  basal_scale: { label: 'Basal rate ×', hint: 'multiplies each patient’s own basal insulin (1 = unchanged)' },
  carb_ratio_scale: { label: 'Carbohydrate ratio ×', hint: 'a bigger ratio gives less meal insulin (1 = the patient’s own)' },
  correction_factor_scale: { label: 'Correction factor ×', hint: 'a bigger factor gives smaller corrections (1 = the patient’s own)' },
  target_mg_dl: { label: 'Correction target (mg/dL)', hint: 'corrections aim for this glucose' },
  correction_threshold_mg_dl: { label: 'Correct above (mg/dL)', hint: 'no correction below this glucose' },
};

export const kControllerWords: Record<string, string> = {
  'basal-bolus': 'Basal and meal boluses (with corrections)',
  none: 'Basal insulin only (no meal insulin)',
};

export const kGroupWords: Record<string, string> = {
  adults: 'Adults',
  adolescents: 'Adolescents',
  children: 'Children',
};

/** A job's state in words; `reason` (a failed job's stable code) says when a restart ended it. */
export function stateWords(state: TrialState, reason?: string): string {
  if (state === 'failed' && reason === 'server_restarted') return 'Stopped: the server restarted while this trial was waiting or running. Start it again.';
  switch (state) {
    case 'queued':
      return 'Waiting for the trial runner (one trial runs at a time).';
    case 'running':
      return 'Running.';
    case 'done':
      return 'Done.';
    case 'failed':
      return 'The trial failed.';
    case 'cancelled':
      return 'Cancelled.';
  }
}

/** The server's stable codes in words; `message` (the server's own) names the field. */
export function researchErrorWords(status: number, code: string, message: string): string {
  switch (code) {
    case 'network_error':
      return 'The server cannot be reached. Check your connection and try again.';
    case 'access_denied':
      return 'Your account may not run trials. Researchers can.';
    case 'no_session':
    case 'session_expired':
      return 'Your session has ended. Sign in again.';
    case 'too_many_trials':
      return 'You already have trials waiting or running. Wait for one to finish or cancel it.';
    case 'trial_queue_full':
      return 'The trial runner is busy with other trials. Try again in a few minutes.';
    case 'trial_not_found':
      return 'That trial is gone: trials are kept in memory, so a server restart ends them. Run it again.';
    case 'trial_too_large':
      return `The trial is too large: ${message}. Choose fewer patients, days or arms.`;
    case 'trials_unavailable':
      return 'The trial runner is not available on this server.';
    default:
      if (code.startsWith('invalid_') || code === 'unknown_field') return `The design needs a change: ${message}.`;
      return status >= 500 ? 'The server had a problem. Try again later.' : message || 'Something went wrong.';
  }
}
