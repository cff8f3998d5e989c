// Words for the clinic's screens: queue place, waits, times, visit states and
// device-check results. Pure functions (the clock and time zone are handed
// in), so tests need no DOM and no real clock.

import type { Appointment, DeviceCheck, Visit, VisitState } from './api';

/** How long someone has waited, in plain words ("45 seconds", "1 hour 5 minutes"). */
export function formatWaited(seconds: number): string {
  const total = Math.max(0, Math.floor(seconds));
  if (total < 60) return total === 1 ? '1 second' : `${total} seconds`;
  const minutes = Math.floor(total / 60);
  if (minutes < 60) return minutes === 1 ? '1 minute' : `${minutes} minutes`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  const hourWords = hours === 1 ? '1 hour' : `${hours} hours`;
  if (rest === 0) return hourWords;
  return `${hourWords} ${rest === 1 ? '1 minute' : `${rest} minutes`}`;
}

/** The patient's place in the queue, e.g. "You are number 2 in the queue. 1 person is ahead of you." */
export function queueWords(visit: Pick<Visit, 'position' | 'ahead'>): string {
  const position = visit.position ?? 0;
  const ahead = visit.ahead ?? Math.max(0, position - 1);
  if (position <= 0) return 'You are in the queue.';
  if (ahead === 0) return 'You are next in the queue.';
  const people = ahead === 1 ? '1 person is' : `${ahead} people are`;
  return `You are number ${position} in the queue. ${people} ahead of you.`;
}

/** The estimated wait, e.g. "Estimated wait: about 5 minutes." */
export function waitWords(minutes: number | undefined): string {
  if (minutes === undefined || !Number.isFinite(minutes)) return 'The estimated wait is not known yet.';
  if (minutes <= 0) return 'Estimated wait: your clinician should see you very soon.';
  if (minutes === 1) return 'Estimated wait: about 1 minute.';
  return `Estimated wait: about ${Math.round(minutes)} minutes.`;
}

/** What a visit state means, for the patient. */
export function stateWords(state: VisitState, department = 'the clinic'): string {
  switch (state) {
    case 'not_checked_in':
      return 'You have not checked in yet.';
    case 'waiting':
      return `You are checked in and waiting in ${department}.`;
    case 'admitted':
      return 'Your clinician is ready: you are being taken to the consultation room.';
    case 'ended':
      return 'Your visit has ended.';
    case 'no_show':
      return 'This visit was marked as missed (no-show). If you think this is a mistake, please book a new appointment or contact the clinic.';
    case 'left':
      return 'You lost your place in the queue because this page was closed or offline for more than 2 minutes. Check in again to rejoin the queue (at the back).';
  }
}

const deviceResultWords: Record<string, string> = {
  ok: 'working',
  denied: 'blocked',
  missing: 'not found',
  skipped: 'not used',
};

/** The device-check result for the care team, e.g. "Camera working, microphone blocked, speaker confirmed, connection 42 ms". */
export function deviceWords(device: Partial<DeviceCheck> | undefined): string {
  if (!device) return 'No device check.';
  const parts = [
    `camera ${deviceResultWords[device.camera ?? 'skipped'] ?? device.camera}`,
    `microphone ${deviceResultWords[device.microphone ?? 'skipped'] ?? device.microphone}`,
    device.speaker === 'ok' ? 'speaker confirmed' : 'speaker not confirmed',
    device.connection_rtt_ms !== undefined && device.connection_rtt_ms >= 0
      ? `connection ${device.connection_rtt_ms} ms`
      : 'connection not measured',
  ];
  const text = parts.join(', ');
  return text.charAt(0).toUpperCase() + text.slice(1) + '.';
}

/** True when the device check has a problem worth flagging to the care team. */
export function deviceProblem(device: Partial<DeviceCheck> | undefined): boolean {
  if (!device) return true;
  return device.camera === 'denied' || device.camera === 'missing' || device.microphone === 'denied' || device.microphone === 'missing' || device.speaker !== 'ok';
}

