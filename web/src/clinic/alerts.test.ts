import { describe, expect, it } from 'vitest';
import { ArrivalAlerts, arrivalWords, pendingArrivals } from './alerts';
import type { Visit } from './api';

const visit = (appointment: number, extra: Partial<Visit> = {}): Visit => ({
  appointment,
  state: 'waiting',
  department: 'cardiology',
  department_name: 'Cardiology',
  clinician: { id: 2, name: 'Dr Heart' },
  patient: { name: `Patient ${appointment}`, pseudonym: `p${appointment}` },
  start: '',
  end: '',
  acknowledged: false,
  ...extra,
});

describe('arrival alerts', () => {
  it('picks waiting, unacknowledged visits', () => {
    const pending = pendingArrivals([visit(1), visit(2, { acknowledged: true }), visit(3, { state: 'admitted' })]);
    expect(pending.map((p) => p.appointment)).toEqual([1]);
    expect(arrivalWords(pending)).toBe('Patient 1 is waiting in Cardiology.');
  });

  it('chimes at once, then every repeat interval until acknowledged', () => {
    const alerts = new ArrivalAlerts(10000);
    const pending = pendingArrivals([visit(1)]);
    expect(alerts.update(0, pending)).toHaveLength(1);
    expect(alerts.update(2000, pending)).toHaveLength(0);
    expect(alerts.update(9999, pending)).toHaveLength(0);
    expect(alerts.update(10000, pending)).toHaveLength(1);
    expect(alerts.update(12000, pending)).toHaveLength(0);
    expect(alerts.update(20000, pending)).toHaveLength(1);
    alerts.acknowledge(1);
    expect(alerts.update(40000, pending)).toHaveLength(0);
    expect(alerts.active(pending)).toHaveLength(0);
  });

  it('a second arrival chimes on its own schedule', () => {
    const alerts = new ArrivalAlerts(10000);
    expect(alerts.update(0, pendingArrivals([visit(1)]))).toHaveLength(1);
    const both = pendingArrivals([visit(1), visit(2)]);
    expect(alerts.update(4000, both).map((a) => a.appointment)).toEqual([2]);
    expect(alerts.update(10000, both).map((a) => a.appointment)).toEqual([1]);
    expect(alerts.update(14000, both).map((a) => a.appointment)).toEqual([2]);
    expect(arrivalWords(both)).toBe('2 patients are waiting: Patient 1, Patient 2.');
  });

  it('a failed acknowledgement alerts again; one who comes back chimes anew', () => {
    const alerts = new ArrivalAlerts(10000);
    const pending = pendingArrivals([visit(1)]);
    alerts.update(0, pending);
    alerts.acknowledge(1);
    alerts.unacknowledge(1);
    expect(alerts.update(1000, pending)).toHaveLength(1);
    expect(alerts.update(2000, [])).toHaveLength(0);
    expect(alerts.update(3000, pending)).toHaveLength(1);
  });
});
