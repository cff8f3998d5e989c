// The admin console's calls (docs/api.md "Users" and "Audit") and the words
// for what they answer. No DOM: the pages (users-page.ts, audit-page.ts)
// render these.

import type { ApiClient, ApiResult } from '../net/rest';
import { passwordWords } from '../ui/password-words';

export const kRoles = ['patient', 'clinician', 'nurse', 'therapist', 'student', 'researcher', 'admin'] as const;

export interface Account {
  id: number;
  login: string;
  name: string;
  role: string;
  disabled: boolean;
  created: string;
  last_sign_in: string | null;
  /** Signed in with a one-time password and has not chosen their own yet. */
  must_change_password?: boolean;
  /** Invited and has not set a password yet (nobody can sign in to it). */
  invited?: boolean;
  /** Only in the answer that created the account or reset its password, when the server chose it. */
  one_time_password?: string;
  /** Only in the answer that created the account with an invitation: the link, shown once. */
  invitation?: Invitation;
}

export interface Invitation {
  url: string;
  expires: string;
}

/** How a new account's holder gets in. */
export type SignInChoice = 'one_time' | 'invitation' | 'typed';

/** An account's state in words. */
export function accountStateWords(account: Account): string {
  if (account.disabled) return 'disabled';
  if (account.invited) return 'invited: has not set a password yet';
  if (account.must_change_password) return 'must choose a new password at next sign-in';
  return 'active';
}

export interface AuditEntry {
  seq: number;
  time: string;
  actor_user_id: number;
  actor_role: string;
  action: string;
  resource: string;
  patient: string;
  outcome: string;
  purpose: string;
}

export interface AuditQuery {
  actor?: number;
  patient?: string;
  action?: string;
  outcome?: string;
  /** "YYYY-MM-DD", UTC days; `until` is included. */
  since?: string;
  until?: string;
  limit?: number;
  offset?: number;
}

export interface VerifyResult {
  ok: boolean;
  records_checked: number;
  words: string;
  first_bad_seq?: number;
}

/** A break-glass access (an audit entry, always allowed) and whether someone has acknowledged it. */
export type BreakGlassAlert = Omit<AuditEntry, 'outcome'> & { acknowledged?: { by_user_id: number; time: string } };

/** The query string of an audit search: only the filters given. */
export function auditPath(query: AuditQuery): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === '' || value === 0) continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `/api/audit?${text}` : '/api/audit';
}

/** GET /api/admin/status: how the deployment is doing. */
export interface SystemStatus {
  version: string;
  started_at: string;
  uptime_s: number;
  people_in_spaces: number;
  spaces: Array<{ space: string; people: number }>;
  store_bytes: number;
  ready: boolean;
  last_backup: string | null;
  media: string;
}

export function systemStatus(api: ApiClient): Promise<ApiResult<SystemStatus>> {
  return api.request('GET', '/api/admin/status');
}

/** "3 days 4 hours", "5 minutes", "40 seconds": the largest two units that matter. */
export function uptimeWords(seconds: number): string {
  const units: Array<[number, string]> = [
    [86400, 'day'],
    [3600, 'hour'],
    [60, 'minute'],
    [1, 'second'],
  ];
  const parts: string[] = [];
  let left = Math.max(0, Math.floor(seconds));
  for (const [size, name] of units) {
    const count = Math.floor(left / size);
    left -= count * size;
    if (count > 0 || (parts.length === 0 && size === 1)) parts.push(`${count} ${name}${count === 1 ? '' : 's'}`);
    if (parts.length === 2) break;
  }
  return parts.join(' ');
}

