// The clinic's REST calls (docs/api.md "Clinic" and the visit endpoints):
// departments, open slots, appointments, and the live visit of an
// appointment (check-in, queue, messages, admit, end, summary). Types mirror
// the server's JSON (snake_case). Every call resolves to an ApiResult; none
// throws. No DOM.

import type { ApiClient, ApiResult } from '../net/rest';

export interface Person {
  id: number;
  name: string;
}

export interface ClinicDepartment {
  id: string;
  name: string;
  clinicians?: Person[];
}

export interface Slot {
  id: string;
  department: string;
  clinician: Person;
  start: string; // ISO, UTC
  end: string;
}

export interface Appointment {
  id: number;
  slot: string;
  department: string;
  clinician: Person;
  patient: string; // pseudonym
  start: string;
  end: string;
  status: string; // booked, cancelled, noshow, ...
  reason?: string;
  patient_name?: string;
}

/** A safety flag raised by a patient's answers (GET /api/safety/alerts). */
export interface SafetyAlert {
  flag: string;
  patient: string;
  patient_name: string;
  since: string;
  words: string;
}

export type DeviceResult = 'ok' | 'denied' | 'missing' | 'skipped';

export interface DeviceCheck {
  camera: DeviceResult;
  microphone: DeviceResult;
  speaker: 'ok' | 'not_confirmed';
  connection_rtt_ms: number;
}

export type VisitState = 'not_checked_in' | 'waiting' | 'admitted' | 'ended' | 'no_show' | 'left';

export interface VisitMessage {
  id: number;
  from: 'patient' | 'staff';
  name: string;
  text: string;
  at: string;
}

export type MeetingPlace = 'room' | 'beach' | 'forest';

export interface Visit {
  appointment: number;
  state: VisitState;
  department: string;
  department_name: string;
  clinician: Person;
  patient?: { name: string; pseudonym: string };
  start: string;
  end: string;
  checked_in?: string;
  position?: number;
  ahead?: number;
  estimated_wait_minutes?: number;
  online?: boolean;
  waited_seconds?: number;
  acknowledged?: boolean;
  device?: Partial<DeviceCheck>;
  /** Where the visit meets (after check-in): the consult room, or for mental health the beach or the forest. */
  place?: MeetingPlace;
  /** The patient chose to talk as avatars only (camera off). */
  avatars_only?: boolean;
  room?: string;
  messages?: VisitMessage[];
  summary_available?: boolean;
}

/** A group room someone is invited to, as its invite shows in the appointments (docs/api.md "Group rooms"). */
export interface GroupSession {
  id: string;
  title: string;
  place: 'room' | 'forest' | 'beach';
  starts_at: string | null;
}

export interface Dashboard {
  today: Appointment[];
  queue: Visit[];
  unacknowledged: number;
}

export interface Encounter {
  id: string;
  class: string;
  status: string;
  start: string;
  end: string;
  department: string;
  participants: Array<{ role: string; name: string }>;
}

export interface VisitSummary {
  appointment: number;
  department_name: string;
  clinician: Person;
  start: string;
  end: string;
  encounter?: Encounter;
  summary?: string;
}

export interface EndVisit {
  note: string;
  summary: string;
  share_summary: boolean;
}

export interface VisitLink {
  token: string;
  url: string;
  purpose: string;
  expires: string;
}

/** Care staff book for a patient (docs/api.md "Clinic"). */
export interface BookingForPatient {
  slot: string;
  /** The patient's login or pseudonym. */
  patient: string;
  reason: string;
  /** Also create a single-use visit link for a guest without an account. */
  visitLink: boolean;
}

export interface IceServer {
  urls: string[] | string;
  username?: string;
  credential?: string;
}

const visitPath = (id: number, what: string) => `/api/appointments/${encodeURIComponent(String(id))}/${what}`;

function map<T, U>(result: ApiResult<T>, pick: (value: T) => U): ApiResult<U> {
  return result.ok ? { ok: true, value: pick(result.value) } : result;
}

/** The clinic's calls over the app's ApiClient (same session and CSRF token). */
export class ClinicApi {
  constructor(private readonly api: ApiClient) {}

  async departments(): Promise<ApiResult<ClinicDepartment[]>> {
    return map(await this.api.request<{ departments: ClinicDepartment[] }>('GET', '/api/departments'), (v) => v.departments);
  }

