// Store: the one persistence interface of MetaClinic.
//
// The interface speaks in rows of the domain (users, sessions, audit records,
// vault records), not SQL, so that a PostgreSQL backend can implement it
// without the callers changing. SqliteStore (sqlite_store.h) is the embedded
// default.
//
// Ownership and threading: a Store is created once by the application and
// shared by reference. Every method is thread-safe and may block on disk I/O,
// so it must never be called from a realtime (world tick) thread.
//
// PHI: vault rows hold only ciphertext plus the plaintext index columns that
// queries need; only the records module may call the vault and audit methods.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"

namespace mc {

struct UserRow {
  int64_t id = 0;
  std::string login;  // stored lower-case; unique
  std::string display_name;
  std::string role;  // one of core/roles.h
  std::string password_hash;  // libsodium crypto_pwhash_str output
  bool disabled = false;
  std::string patient_pseudonym;  // empty unless role is patient
  int64_t created_unix_ms = 0;
};

struct SessionRow {
  std::string token_hash;  // hex BLAKE2b-256 of the bearer token
  int64_t user_id = 0;     // 0 for a guest session from a visit link
  std::string guest_purpose;  // set only for guest sessions
  int64_t created_unix_ms = 0;
  int64_t last_seen_unix_ms = 0;
};

struct VisitLinkRow {
  std::string token_hash;
  std::string purpose;  // e.g. "appointment:42"
  int64_t created_by_user_id = 0;
  int64_t created_unix_ms = 0;
  int64_t expires_unix_ms = 0;
  int64_t used_unix_ms = 0;  // 0 while unused
};

struct DepartmentRow {
  std::string slug;  // e.g. "cardiology"
  std::string name;
};

// A weekly rule: `clinician_user_id` sees patients of `department` on ISO
// `weekday` (1 = Monday .. 7 = Sunday) from `start_minute` to `end_minute`
// (minutes after 00:00 UTC), in slots of `slot_minutes`.
struct AvailabilityRow {
  int64_t clinician_user_id = 0;
  std::string department;
  int weekday = 1;
  int start_minute = 0;
  int end_minute = 0;
  int slot_minutes = 30;
};

// The plaintext index of one appointment; its details are the vault record
// `record_id` (type "Appointment") of `patient_pseudonym`.
struct AppointmentRow {
  int64_t id = 0;
  std::string slot;  // the slot id it was booked from
  std::string department;
  int64_t clinician_user_id = 0;
  int64_t start_unix_ms = 0;
  int64_t end_unix_ms = 0;
  std::string status;  // "booked", "cancelled", "fulfilled" or "noshow"
  std::string patient_pseudonym;
  std::string record_id;  // "" only while the booking is being written
  int64_t booked_by_user_id = 0;
  int64_t created_unix_ms = 0;
  int64_t updated_unix_ms = 0;
};

// Which appointments ListAppointments returns; empty / zero fields do not
// filter. Rows come in start order, at most `limit`.
struct AppointmentFilter {
  std::string patient_pseudonym;
  int64_t clinician_user_id = 0;
  std::string department;
  bool booked_only = false;
  int64_t start_from_unix_ms = 0;   // start >= this
  int64_t start_before_unix_ms = 0;  // start < this (0: no bound)
  int64_t limit = 1000;
};

// A patient's envelope-encryption subject: a data key wrapped by the KEK.
struct VaultSubjectRow {
  std::string pseudonym;     // random hex; the only patient id in PHI tables
  std::string wrapped_key;   // nonce || ciphertext, empty once erased
  std::string kek_id;        // which key-encryption key wrapped it
  int64_t created_unix_ms = 0;
  int64_t erased_unix_ms = 0;  // 0 unless crypto-shredded (tombstone)
};

struct VaultRecordRow {
  std::string id;  // random hex
  std::string pseudonym;
  std::string type;  // e.g. "Condition"
  int64_t version = 1;
  int64_t created_unix_ms = 0;
  int64_t updated_unix_ms = 0;
  std::string ciphertext;  // nonce || XChaCha20-Poly1305(JSON)
};

// One audit record. seq and prev_hash are assigned by the store inside the
// append transaction; hash is computed by the sealer the caller hands in.
struct AuditRow {
  int64_t seq = 0;
  int64_t time_unix_ms = 0;
  int64_t actor_user_id = 0;
  std::string actor_role;
  std::string action;    // e.g. "login", "record.read"
  std::string resource;  // e.g. "VaultRecord/ab12..."
  std::string patient_pseudonym;
  std::string outcome;   // "success", "denied", "failure"
  std::string request_id;
  std::string prev_hash;
  std::string hash;
  // Why access was allowed or asked for: "own record", "care relationship:
  // cardiology", "break-glass: <reason>"; "" for most records. Covered by
  // the chain hash when not empty.
  std::string purpose;
};

// One rule of a patient's consent: `department` may not see resources of
// `resource_type` of the patient ("*" = every type).
struct ConsentRuleRow {
  std::string consent_id;  // the Consent resource (vault record id)
  std::string pseudonym;
  std::string department;
  std::string resource_type;
};

// Computes the chain hash of a row whose seq and prev_hash are set.
using AuditSealer = std::function<std::string(const AuditRow&)>;

class Store {
 public:
  virtual ~Store() = default;

