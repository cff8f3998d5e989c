// Arrival alerts for the care team: each waiting visit that nobody has
// acknowledged chimes when it first appears and then every `repeatMs` until
// someone acknowledges it, so no knock is missed. Pure: the caller hands in
// `now` and the dashboard's queue; it plays what update() returns.

import type { Visit } from './api';

export const kAlertRepeatMs = 10000;

export interface Arrival {
  appointment: number;
  name: string;
  department: string;
}

/** The waiting, unacknowledged visits of a dashboard queue. */
export function pendingArrivals(queue: Visit[]): Arrival[] {
  return queue
    .filter((visit) => visit.state === 'waiting' && !visit.acknowledged)
    .map((visit) => ({
      appointment: visit.appointment,
      name: visit.patient?.name || 'A patient',
      department: visit.department_name || visit.department,
    }));
}

export class ArrivalAlerts {
  private readonly lastChimeMs = new Map<number, number>();
  private readonly acknowledgedHere = new Set<number>();

  constructor(private readonly repeatMs = kAlertRepeatMs) {}

  /**
   * Takes the pending arrivals at `nowMs`; returns those to chime now (new
   * ones at once, the others every repeatMs). Visits no longer pending are
   * forgotten, so one that comes back (deferred, checked in again) chimes anew.
   */
  update(nowMs: number, pending: Arrival[]): Arrival[] {
    const ids = new Set(pending.map((arrival) => arrival.appointment));
    for (const id of [...this.lastChimeMs.keys()]) if (!ids.has(id)) this.lastChimeMs.delete(id);
    for (const id of [...this.acknowledgedHere]) if (!ids.has(id)) this.acknowledgedHere.delete(id);
    const due: Arrival[] = [];
    for (const arrival of pending) {
      if (this.acknowledgedHere.has(arrival.appointment)) continue;
      const last = this.lastChimeMs.get(arrival.appointment);
      if (last === undefined || nowMs - last >= this.repeatMs) {
        this.lastChimeMs.set(arrival.appointment, nowMs);
        due.push(arrival);
      }
    }
    return due;
  }

  /** Stops the alert for `appointment` at once (before the server's answer arrives). */
  acknowledge(appointment: number): void {
    this.acknowledgedHere.add(appointment);
  }

  /** The acknowledgement failed: alert again on the next update. */
  unacknowledge(appointment: number): void {
    this.acknowledgedHere.delete(appointment);
    this.lastChimeMs.delete(appointment);
  }

  /** The arrivals still alerting (pending and not acknowledged here). */
  active(pending: Arrival[]): Arrival[] {
    return pending.filter((arrival) => !this.acknowledgedHere.has(arrival.appointment));
  }
}

/** The banner's words for the arrivals still alerting. */
export function arrivalWords(arrivals: Arrival[]): string {
  if (arrivals.length === 0) return '';
  if (arrivals.length === 1) return `${arrivals[0].name} is waiting in ${arrivals[0].department}.`;
  return `${arrivals.length} patients are waiting: ${arrivals.map((arrival) => arrival.name).join(', ')}.`;
}
