// What the app shell offers the signed-in user: the topbar's clinic, record
// research lab and admin console buttons, the body explorer's therapy controls, and how the own
// avatar is shown. Each answer comes from the user's capabilities
// (net/capabilities.ts), asking the capability the server checks for the
// same action, so nothing is offered that the server would refuse.

import { can } from '../net/capabilities';
import { EntityKind } from '../net/messages';
import type { User } from '../net/rest';

/** The topbar's clinic button for this user, or '' for none. */
export function clinicButtonLabel(user: User): string {
  if (can(user, 'clinic_dashboard')) return 'Clinic dashboard';
  if (can(user, 'own_record')) return 'Appointments';
  // A visit-link guest holds no capability; their link names the appointment.
  if (user.purpose?.startsWith('appointment:')) return 'Your visit';
  return '';
}

/** A visit-link guest, whose link names one appointment: the app opens that visit on arrival. */
export function offersGuestVisit(user: User): boolean {
  return !can(user, 'clinic_dashboard') && !can(user, 'own_record') && /^appointment:\d+$/.test(user.purpose ?? '');
}

/** The "My record" page: a patient's own record. */
export function offersRecord(user: User): boolean {
  return can(user, 'own_record');
}

/** The rehabilitation gym's exercise games: a patient's own programme, sets saved to their own record. */
export function offersRehabGames(user: User): boolean {
  return can(user, 'own_record');
}

/** The research lab: in-silico trials (run_trials) and the de-identified export (research_export). */
export function offersResearch(user: User): boolean {
  return can(user, 'run_trials') || can(user, 'research_export');
}

/** "Patients' scores": patients' records under the care policy (the FHIR reads it makes need the same). */
export function offersPatientScores(user: User): boolean {
  return can(user, 'care_records');
}

/** "Rehabilitation": prescribing exercise programmes and reading progress, under the care policy. */
export function offersRehabTherapist(user: User): boolean {
  return can(user, 'care_records');
}

/** Images and case reviews: patients' images under the care policy, and the reviews one is invited to. */
export function offersCaseReviews(user: User): boolean {
  return can(user, 'care_records') || offersGuestReview(user);
}

/** An outside colleague's visit link names one case review: the app opens it on arrival. */
export function offersGuestReview(user: User): boolean {
  return /^review:[0-9a-f]{32}$/.test(user.purpose ?? '');
}

/** The admin console: users for `manage_users`, the audit log for `audit_review`. */
export function offersAdmin(user: User): boolean {
  return can(user, 'manage_users') || can(user, 'audit_review');
}

/**
 * The topbar's "Group rooms": hosts open rooms there, members find the rooms
 * they are in. Anyone with an account may be a member; a visit-link guest
 * (no capability at all) cannot be, so is not offered it.
 */
export function offersGroups(user: User): boolean {
  return user.capabilities.length > 0;
}

/**
 * Setting a patient's own therapy in the body explorer. The world refuses it
 * (care_team_only) to anyone without the staff capability (IsStaffRole in
 * src/world/world_tick.cpp), so the controls follow that capability.
 */
export function offersTherapy(user: User): boolean {
  return can(user, 'staff_spaces');
}

/**
 * How the own avatar is listed, as the server shows it to others
 * (EntityKindFor in src/world/access.cpp): staff by capability; a guest, who
 * has none, by the role name, which here only chooses words.
 */
export function selfKind(user: User): EntityKind {
  if (can(user, 'staff_spaces')) return EntityKind.Staff;
  if (user.role === 'guest') return EntityKind.Guest;
  return EntityKind.Person;
}

/** The badge on the own avatar's name tag. */
export function selfBadge(user: User): string {
  const kind = selfKind(user);
  return kind === EntityKind.Staff ? 'Staff' : kind === EntityKind.Guest ? 'Guest' : 'Visitor';
}
