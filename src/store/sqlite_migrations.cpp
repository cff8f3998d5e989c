#include "store/sqlite_migrations.h"

namespace mc::sqlite {
namespace {

constexpr std::string_view kMigration1 = R"sql(
CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  login TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  role TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0,
  patient_pseudonym TEXT NOT NULL DEFAULT '',
  created_unix_ms INTEGER NOT NULL
) STRICT;

CREATE TABLE login_failures (
  login TEXT NOT NULL,
  unix_ms INTEGER NOT NULL
) STRICT;
CREATE INDEX login_failures_by_login ON login_failures (login, unix_ms);

CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL,
  guest_purpose TEXT NOT NULL DEFAULT '',
  created_unix_ms INTEGER NOT NULL,
  last_seen_unix_ms INTEGER NOT NULL
) STRICT;
CREATE INDEX sessions_by_user ON sessions (user_id);

CREATE TABLE visit_links (
  token_hash TEXT PRIMARY KEY,
  purpose TEXT NOT NULL,
  created_by_user_id INTEGER NOT NULL REFERENCES users (id),
  created_unix_ms INTEGER NOT NULL,
  expires_unix_ms INTEGER NOT NULL,
  used_unix_ms INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE departments (
  slug TEXT PRIMARY KEY,
  name TEXT NOT NULL
) STRICT;

CREATE TABLE vault_subjects (
  pseudonym TEXT PRIMARY KEY,
  wrapped_key BLOB NOT NULL,
  kek_id TEXT NOT NULL,
  created_unix_ms INTEGER NOT NULL,
  erased_unix_ms INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE vault_records (
  id TEXT PRIMARY KEY,
  pseudonym TEXT NOT NULL REFERENCES vault_subjects (pseudonym),
  type TEXT NOT NULL,
  version INTEGER NOT NULL,
  created_unix_ms INTEGER NOT NULL,
  updated_unix_ms INTEGER NOT NULL,
  ciphertext BLOB NOT NULL
) STRICT;
CREATE INDEX vault_records_by_subject ON vault_records (pseudonym, type);

CREATE TABLE audit_log (
  seq INTEGER PRIMARY KEY,
  time_unix_ms INTEGER NOT NULL,
  actor_user_id INTEGER NOT NULL,
  actor_role TEXT NOT NULL,
  action TEXT NOT NULL,
  resource TEXT NOT NULL,
  patient_pseudonym TEXT NOT NULL,
  outcome TEXT NOT NULL,
  request_id TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
) STRICT;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END;

CREATE TABLE audit_head (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  seq INTEGER NOT NULL,
  hash TEXT NOT NULL
) STRICT;
)sql";

// Scheduling (care/scheduling.h). Slots are not stored: they follow from the
// weekly availability rules. An appointment row is the plaintext index of an
// encrypted vault record of type "Appointment"; the partial unique index is
// what makes double booking impossible, whatever the callers race.
constexpr std::string_view kMigration2 = R"sql(
CREATE TABLE clinician_availability (
  id INTEGER PRIMARY KEY,
  clinician_user_id INTEGER NOT NULL REFERENCES users (id),
  department TEXT NOT NULL REFERENCES departments (slug),
  weekday INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),
  start_minute INTEGER NOT NULL CHECK (start_minute BETWEEN 0 AND 1439),
  end_minute INTEGER NOT NULL CHECK (end_minute BETWEEN 1 AND 1440),
  slot_minutes INTEGER NOT NULL CHECK (slot_minutes BETWEEN 5 AND 480),
  CHECK (start_minute < end_minute),
  UNIQUE (clinician_user_id, department, weekday, start_minute)
) STRICT;
CREATE INDEX clinician_availability_by_department
  ON clinician_availability (department, clinician_user_id);

CREATE TABLE appointments (
  id INTEGER PRIMARY KEY,
  slot TEXT NOT NULL,
  department TEXT NOT NULL,
  clinician_user_id INTEGER NOT NULL,
  start_unix_ms INTEGER NOT NULL,
  end_unix_ms INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('booked', 'cancelled')),
  patient_pseudonym TEXT NOT NULL,
  record_id TEXT NOT NULL DEFAULT '',
  booked_by_user_id INTEGER NOT NULL,
  created_unix_ms INTEGER NOT NULL,
  updated_unix_ms INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX appointments_one_booking_per_slot
  ON appointments (clinician_user_id, start_unix_ms) WHERE status = 'booked';
CREATE INDEX appointments_by_patient
  ON appointments (patient_pseudonym, start_unix_ms);
CREATE INDEX appointments_by_department
  ON appointments (department, start_unix_ms);
)sql";

