import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCapabilities } from '../net/capabilities';
import { EntityKind } from '../net/messages';
import type { User } from '../net/rest';
import { parseServerRoleTable } from '../net/server-roles.fixture';
import { clinicButtonLabel, offersAdmin, offersGroups, offersGuestVisit, offersPatientScores, offersRecord, offersResearch, offersTherapy, selfBadge, selfKind } from './offers';

const server = parseServerRoleTable(readFileSync(resolve(__dirname, '../../../src/core/roles.cpp'), 'utf8'));

/** A user as GET /api/me describes one of `role`, with the server's capabilities for it. */
function userOf(role: string, extra: Partial<User> = {}): User {
  const capabilities = server.roles.get(role);
  if (!capabilities) throw new Error(`no role ${role} in roles.cpp`);
  return { id: 1, login: role, name: role, role, capabilities: parseCapabilities(capabilities), ...extra };
}

interface Offer {
  clinic: string;
  record: boolean;
  research: boolean;
  therapy: boolean;
  kind: EntityKind;
  badge: string;
}

const patientSide: Offer = { clinic: 'Appointments', record: true, research: false, therapy: false, kind: EntityKind.Person, badge: 'Visitor' };
const careTeam: Offer = { clinic: 'Clinic dashboard', record: false, research: false, therapy: true, kind: EntityKind.Staff, badge: 'Staff' };
const bystander: Offer = { clinic: '', record: false, research: false, therapy: false, kind: EntityKind.Person, badge: 'Visitor' };

// What each role was offered when the shell decided by role name. One
// difference: an admin no longer gets a "Clinic dashboard" button, since the
// server refuses them the dashboard (clinic_dashboard is the care staff's).
const expected: Array<[string, Partial<User>, Offer]> = [
  ['patient', { patient: 'p1' }, patientSide],
  ['clinician', {}, careTeam],
  ['nurse', {}, careTeam],
  ['therapist', {}, careTeam],
  ['student', {}, bystander],
  // A researcher, who saw only Sign out, gets the research lab (issue 20).
  ['researcher', {}, { ...bystander, research: true }],
  ['admin', {}, { clinic: '', record: false, research: false, therapy: true, kind: EntityKind.Staff, badge: 'Staff' }],
  ['guest', { purpose: 'appointment:7' }, { clinic: 'Your visit', record: false, research: false, therapy: false, kind: EntityKind.Guest, badge: 'Guest' }],
  ['guest', {}, { clinic: '', record: false, research: false, therapy: false, kind: EntityKind.Guest, badge: 'Guest' }],
];

describe('what the shell offers each role', () => {
  it.each(expected)('%s %o', (role, extra, offer) => {
    const user = userOf(role, extra);
    expect({
      clinic: clinicButtonLabel(user),
      record: offersRecord(user),
      research: offersResearch(user),
      therapy: offersTherapy(user),
      kind: selfKind(user),
      badge: selfBadge(user),
    }).toEqual(offer);
  });

  it('covers every account role of the server', () => {
    const covered = new Set(expected.map(([role]) => role));
    for (const role of server.roles.keys()) if (role !== 'system') expect(covered).toContain(role);
  });
});

describe('offers follow capabilities, not role names', () => {
  const anyone = (role: string, capabilities: User['capabilities']): User => ({ id: 2, login: 'x', name: 'X', role, capabilities });

  it('offers nothing to a staff role name that the server gave no capability', () => {
    const user = anyone('clinician', []);
    expect([clinicButtonLabel(user), offersRecord(user), offersTherapy(user), selfKind(user)]).toEqual(['', false, false, EntityKind.Person]);
  });

  it('offers the dashboard to whoever holds clinic_dashboard', () => {
    expect(clinicButtonLabel(anyone('student', ['clinic_dashboard']))).toBe('Clinic dashboard');
    expect(clinicButtonLabel(anyone('patient', ['clinic_dashboard', 'own_record']))).toBe('Clinic dashboard');
  });

  it('offers the research lab with run_trials or research_export', () => {
    expect(offersResearch(anyone('student', ['run_trials']))).toBe(true);
    expect(offersResearch(anyone('student', ['research_export']))).toBe(true);
    expect(offersResearch(anyone('researcher', ['simulate']))).toBe(false);
  });

  it('offers the record and appointments with own_record', () => {
    const user = anyone('researcher', ['own_record']);
    expect([clinicButtonLabel(user), offersRecord(user)]).toEqual(['Appointments', true]);
  });

  it("offers Patients' scores with care_records, as the FHIR reads it makes need", () => {
    expect(offersPatientScores(anyone('student', ['care_records']))).toBe(true);
    expect(offersPatientScores(anyone('therapist', []))).toBe(false);
    expect(offersPatientScores(userOf('therapist'))).toBe(true);
    expect(offersPatientScores(userOf('patient', { patient: 'p1' }))).toBe(false);
  });

  it('offers group rooms to every account and to no guest', () => {
    for (const role of ['patient', 'clinician', 'nurse', 'therapist', 'student', 'researcher', 'admin']) expect(offersGroups(userOf(role))).toBe(true);
    expect(offersGroups(userOf('guest', { purpose: 'appointment:7' }))).toBe(false);
  });

  it('offers a visit only for a link to an appointment', () => {
    expect(clinicButtonLabel(anyone('guest', []))).toBe('');
    expect(clinicButtonLabel({ ...anyone('guest', []), purpose: 'tour:lobby' })).toBe('');
    expect(clinicButtonLabel({ ...anyone('guest', []), purpose: 'appointment:12' })).toBe('Your visit');
  });

  it('opens the visit on arrival for a visit-link guest only (issue 13: they landed in the lobby)', () => {
    expect(offersGuestVisit({ ...anyone('guest', []), purpose: 'appointment:12' })).toBe(true);
    expect(offersGuestVisit({ ...anyone('guest', []), purpose: 'tour:lobby' })).toBe(false);
    expect(offersGuestVisit(anyone('guest', []))).toBe(false);
    expect(offersGuestVisit(userOf('patient', { patient: 'p1', purpose: 'appointment:12' }))).toBe(false);
    expect(offersGuestVisit(userOf('clinician', { purpose: 'appointment:12' }))).toBe(false);
  });
});

describe('offersAdmin', () => {
  it('offers the admin console to the roles the server lets manage users or review the audit log, and no one else', () => {
    for (const role of server.roles.keys()) {
      const capabilities = server.roles.get(role) ?? [];
      const expected = capabilities.includes('manage_users') || capabilities.includes('audit_review');
      expect(offersAdmin(userOf(role)), role).toBe(expected);
    }
    expect(offersAdmin(userOf('admin'))).toBe(true);
    expect(offersAdmin(userOf('clinician'))).toBe(false);
  });
});