  // ---- health ----
  // Ok when the store is open and all migrations are applied.
  virtual Status CheckReady() = 0;
  // True when no user exists yet (used to decide whether to seed the demo).
  virtual StatusOr<bool> IsEmpty() = 0;
  // True when any user, vault subject or audit record exists: a data
  // directory whose keys must not be created afresh.
  virtual StatusOr<bool> HoldsData() = 0;

  // ---- key check values ----
  // The check value stored for key `name` ("kek", "audit-chain"); NotFound
  // ("key_check_missing") when none was stored yet.
  virtual StatusOr<std::string> FindKeyCheck(const std::string& name) = 0;
  // Inserts or replaces the check value of key `name`.
  virtual Status PutKeyCheck(const std::string& name,
                             const std::string& check_value) = 0;

  // ---- users ----
  // Inserts `user` (id ignored) and returns its id. AlreadyExists
  // ("login_taken") when the login is in use.
  virtual StatusOr<int64_t> CreateUser(const UserRow& user) = 0;
  // NotFound ("user_not_found") when absent.
  virtual StatusOr<UserRow> FindUserByLogin(const std::string& login) = 0;
  virtual StatusOr<UserRow> FindUserById(int64_t id) = 0;
  // The patient account whose record is `pseudonym`; NotFound
  // ("user_not_found") for a record without an account.
  virtual StatusOr<UserRow> FindUserByPseudonym(const std::string& pseudonym) = 0;
  virtual StatusOr<std::vector<UserRow>> ListUsers() = 0;
  // Replaces role, display name, disabled flag and password hash of user.id.
  virtual Status UpdateUser(const UserRow& user) = 0;

  // ---- login throttling ----
  virtual Status RecordLoginFailure(const std::string& login,
                                    int64_t unix_ms) = 0;
  // Failures for `login` at or after `since_unix_ms`.
  virtual StatusOr<int64_t> CountLoginFailures(const std::string& login,
                                               int64_t since_unix_ms) = 0;

  // ---- sessions ----
  virtual Status CreateSession(const SessionRow& session) = 0;
  virtual StatusOr<SessionRow> FindSession(const std::string& token_hash) = 0;
  virtual Status TouchSession(const std::string& token_hash,
                              int64_t unix_ms) = 0;
  virtual Status DeleteSession(const std::string& token_hash) = 0;
  virtual Status DeleteSessionsOfUser(int64_t user_id) = 0;

  // ---- visit links ----
  virtual Status CreateVisitLink(const VisitLinkRow& link) = 0;
  // Atomically marks the link used and returns it. NotFound when unknown,
  // FailedPrecondition ("visit_link_used" / "visit_link_expired") otherwise.
  virtual StatusOr<VisitLinkRow> ConsumeVisitLink(const std::string& token_hash,
                                                  int64_t now_unix_ms) = 0;

  // ---- departments ----
  virtual Status UpsertDepartment(const DepartmentRow& department) = 0;
  virtual StatusOr<std::vector<DepartmentRow>> ListDepartments() = 0;

  // ---- scheduling (care module only) ----
  // Adds a weekly availability rule. InvalidArgument ("invalid_availability")
  // when it breaks the row's ranges or names an unknown user or department;
  // AlreadyExists ("availability_exists") for a duplicate start.
  virtual Status AddAvailability(const AvailabilityRow& rule) = 0;
  // Rules of `department` ("" = all), by department, clinician, weekday.
  virtual StatusOr<std::vector<AvailabilityRow>> ListAvailability(
      const std::string& department) = 0;
  // Inserts a booked appointment (id ignored) and returns its id.
  // AlreadyExists ("slot_taken") when the clinician already has a booked
  // appointment starting then; the check and the insert are one statement,
  // so concurrent callers cannot both succeed.
  virtual StatusOr<int64_t> CreateAppointment(const AppointmentRow& row) = 0;
  // Links the vault record holding the appointment's details.
  virtual Status SetAppointmentRecord(int64_t id, const std::string& record_id,
                                      int64_t unix_ms) = 0;
  // Removes an appointment whose vault record could not be written.
  virtual Status DeleteAppointment(int64_t id) = 0;
  // NotFound ("appointment_not_found").
  virtual StatusOr<AppointmentRow> FindAppointment(int64_t id) = 0;
  // Moves a booked appointment to `status`: "cancelled" (frees its slot),
  // "fulfilled" (the visit took place) or "noshow". NotFound
  // ("appointment_not_found"); FailedPrecondition ("appointment_not_booked")
  // when it is no longer booked (a concurrent change won); InvalidArgument
  // ("invalid_status") for any other status.
  virtual Status CloseAppointment(int64_t id, const std::string& status,
                                  int64_t unix_ms) = 0;
  virtual StatusOr<std::vector<AppointmentRow>> ListAppointments(
      const AppointmentFilter& filter) = 0;