// Appointments may also end as "fulfilled" (the visit took place) or
// "noshow"; only a cancelled appointment frees its slot. SQLite cannot alter
// a CHECK constraint, so the table is rebuilt.
constexpr std::string_view kMigration3 = R"sql(
CREATE TABLE appointments_v3 (
  id INTEGER PRIMARY KEY,
  slot TEXT NOT NULL,
  department TEXT NOT NULL,
  clinician_user_id INTEGER NOT NULL,
  start_unix_ms INTEGER NOT NULL,
  end_unix_ms INTEGER NOT NULL,
  status TEXT NOT NULL
    CHECK (status IN ('booked', 'cancelled', 'fulfilled', 'noshow')),
  patient_pseudonym TEXT NOT NULL,
  record_id TEXT NOT NULL DEFAULT '',
  booked_by_user_id INTEGER NOT NULL,
  created_unix_ms INTEGER NOT NULL,
  updated_unix_ms INTEGER NOT NULL
) STRICT;
INSERT INTO appointments_v3 SELECT * FROM appointments;
DROP TABLE appointments;
ALTER TABLE appointments_v3 RENAME TO appointments;
CREATE UNIQUE INDEX appointments_one_booking_per_slot
  ON appointments (clinician_user_id, start_unix_ms) WHERE status <> 'cancelled';
CREATE INDEX appointments_by_patient
  ON appointments (patient_pseudonym, start_unix_ms);
CREATE INDEX appointments_by_department
  ON appointments (department, start_unix_ms);
CREATE INDEX users_by_pseudonym ON users (patient_pseudonym);
)sql";

// Clinical records (issue 6): every version of a vault record is kept for
// FHIR vread (still encrypted with the patient's data key, so erasure shreds
// history too); audit records say why an access was allowed ("purpose":
// own record, care relationship, break-glass with its reason) and can be
// listed per patient; consent rules are the plaintext index of a patient's
// Consent resources (which department may not see which resource type).
constexpr std::string_view kMigration4 = R"sql(
CREATE TABLE vault_record_versions (
  id TEXT NOT NULL,
  version INTEGER NOT NULL,
  pseudonym TEXT NOT NULL,
  type TEXT NOT NULL,
  updated_unix_ms INTEGER NOT NULL,
  ciphertext BLOB NOT NULL,
  PRIMARY KEY (id, version)
) STRICT;
INSERT INTO vault_record_versions
  SELECT id, version, pseudonym, type, updated_unix_ms, ciphertext FROM vault_records;
ALTER TABLE audit_log ADD COLUMN purpose TEXT NOT NULL DEFAULT '';
CREATE INDEX audit_log_by_patient ON audit_log (patient_pseudonym, seq);
CREATE TABLE consent_rules (
  consent_id TEXT NOT NULL,
  pseudonym TEXT NOT NULL,
  department TEXT NOT NULL,
  resource_type TEXT NOT NULL,
  PRIMARY KEY (consent_id, department, resource_type)
) STRICT;
CREATE INDEX consent_rules_by_patient ON consent_rules (pseudonym);
)sql";

// Key check values (finding 3): a keyed MAC of a fixed string under each
// key file, so opening a data directory with a missing or different key is
// refused instead of silently making records unreadable.
constexpr std::string_view kMigration5 = R"sql(
CREATE TABLE key_checks (
  name TEXT PRIMARY KEY,
  check_value TEXT NOT NULL
) STRICT;
)sql";

// The audit head gets a MAC under the chain key (finding 11), and login
// failures are kept under a keyed hash of the attempted login, never the
// login as typed (a password typed into the login field was stored): the
// old rows are dropped (they only throttled the last hour).
constexpr std::string_view kMigration6 = R"sql(
ALTER TABLE audit_head ADD COLUMN mac TEXT NOT NULL DEFAULT '';
DROP TABLE login_failures;
CREATE TABLE login_failures (
  login_key TEXT NOT NULL,
  unix_ms INTEGER NOT NULL
) STRICT;
CREATE INDEX login_failures_by_key ON login_failures (login_key, unix_ms);
CREATE INDEX login_failures_by_time ON login_failures (unix_ms);
)sql";

// The admin console (issue 20): each account's last successful sign-in,
// and the audit log browsed newest first by actor or action.
constexpr std::string_view kMigration7 = R"sql(
ALTER TABLE users ADD COLUMN last_login_unix_ms INTEGER NOT NULL DEFAULT 0;
CREATE INDEX audit_log_by_actor ON audit_log (actor_user_id, seq);
CREATE INDEX audit_log_by_action ON audit_log (action, seq);
)sql";

// Departments and availability in the admin console (issue 20): each
// department keeps its clinicians' weekly hours in its own time zone (IANA
// name; the rules' minutes are local wall-clock time), and clinicians have
// days off (a local calendar day on which none of their rules makes slots).
constexpr std::string_view kMigration8 = R"sql(
ALTER TABLE departments ADD COLUMN time_zone TEXT NOT NULL DEFAULT 'UTC';
CREATE TABLE clinician_days_off (
  clinician_user_id INTEGER NOT NULL REFERENCES users (id),
  day TEXT NOT NULL CHECK (length(day) = 10),
  reason TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (clinician_user_id, day)
) STRICT;
)sql";