/** "12.3 MB" (binary megabytes, as the backup command prints). */
export function sizeWords(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

export function listAccounts(api: ApiClient): Promise<ApiResult<{ users: Account[] }>> {
  return api.request('GET', '/api/users');
}

export function createAccount(
  api: ApiClient,
  account: { login: string; name: string; role: string; password?: string; invitation?: boolean },
): Promise<ApiResult<Account>> {
  return api.request('POST', '/api/users', account);
}

export function newInvitation(api: ApiClient, id: number): Promise<ApiResult<Invitation>> {
  return api.request('POST', `/api/users/${id}/invitation`, {});
}

export function updateAccount(api: ApiClient, id: number, change: { role?: string; disabled?: boolean }): Promise<ApiResult<Account>> {
  return api.request('PATCH', `/api/users/${id}`, change);
}

export function resetPassword(api: ApiClient, id: number): Promise<ApiResult<{ id: number; one_time_password?: string }>> {
  return api.request('POST', `/api/users/${id}/password-reset`, {});
}

export function searchAudit(api: ApiClient, query: AuditQuery): Promise<ApiResult<{ entries: AuditEntry[]; more: boolean }>> {
  return api.request('GET', auditPath(query));
}

export function verifyAudit(api: ApiClient): Promise<ApiResult<VerifyResult>> {
  return api.request('POST', '/api/audit/verify', {});
}

export function listAlerts(api: ApiClient): Promise<ApiResult<{ alerts: BreakGlassAlert[] }>> {
  return api.request('GET', '/api/admin/alerts');
}

export function acknowledgeAlert(api: ApiClient, seq: number): Promise<ApiResult<unknown>> {
  return api.request('POST', `/api/admin/alerts/${seq}/acknowledge`, {});
}

const kCodeWords: Record<string, string> = {
  invalid_login: 'A login is 3 to 64 characters: letters, digits, dot, underscore, dash or @.',
  login_taken: 'That login is already in use; choose another.',
  invalid_name: 'The name must be 1 to 100 printable characters.',
  invalid_role: 'Choose one of the listed roles.',
  role_change_not_allowed: 'A patient account cannot become a staff account or the reverse. Create a new account instead.',
  cannot_change_self: 'You cannot change your own role or disable yourself. Ask another administrator.',
  password_too_common: 'That password is too common; choose another, or leave it empty to get one made for you.',
  invitation_not_needed: 'This account already has a password. Reset the password instead.',
  invalid_lifetime: 'An invitation link lasts from 1 hour to 14 days.',
  user_not_found: 'That account no longer exists. Refresh the list.',
  admin_only: 'Only an administrator may manage accounts.',
  access_denied: 'Only an administrator may read the audit log.',
  invalid_date: 'Dates are written as year-month-day, for example 2026-12-07.',
  invalid_range: 'The "from" day must be before the "to" day.',
  invalid_outcome: 'Choose an outcome from the list.',
  invalid_actor: 'Choose a person from the list.',
  alert_not_found: 'That alert no longer exists. Refresh the list.',
  no_session: 'Your session has ended. Sign in again.',
};

/** Words for a failed call, by its stable code. */
export function adminErrorWords(status: number, code: string, message: string): string {
  const words = kCodeWords[code];
  if (words) return words;
  if (code.startsWith('password_')) return passwordWords(code, message);
  if (status === 0) return 'The server could not be reached. Check the connection and try again.';
  return `The server refused: ${message || code || `status ${status}`}.`;
}

/** Words for a failed result; "" for a successful one. */
export function failureWords<T>(result: ApiResult<T>): string {
  return result.ok ? '' : adminErrorWords(result.error.status, result.error.code, result.error.message);
}

/** "2026-12-07 14:03 UTC" from an ISO time; "never" for none. */
export function whenWords(iso: string | null | undefined): string {
  if (!iso) return 'never';
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(iso);
  return match ? `${match[1]} ${match[2]} UTC` : iso;
}

const kActionWords: Record<string, string> = {
  login: 'signed in',
  logout: 'signed out',
  'login.failed': 'failed to sign in',
  'login.throttled': 'was refused sign-in (too many attempts)',
  'user.create': 'created an account',
  'user.update': 'changed an account',
  'user.list': 'listed accounts',
  'user.password_reset': 'reset a password',
  'user.password_change': 'changed their own password',
  'user.invite': 'made an invitation link',
  'user.invitation_accept': 'accepted an invitation',
  'settings.crisis_lines': 'changed the crisis help',
  'settings.rtc': 'changed the video servers',
  'settings.reset': 'reset a deployment setting',
  'audit.read': 'read the audit log',
  'audit.verify': 'verified the audit chain',
  'alert.acknowledge': 'acknowledged a break-glass alert',
  'record.read': 'read a record',
  'record.write': 'wrote a record',
  'record.search': 'searched records',
  'subject.erase': 'erased a patient',
  'store.backup': 'made a backup',
  'admin.status': 'asked for the system status',
};

/** An action in words, with its code kept for the curious ("reset a password (user.password_reset)"). */
export function actionWords(action: string): string {
  const words = kActionWords[action];
  return words ? `${words} (${action})` : action;
}

export function outcomeWords(outcome: string): string {
  return outcome === 'success' ? 'allowed' : outcome === 'denied' ? 'refused' : outcome === 'failure' ? 'failed' : outcome;
}