  // ---- consent rules (the index of Consent resources) ----
  // Replaces the rules of one Consent resource (none: the consent no longer
  // restricts anything).
  virtual Status ReplaceConsentRules(const std::string& consent_id,
                                     const std::vector<ConsentRuleRow>& rules) = 0;
  virtual StatusOr<std::vector<ConsentRuleRow>> ListConsentRules(
      const std::string& pseudonym) = 0;

  // ---- vault (records module only) ----
  virtual Status CreateVaultSubject(const VaultSubjectRow& subject,
                                    const AuditRow& audit,
                                    const AuditSealer& sealer) = 0;
  virtual StatusOr<VaultSubjectRow> FindVaultSubject(
      const std::string& pseudonym) = 0;
  virtual StatusOr<std::vector<VaultSubjectRow>> ListVaultSubjects() = 0;
  // Replaces every subject's wrapped key and kek id, and the "kek" key
  // check value, in one transaction (the store never names one KEK while
  // checking another).
  virtual Status RewrapVaultSubjects(
      const std::vector<VaultSubjectRow>& subjects,
      const std::string& kek_check_value) = 0;
  // Writes the record (insert, or update when the id exists) and appends the
  // audit record in the same transaction; every version is also kept in the
  // version history. An update must carry the stored version + 1:
  // otherwise FailedPrecondition ("version_conflict"), nothing written (a
  // concurrent update won). An audit row with an empty action is not
  // appended (the vault audited the operation in an earlier step).
  virtual Status PutVaultRecord(const VaultRecordRow& record,
                                const AuditRow& audit,
                                const AuditSealer& sealer) = 0;
  virtual StatusOr<VaultRecordRow> FindVaultRecord(const std::string& id) = 0;
  // One version of a record from the history. NotFound ("version_not_found").
  virtual StatusOr<VaultRecordRow> FindVaultRecordVersion(const std::string& id,
                                                          int64_t version) = 0;
  // Records of a subject, optionally of one type ("" = all), oldest first.
  virtual StatusOr<std::vector<VaultRecordRow>> ListVaultRecords(
      const std::string& pseudonym, const std::string& type) = 0;
  // Crypto-shreds: clears the wrapped key, deletes the ciphertexts (and
  // their history) and consent rules, scrubs the patient's account (login
  // and name replaced, password cleared, disabled, sessions and login
  // failures deleted), sets the tombstone time and appends the audit record,
  // in one transaction; then checkpoints the WAL so no old page survives in
  // it (the database runs with secure_delete).
  virtual Status EraseVaultSubject(const std::string& pseudonym,
                                   int64_t unix_ms, const AuditRow& audit,
                                   const AuditSealer& sealer) = 0;

  // ---- audit (records module only; rows are never updated or deleted) ----
  // Appends one record: assigns seq and prev_hash, calls `sealer` for hash.
  // Returns the stored row.
  virtual StatusOr<AuditRow> AppendAudit(const AuditRow& audit,
                                         const AuditSealer& sealer) = 0;
  // Rows with seq > after_seq in seq order, at most `limit`.
  virtual StatusOr<std::vector<AuditRow>> ListAudit(int64_t after_seq,
                                                    int64_t limit) = 0;
  // Rows about one patient with seq > after_seq, in seq order, at most `limit`.
  virtual StatusOr<std::vector<AuditRow>> ListAuditForPatient(
      const std::string& pseudonym, int64_t after_seq, int64_t limit) = 0;
  // NotFound ("audit_not_found").
  virtual StatusOr<AuditRow> FindAudit(int64_t seq) = 0;
  // The chain head recorded with the last append: (seq, hash); (0, "") when
  // the log is empty.
  virtual StatusOr<std::pair<int64_t, std::string>> AuditHead() = 0;
};

}  // namespace mc