// Operations in the admin console (issue 20), three parts:
// - deployment settings changed at run time (crisis help, STUN/TURN): each
//   row overrides its configured default until removed;
// - trial jobs written down while queued or running, so that after a
//   restart the research lab says which ones the restart ended;
// - accounts that must choose a new password at their next sign-in (a
//   one-time password), and invitations (one-time, expiring links, kept as
//   a hash of the token) with which an invited person sets their password.
constexpr std::string_view kMigration9 = R"sql(
CREATE TABLE deployment_settings (
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  updated_by_user_id INTEGER NOT NULL,
  updated_unix_ms INTEGER NOT NULL
) STRICT;
CREATE TABLE trial_jobs (
  id INTEGER PRIMARY KEY,
  owner_user_id INTEGER NOT NULL,
  state TEXT NOT NULL,
  reason TEXT NOT NULL DEFAULT '',
  created_unix_ms INTEGER NOT NULL,
  finished_unix_ms INTEGER NOT NULL DEFAULT 0,
  patient_days_total INTEGER NOT NULL DEFAULT 0,
  design TEXT NOT NULL DEFAULT ''
) STRICT;
ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
CREATE TABLE user_invitations (
  token_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users (id),
  created_by_user_id INTEGER NOT NULL,
  created_unix_ms INTEGER NOT NULL,
  expires_unix_ms INTEGER NOT NULL,
  used_unix_ms INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX user_invitations_by_user ON user_invitations (user_id);
)sql";

// The skills lab's record of training (issue 18): training data, not
// patient data, so outside the vault; one row per scored attempt with its
// recorded instrument events (for replay), and an educator's OSATS rating.
constexpr std::string_view kMigration10 = R"sql(
CREATE TABLE skill_attempts (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users (id),
  task TEXT NOT NULL,
  finished_unix_ms INTEGER NOT NULL,
  time_ms INTEGER NOT NULL CHECK (time_ms >= 0),
  drops INTEGER NOT NULL CHECK (drops >= 0),
  rings_placed INTEGER NOT NULL CHECK (rings_placed >= 0),
  path_mm INTEGER NOT NULL CHECK (path_mm >= 0),
  idle_ms INTEGER NOT NULL CHECK (idle_ms >= 0),
  score_ms INTEGER NOT NULL CHECK (score_ms >= 0),
  completed INTEGER NOT NULL CHECK (completed IN (0, 1)),
  proficient INTEGER NOT NULL CHECK (proficient IN (0, 1)),
  events TEXT NOT NULL DEFAULT '[]'
) STRICT;
CREATE INDEX skill_attempts_by_learner ON skill_attempts (user_id, task, id);
CREATE TABLE skill_ratings (
  attempt_id INTEGER PRIMARY KEY REFERENCES skill_attempts (id),
  rater_user_id INTEGER NOT NULL REFERENCES users (id),
  items TEXT NOT NULL,
  total INTEGER NOT NULL,
  comment TEXT NOT NULL DEFAULT '',
  rated_unix_ms INTEGER NOT NULL
) STRICT;
)sql";

// Case reviews (issue 19): clinicians meeting around a patient's images.
// The row is the plaintext index the care policy reads (who is invited,
// until when); what is said about the patient is the vault record.
constexpr std::string_view kMigration11 = R"sql(
CREATE TABLE case_reviews (
  id TEXT PRIMARY KEY,
  patient_pseudonym TEXT NOT NULL,
  record_id TEXT NOT NULL,
  created_by_user_id INTEGER NOT NULL REFERENCES users (id),
  starts_unix_ms INTEGER NOT NULL,
  ends_unix_ms INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('scheduled', 'closed')),
  created_unix_ms INTEGER NOT NULL,
  CHECK (starts_unix_ms < ends_unix_ms)
) STRICT;
CREATE TABLE case_review_members (
  review_id TEXT NOT NULL REFERENCES case_reviews (id),
  user_id INTEGER NOT NULL REFERENCES users (id),
  PRIMARY KEY (review_id, user_id)
) STRICT;
CREATE INDEX case_review_members_by_user ON case_review_members (user_id);
)sql";

}  // namespace

const std::vector<std::string_view>& Migrations() {
  static const std::vector<std::string_view> migrations = {kMigration1,
                                                                kMigration2,
                                                                kMigration3,
                                                                kMigration4,
                                                                kMigration5,
                                                                kMigration6,
                                                                kMigration7,
                                                                kMigration8,
                                                                kMigration9,
                                                                kMigration10,
                                                                kMigration11};
  return migrations;
}

}  // namespace mc::sqlite