  /** Open slots of `department` from `from` to `to` (YYYY-MM-DD, both included). */
  async slots(department: string, from: string, to: string): Promise<ApiResult<Slot[]>> {
    const query = `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
    const path = `/api/departments/${encodeURIComponent(department)}/slots?${query}`;
    return map(await this.api.request<{ slots: Slot[] }>('GET', path), (v) => v.slots);
  }

  /** The scheduled group sessions the user is in (GET /api/groups, those with a start), soonest first. */
  async groupSessions(): Promise<ApiResult<GroupSession[]>> {
    return map(await this.api.request<{ groups: GroupSession[] }>('GET', '/api/groups'), (v) =>
      (v.groups ?? []).filter((group) => group.starts_at).sort((a, b) => Date.parse(a.starts_at!) - Date.parse(b.starts_at!)),
    );
  }

  async appointments(): Promise<ApiResult<Appointment[]>> {
    return map(await this.api.request<{ appointments: Appointment[] }>('GET', '/api/appointments'), (v) => v.appointments);
  }

  async book(slot: string, reason: string): Promise<ApiResult<Appointment>> {
    const body: Record<string, string> = { slot };
    if (reason.trim()) body.reason = reason.trim();
    const result = await this.api.request<Appointment | { appointment: Appointment }>('POST', '/api/appointments', body);
    return map(result, (v) => ('appointment' in v ? v.appointment : v));
  }

  /** Care staff: books `booking.slot` for a patient; the answer holds the visit link when one was asked for. */
  async bookFor(booking: BookingForPatient): Promise<ApiResult<Appointment & { visit_link?: VisitLink }>> {
    const body: Record<string, string | boolean> = { slot: booking.slot, patient: booking.patient.trim(), visit_link: booking.visitLink };
    if (booking.reason.trim()) body.reason = booking.reason.trim();
    return this.api.request<Appointment & { visit_link?: VisitLink }>('POST', '/api/appointments', body);
  }

  async cancel(id: number): Promise<ApiResult<Appointment>> {
    const result = await this.api.request<Appointment | { appointment: Appointment }>('DELETE', `/api/appointments/${id}`);
    return map(result, (v) => (v && 'appointment' in v ? v.appointment : v));
  }

  checkIn(id: number, device: DeviceCheck, meeting?: { place: MeetingPlace; avatars_only: boolean }): Promise<ApiResult<Visit>> {
    return this.api.request<Visit>('POST', visitPath(id, 'check-in'), { consent: true, device, ...meeting });
  }

  /** The visit; for a patient this is also the heartbeat that keeps the queue place. */
  visit(id: number): Promise<ApiResult<Visit>> {
    return this.api.request<Visit>('GET', visitPath(id, 'visit'));
  }

  /** The patient side gives up its queue place (POST …/leave); the visit comes back as "left". */
  leave(id: number): Promise<ApiResult<Visit>> {
    return this.api.request<Visit>('POST', visitPath(id, 'leave'), {});
  }

  async message(id: number, text: string): Promise<ApiResult<VisitMessage>> {
    return map(await this.api.request<{ message: VisitMessage }>('POST', visitPath(id, 'messages'), { text }), (v) => v.message);
  }

  dashboard(): Promise<ApiResult<Dashboard>> {
    return this.api.request<Dashboard>('GET', '/api/clinic/dashboard');
  }

  /** Active safety flags on the care team's patients that no one has acknowledged. */
  async safetyAlerts(): Promise<ApiResult<SafetyAlert[]>> {
    return map(await this.api.request<{ alerts: SafetyAlert[] }>('GET', '/api/safety/alerts'), (v) => v.alerts);
  }

  acknowledgeSafety(flag: string): Promise<ApiResult<unknown>> {
    return this.api.request<unknown>('POST', `/api/safety/alerts/${encodeURIComponent(flag)}/acknowledge`, {});
  }

  acknowledge(id: number): Promise<ApiResult<Visit>> {
    return this.api.request<Visit>('POST', visitPath(id, 'acknowledge'), {});
  }

  admit(id: number): Promise<ApiResult<Visit>> {
    return this.api.request<Visit>('POST', visitPath(id, 'admit'), {});
  }

  defer(id: number, minutes: number): Promise<ApiResult<Visit>> {
    return this.api.request<Visit>('POST', visitPath(id, 'defer'), { minutes });
  }

  noShow(id: number): Promise<ApiResult<Visit>> {
    return this.api.request<Visit>('POST', visitPath(id, 'no-show'), {});
  }

  async invite(id: number): Promise<ApiResult<VisitLink>> {
    return map(await this.api.request<{ visit_link: VisitLink }>('POST', visitPath(id, 'invite'), {}), (v) => v.visit_link);
  }

  end(id: number, end: EndVisit): Promise<ApiResult<{ visit: Visit; encounter: Encounter; note: string }>> {
    return this.api.request('POST', visitPath(id, 'end'), end);
  }

  summary(id: number): Promise<ApiResult<VisitSummary>> {
    return this.api.request<VisitSummary>('GET', visitPath(id, 'summary'));
  }

  async iceServers(): Promise<ApiResult<IceServer[]>> {
    return map(await this.api.request<{ ice_servers: IceServer[] }>('GET', '/api/rtc-config'), (v) => v.ice_servers ?? []);
  }

  /** One GET /healthz round trip in ms, or the error. */
  async healthRoundTrip(now: () => number = () => performance.now()): Promise<ApiResult<number>> {
    const started = now();
    const result = await this.api.request<unknown>('GET', '/healthz');
    return map(result, () => Math.max(0, Math.round(now() - started)));
  }
}
