// The group rooms' REST calls (docs/api.md "Group rooms"). Types mirror the
// server's JSON (snake_case). Every call resolves to an ApiResult; none
// throws. No DOM.

import type { ApiClient, ApiResult } from '../net/rest';
import type { GroupTicket, TicketResult } from './group-call';

export type GroupKind = 'therapy' | 'conference' | 'class';
export type GroupPlace = 'room' | 'forest' | 'beach';

export interface GroupMember {
  user_id: number;
  name: string;
  host: boolean;
  muted: boolean;
  on_stage: boolean;
  participant: number;
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
  members: GroupMember[];
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

  async ticket(id: string): Promise<TicketResult> {
    const result = await this.api.request<GroupTicket>('POST', `${room(id)}/join`, {});
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
}