export interface TimeFormat {
  locale?: string;
  timeZone?: string; // IANA; the browser's own when undefined
}

/** "Wed 26 Nov, 14:00" in the given (or the browser's) locale and time zone. */
export function formatWhen(iso: string, format: TimeFormat = {}): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(format.locale ?? 'en-GB', {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: format.timeZone,
  }).format(date);
}

/** "14:00" */
export function formatClockTime(iso: string, format: TimeFormat = {}): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(format.locale ?? 'en-GB', { hour: '2-digit', minute: '2-digit', timeZone: format.timeZone }).format(date);
}

/** YYYY-MM-DD of `unixMs` in UTC (the server's slot days are UTC). */
export function isoDay(unixMs: number): string {
  return new Date(unixMs).toISOString().slice(0, 10);
}

export const kCheckInEarlyMs = 60 * 60 * 1000;

export type CheckInWindow = 'too_early' | 'open' | 'over' | 'cancelled';

/** Whether a patient may check in for `appointment` at `nowMs` (the server decides; this only shapes the button). */
export function checkInWindow(appointment: Pick<Appointment, 'start' | 'end' | 'status'>, nowMs: number): CheckInWindow {
  if (appointment.status !== 'booked') return 'cancelled';
  const start = Date.parse(appointment.start);
  const end = Date.parse(appointment.end);
  if (Number.isFinite(end) && nowMs >= end) return 'over';
  if (Number.isFinite(start) && nowMs < start - kCheckInEarlyMs) return 'too_early';
  return 'open';
}

/** Words for an appointment's status. */
export function appointmentStatusWords(status: string): string {
  switch (status) {
    case 'booked':
      return 'Booked';
    case 'cancelled':
      return 'Cancelled';
    case 'noshow':
      return 'Missed';
    case 'fulfilled':
      return 'Done';
    default:
      return status;
  }
}

/** Words for the clinic's API error codes that a patient or clinician may meet. */
export function clinicErrorWords(code: string, message: string): string {
  const words: Record<string, string> = {
    consent_required: 'Please tick the consent box to continue.',
    place_not_offered: 'The beach and the forest are for mental health visits; this visit meets in the consulting room.',
    invalid_place: 'Choose where to meet: the beach, the forest or the consulting room.',
    check_in_not_open: 'Check-in opens one hour before your appointment. Please come back closer to the time.',
    appointment_over: 'This appointment is over. Please book a new one.',
    appointment_cancelled: 'This appointment was cancelled.',
    visit_ended: 'This visit has already ended.',
    slot_taken: 'Someone else has just booked that time. The list of open times is updated; please choose another.',
    slot_in_past: 'That time has already begun. The list of open times is updated; please choose another.',
    not_waiting: 'The patient is no longer waiting.',
    appointment_started: 'An appointment cannot be cancelled after it has started.',
    summary_not_found: 'The visit summary is not ready yet.',
    patient_not_found: 'No patient has that login or code number. Check it and try again.',
    patient_required: 'Enter the patient’s login or code number.',
    network_error: 'The server cannot be reached. Check your connection and try again.',
  };
  return words[code] ?? message;
}

const kPlaceWords: Record<string, string> = { beach: 'on the quiet beach', forest: 'in the peaceful forest', room: 'in the consulting room' };

/**
 * Where a therapy visit meets and whether it is avatars only, in words for
 * either side; "" for a plain consult-room visit with cameras allowed.
 */
export function meetingWords(visit: Pick<Visit, 'place' | 'avatars_only' | 'patient'>, staff: boolean): string {
  const place = visit.place && visit.place !== 'room' ? `You meet ${kPlaceWords[visit.place]}.` : '';
  if (!visit.avatars_only) return place;
  const who = staff ? `${visit.patient?.name ?? 'Your patient'} chose to talk as avatars only: please keep your camera off too.` : 'You chose to talk as avatars only: your camera stays off, and you are heard, not seen.';
  return [place, who].filter(Boolean).join(' ');
}
