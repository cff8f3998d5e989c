// The admin console's deployment settings (docs/api.md "Deployment
// settings (admin)"): crisis help lines and the STUN/TURN servers, changed
// while the server runs. The calls, the pure form rules and the words; no
// DOM (settings-page.ts renders them).

import type { ApiClient, ApiResult } from '../net/rest';
import { adminErrorWords } from './admin-api';

export interface CrisisLine {
  label: string;
  how: string;
}

interface SectionState {
  /** 'config': the configured default; 'console': saved here. */
  source: 'config' | 'console';
  updated_at?: string;
  updated_by_user_id?: number;
}

export interface DeploymentSettings {
  crisis_lines: SectionState & { lines: CrisisLine[] };
  rtc: SectionState & {
    stun_urls: string[];
    turn_urls: string[];
    /** The secret itself never comes back: only whether one is set and how it ends. */
    turn_secret: { set: boolean; ends_with?: string };
  };
  limits: { crisis_lines: number; label_bytes: number; how_bytes: number; urls: number; url_bytes: number; turn_secret_bytes: [number, number] };
}

export interface RtcChange {
  stun_urls: string[];
  turn_urls: string[];
  /** Absent: keep the secret in force; '': remove it. */
  turn_secret?: string;
}

export function readSettings(api: ApiClient): Promise<ApiResult<DeploymentSettings>> {
  return api.request('GET', '/api/admin/settings');
}

export function saveCrisisLines(api: ApiClient, lines: CrisisLine[]): Promise<ApiResult<DeploymentSettings>> {
  return api.request('PUT', '/api/admin/settings/crisis_lines', { lines });
}

export function saveRtc(api: ApiClient, change: RtcChange): Promise<ApiResult<DeploymentSettings>> {
  return api.request('PUT', '/api/admin/settings/rtc', change);
}

export function resetSetting(api: ApiClient, section: 'crisis_lines' | 'rtc'): Promise<ApiResult<DeploymentSettings>> {
  return api.request('DELETE', `/api/admin/settings/${section}`);
}

/** One address per line (or separated by commas), blanks dropped. */
export function urlLines(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
}

/** Crisis lines as typed, with the rows left wholly empty dropped. */
export function typedCrisisLines(rows: CrisisLine[]): CrisisLine[] {
  return rows.map((row) => ({ label: row.label.trim(), how: row.how.trim() })).filter((row) => row.label !== '' || row.how !== '');
}

/** The change to send: the secret only when one was typed or removal was asked for. */
export function rtcChange(stun: string, turn: string, typedSecret: string, removeSecret: boolean): RtcChange {
  const change: RtcChange = { stun_urls: urlLines(stun), turn_urls: urlLines(turn) };
  if (removeSecret) change.turn_secret = '';
  else if (typedSecret !== '') change.turn_secret = typedSecret;
  return change;
}

/** Where a section's values come from, in words. */
export function sourceWords(state: SectionState, when: (iso: string) => string): string {
  if (state.source === 'config') return 'In force: the values from the server configuration (the defaults).';
  const by = state.updated_by_user_id !== undefined ? ` by account #${state.updated_by_user_id}` : '';
  return `In force: the values saved in this console${by} on ${when(state.updated_at ?? '')}. The configuration's values apply again if you reset.`;
}

export function secretWords(secret: { set: boolean; ends_with?: string }): string {
  if (!secret.set) return 'No TURN secret is set.';
  return `A TURN secret is set (it ends with "${secret.ends_with ?? ''}"). It is never shown in full; leave the field empty to keep it.`;
}

const kSettingsWords: Record<string, string> = {
  invalid_crisis_line:
    'Each line needs a name (up to 60 characters, no colon) and how to reach it (up to 120 characters) with a number to call or text, or an https:// address.',
  too_many_crisis_lines: 'At most 8 crisis lines.',
  invalid_stun_url: 'A STUN server is written like stun:turn.example.org:3478.',
  invalid_turn_url: 'A TURN server is written like turn:turn.example.org:3478 or turns:turn.example.org:5349.',
  too_many_urls: 'At most 8 servers of each kind.',
  invalid_turn_secret: 'The TURN secret must be 16 to 256 characters without spaces: the static-auth-secret of your coturn.',
  turn_secret_required: 'TURN servers need the secret shared with coturn. Type it, or remove the TURN servers.',
  setting_not_found: 'There was nothing saved here to reset: the configured values are already in force.',
  access_denied: 'Only an administrator may change deployment settings.',
};

/** Words for a failed settings call; "" for a successful one. The server's message is shown with the line it names. */
export function settingsFailureWords<T>(result: ApiResult<T>): string {
  if (result.ok) return '';
  const words = kSettingsWords[result.error.code];
  if (!words) return adminErrorWords(result.error.status, result.error.code, result.error.message);
  return result.error.code === 'invalid_crisis_line' && result.error.message ? `${words} (${result.error.message})` : words;
}
