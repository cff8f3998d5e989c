// The admin console's calls for departments and clinicians' availability
// (docs/api.md "Departments and availability") and their pure helpers:
// "HH:MM" <-> minutes, weekday names. No DOM.

import type { ApiClient, ApiResult } from '../net/rest';

export interface AvailabilityRule {
  clinician_user_id: number;
  clinician_name: string;
  weekday: number; // ISO: 1 = Monday .. 7 = Sunday
  start: string; // "HH:MM", the department's local time
  end: string;
  slot_minutes: number;
}

export interface DayOff {
  clinician_user_id: number;
  clinician_name: string;
  day: string; // "YYYY-MM-DD", the department's local calendar
  reason: string;
}

export interface DepartmentSchedule {
  slug: string;
  name: string;
  time_zone: string;
  rules: AvailabilityRule[];
}

export interface Schedules {
  departments: DepartmentSchedule[];
  days_off: DayOff[];
  clinicians: Array<{ id: number; name: string; role: string }>;
  time_zones: string[];
}

export const kWeekdays = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;

export function weekdayName(isoWeekday: number): string {
  return kWeekdays[isoWeekday - 1] ?? `day ${isoWeekday}`;
}

/** "09:30" -> 570; undefined for anything else (24:00 is the end of a day). */
export function minutesOf(text: string): number | undefined {
  const match = /^(\d{2}):(\d{2})$/.exec(text);
  if (!match) return undefined;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  if (minutes > 59 || hours > 24 || (hours === 24 && minutes > 0)) return undefined;
  return hours * 60 + minutes;
}

/** Why a new rule cannot be sent, in words; "" when it can. */
export function ruleProblem(start: string, end: string, slotMinutes: number): string {
  const from = minutesOf(start);
  const to = minutesOf(end);
  if (from === undefined || to === undefined) return 'Write the times as hours and minutes, for example 09:00.';
  if (to <= from) return 'The end must be after the start.';
  if (!Number.isInteger(slotMinutes) || slotMinutes < 5 || slotMinutes > 240) return 'A visit is 5 to 240 minutes long.';
  if (to - from < slotMinutes) return 'The time is shorter than one visit.';
  return '';
}

export function schedules(api: ApiClient): Promise<ApiResult<Schedules>> {
  return api.request('GET', '/api/admin/schedules');
}

export function updateDepartment(api: ApiClient, slug: string, change: { name?: string; time_zone?: string }): Promise<ApiResult<unknown>> {
  return api.request('PATCH', `/api/admin/departments/${encodeURIComponent(slug)}`, change);
}

export function addRule(api: ApiClient, rule: { department: string; clinician_user_id: number; weekday: number; start: string; end: string; slot_minutes: number }): Promise<ApiResult<unknown>> {
  return api.request('POST', '/api/admin/availability', rule);
}

export function removeRule(api: ApiClient, department: string, rule: AvailabilityRule): Promise<ApiResult<null>> {
  return api.request('DELETE', `/api/admin/availability/${encodeURIComponent(department)}/${rule.clinician_user_id}/${rule.weekday}/${rule.start.replace(':', '')}`);
}

export function addDayOff(api: ApiClient, dayOff: { clinician_user_id: number; day: string; reason: string }): Promise<ApiResult<unknown>> {
  return api.request('POST', '/api/admin/days-off', dayOff);
}

export function removeDayOff(api: ApiClient, dayOff: DayOff): Promise<ApiResult<null>> {
  return api.request('DELETE', `/api/admin/days-off/${dayOff.clinician_user_id}/${dayOff.day}`);
}
