// The group rooms' REST calls (docs/api.md "Group rooms"). Types mirror the
// server's JSON (snake_case). Every call resolves to an ApiResult; none
// throws. No DOM.

import type { ApiClient, ApiResult } from '../net/rest';
import type { GroupTicket, TicketResult } from './group-call';

export type GroupKind = 'therapy' | 'conference' | 'class';
export type GroupPlace = 'room' | 'forest' | 'beach';

export interface GroupMember {
  user_id: number;
  /** As they chose to show it: their first name only, to others than the host, when they chose so. */
  name: string;
  /** The name over their avatar in the room (their first name when they chose so). */
  avatar_name: string;
  host: boolean;
  /** Muted by the host. */
  muted: boolean;
  /** Muted now, by the host or because someone else holds the talking stick (Janus enforces it). */
  silenced: boolean;
  on_stage: boolean;
  /** In the call now. */
  present: boolean;
  /** Place in the raised-hands queue, 1 first; 0 when the hand is down. */
  hand: number;
  silhouette: boolean;
  first_name_only: boolean;
  participant: number;
}

/** A member told the host about someone (only the host receives these). */
export interface GroupReport {
  from: string;
  about: string;
  about_user_id: number;
  reason: string;
  at: string;
}

/** A shared breathing pacer: its pattern (ui/breathing.ts ids), seconds per phase, and its start on the server's clock. */
export interface GroupPacer {
  pattern: string;
  phase_seconds: number[];
  started_at_ms: number;
}

/** How a member chose to appear when joining. */
export interface JoinChoices {
  silhouette: boolean;
  first_name_only: boolean;
}

/** A room its host opened (GET /api/group-attendance). */
export interface HostedRoom {
  id: string;
  title: string;
  opened_at: string;
}

/** One stay in a room: from joining to leaving, being removed, or the room's end. */
export interface Stay {
  user_id: number;
  name: string;
  joined_at: string;
  left_at: string | null;
  how: 'left' | 'removed' | 'room ended' | null;
}

export interface Attendance {
  id: string;
  title: string;
  opened_at: string;
  ended: boolean;
  stays: Stay[];
}

export interface GroupRoom {
  id: string;
  title: string;
  kind: GroupKind;
  capacity: number;
  media: 'janus' | 'peer_to_peer';
  space: string;
  place: GroupPlace;
  /** When it meets (ISO, UTC); null when not scheduled. */
  starts_at: string | null;
  locked: boolean;
  /** Whether the signed-in user hosts it. */
  host: boolean;
  /** Who holds the talking stick (user id), or null. */
  stick: number | null;
  /** The breathing pacer the host shows to everyone, or null. */
  pacer: GroupPacer | null;
  /** The server's clock (Unix ms) when it wrote this answer. */
  server_time_ms: number;
  members: GroupMember[];
  /** Reports to the host (present only for the host). */
  reports?: GroupReport[];
}

export interface NewGroup {
  title: string;
  kind: GroupKind;
  members: string[]; // logins
  place: GroupPlace;
  starts_at?: string; // ISO, UTC
}

const room = (id: string) => `/api/groups/${encodeURIComponent(id)}`;

export class GroupsApi {
  constructor(private readonly api: ApiClient) {}

  async list(): Promise<ApiResult<GroupRoom[]>> {
    const result = await this.api.request<{ groups: GroupRoom[] }>('GET', '/api/groups');
    return result.ok ? { ok: true, value: result.value.groups ?? [] } : result;
  }

  get(id: string): Promise<ApiResult<GroupRoom>> {
    return this.api.request<GroupRoom>('GET', room(id));
  }

  create(group: NewGroup): Promise<ApiResult<GroupRoom>> {
    return this.api.request<GroupRoom>('POST', '/api/groups', group);
  }

  async ticket(id: string, choices: JoinChoices): Promise<TicketResult> {
    const result = await this.api.request<GroupTicket>('POST', `${room(id)}/join`, choices);
    if (result.ok) return result;
    return { ok: false, status: result.error.status, code: result.error.code, message: result.error.message };
  }

  async joined(id: string): Promise<void> {
    await this.api.request('POST', `${room(id)}/joined`, {});
  }

  mute(id: string, user: number, muted: boolean): Promise<ApiResult<GroupRoom>> {
    return this.api.request<GroupRoom>('POST', `${room(id)}/members/${user}/mute`, { muted });
  }

  stage(id: string, user: number, onStage: boolean): Promise<ApiResult<GroupRoom>> {
    return this.api.request<GroupRoom>('POST', `${room(id)}/members/${user}/stage`, { on_stage: onStage });
  }

  remove(id: string, user: number): Promise<ApiResult<GroupRoom>> {
    return this.api.request<GroupRoom>('DELETE', `${room(id)}/members/${user}`);
  }

  lock(id: string, locked: boolean): Promise<ApiResult<GroupRoom>> {
    return this.api.request<GroupRoom>('POST', `${room(id)}/lock`, { locked });
  }

  end(id: string): Promise<ApiResult<{ ended: string }>> {
    return this.api.request<{ ended: string }>('DELETE', room(id));
  }

  hand(id: string, raised: boolean): Promise<ApiResult<GroupRoom>> {
    return this.api.request<GroupRoom>('POST', `${room(id)}/hand`, { raised });
  }

  /** Gives the talking stick to `user`, or takes it back with null (host only). */
  stick(id: string, user: number | null): Promise<ApiResult<GroupRoom>> {
    return this.api.request<GroupRoom>('POST', `${room(id)}/stick`, { user_id: user });
  }

  /** Starts the shared breathing pacer for everyone (again), or stops it with null (host only). */
  pacer(id: string, pacer: { pattern: string; phase_seconds: number[] } | null): Promise<ApiResult<GroupRoom>> {
    return this.api.request<GroupRoom>('POST', `${room(id)}/pacer`, pacer ?? { pattern: null });
  }

  report(id: string, user: number, reason: string): Promise<ApiResult<GroupRoom>> {
    return this.api.request<GroupRoom>('POST', `${room(id)}/report`, { user_id: user, reason });
  }

  async left(id: string): Promise<void> {
    await this.api.request('POST', `${room(id)}/left`, {});
  }

  async hosted(): Promise<ApiResult<HostedRoom[]>> {
    const result = await this.api.request<{ rooms: HostedRoom[] }>('GET', '/api/group-attendance');
    return result.ok ? { ok: true, value: result.value.rooms ?? [] } : result;
  }

  attendance(id: string): Promise<ApiResult<Attendance>> {
    return this.api.request<Attendance>('GET', `/api/group-attendance/${encodeURIComponent(id)}`);
  }
}
