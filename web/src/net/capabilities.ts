// What the signed-in user may do, as the server says: GET /api/me sends
// `capabilities`, the wire names of src/core/roles.cpp's one table. Every
// decision in the browser about what to offer a user asks `can`; the role
// name is for display text only. The server checks every action again, so
// this decides what is shown, never what is allowed.
//
// The names are part of the API (docs/api.md); capabilities.test.ts reads
// them from roles.cpp so the two lists cannot drift apart.

export const kCapabilityNames = [
  'own_record', // one's own record: view, download, erase; one's own appointments
  'care_records', // patients' records under the care policy
  'break_glass', // any patient with a stated reason
  'book_for_patient', // book a visit for a patient
  'clinic_dashboard', // the clinic desk: queues, admit, consultations
  'issue_visit_links', // guest links
  'staff_spaces', // staff-only spaces; shown as staff in the world
  'research_export', // de-identified exports
  'manage_users', // accounts and roles
  'audit_review', // the audit trail and access alerts
  'erase_records', // erase a patient on their request
  'simulate', // simulations and the body explorer
  'host_groups', // open and run group rooms (therapy groups, conferences, classes)
  'run_trials', // in-silico trials as server jobs (the research lab)
  'operate', // system status and runtime settings (the admin console)
  'teach_skills', // learners' skills lab records, as an educator
] as const;

export type Capability = (typeof kCapabilityNames)[number];

/** Anything that carries the server's capability names (the User from /api/me). */
export interface Capable {
  capabilities: readonly Capability[];
}

const kKnown: ReadonlySet<string> = new Set(kCapabilityNames);

/**
 * The capabilities in a server answer: the known names of `value` when it is
 * an array, in the table's order, each once. A name this client does not know
 * (a newer server) is dropped; a missing or malformed list is no capability
 * at all, so an answer that says nothing offers nothing.
 */
export function parseCapabilities(value: unknown): Capability[] {
  if (!Array.isArray(value)) return [];
  const given = new Set(value.filter((name): name is string => typeof name === 'string' && kKnown.has(name)));
  return kCapabilityNames.filter((name) => given.has(name));
}

/** True when the server gave `user` the capability. */
export function can(user: Capable, capability: Capability): boolean {
  return user.capabilities.includes(capability);
}
