// SqliteStore: the embedded default Store, one SQLite file in the data dir.
//
// Opened with WAL, synchronous=FULL, foreign keys on and a busy timeout; all
// tables are STRICT. Numbered migrations (sqlite_migrations.cpp) run at Open;
// a database whose schema is newer than this binary knows is refused.
//
// Threading: one connection guarded by a mutex; every method is thread-safe
// and blocks on disk I/O. Each write is one transaction, durable on return.
//
// A write that fails for the disk (full, I/O error) is Unavailable
// ("storage_write_failed"); the first such failure is logged once, and
// CheckReady reports not ready until a write succeeds again at least
// Options::recover_after_ms after the last failure.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <string>

#include "store/store.h"

struct sqlite3;

namespace mc {

class SqliteStore final : public Store {
 public:
  struct Options {
    // The most the database file may grow to (0: no limit): a quota that
    // keeps a full store from filling the disk other services share.
    int64_t max_size_bytes = 0;
    // After a failed write, how long writes must keep working before the
    // store is ready again (a full disk still takes small writes, which
    // must not make readiness flap).
    int64_t recover_after_ms = 5000;
  };

  // Opens (creating when absent) the database at `path` and migrates it.
  // FailedPrecondition ("schema_too_new") when the file's schema version is
  // newer than this binary's; Unavailable when it cannot be opened.
  static StatusOr<std::unique_ptr<SqliteStore>> Open(const std::string& path,
                                                     Options options);
  static StatusOr<std::unique_ptr<SqliteStore>> Open(const std::string& path) {
    return Open(path, Options{});
  }
  ~SqliteStore() override;

  // The newest schema version this binary applies.
  static int LatestSchemaVersion();

  Status CheckReady() override;
  StatusOr<int64_t> SizeBytes() override;
  Activity WriteActivity() const override;
  StatusOr<bool> IsEmpty() override;
  StatusOr<bool> HoldsData() override;
  StatusOr<std::string> FindKeyCheck(const std::string& name) override;
  Status PutKeyCheck(const std::string& name,
                     const std::string& check_value) override;

  StatusOr<int64_t> CreateUser(const UserRow& user) override;
  StatusOr<UserRow> FindUserByLogin(const std::string& login) override;
  StatusOr<UserRow> FindUserById(int64_t id) override;
  StatusOr<UserRow> FindUserByPseudonym(const std::string& pseudonym) override;
  StatusOr<std::vector<UserRow>> ListUsers() override;
  Status UpdateUser(const UserRow& user) override;
  Status RecordUserLogin(int64_t user_id, int64_t unix_ms) override;

  Status RecordLoginFailure(const std::string& login_key, int64_t unix_ms,
                            int64_t prune_before_unix_ms) override;
  StatusOr<int64_t> CountLoginFailures(const std::string& login_key,
                                       int64_t since_unix_ms) override;

  Status CreateSession(const SessionRow& session) override;
  StatusOr<SessionRow> FindSession(const std::string& token_hash) override;
  Status TouchSession(const std::string& token_hash, int64_t unix_ms) override;
  Status DeleteSession(const std::string& token_hash) override;
  Status DeleteSessionsOfUser(int64_t user_id) override;

  Status CreateVisitLink(const VisitLinkRow& link) override;
  StatusOr<VisitLinkRow> ConsumeVisitLink(const std::string& token_hash,
                                          int64_t now_unix_ms) override;

  Status UpsertDepartment(const DepartmentRow& department) override;
  StatusOr<std::vector<DepartmentRow>> ListDepartments() override;

  Status AddAvailability(const AvailabilityRow& rule) override;
  Status RemoveAvailability(const AvailabilityRow& rule) override;
  Status AddDayOff(const DayOffRow& day_off) override;
  Status RemoveDayOff(int64_t clinician_user_id, const std::string& day) override;
  StatusOr<std::vector<DayOffRow>> ListDaysOff(const std::string& from_day) override;
  StatusOr<std::vector<AvailabilityRow>> ListAvailability(
      const std::string& department) override;
  StatusOr<int64_t> CreateAppointment(const AppointmentRow& row) override;
  Status SetAppointmentRecord(int64_t id, const std::string& record_id,
                              int64_t unix_ms) override;
  Status DeleteAppointment(int64_t id) override;
  StatusOr<AppointmentRow> FindAppointment(int64_t id) override;
  Status CloseAppointment(int64_t id, const std::string& status,
                          int64_t unix_ms) override;
  StatusOr<std::vector<AppointmentRow>> ListAppointments(
      const AppointmentFilter& filter) override;
  Status CreateCaseReview(const CaseReviewRow& row) override;
  StatusOr<CaseReviewRow> FindCaseReview(const std::string& id) override;
  StatusOr<std::vector<CaseReviewRow>> ListCaseReviews(int64_t user_id) override;
  Status CloseCaseReview(const std::string& id) override;

  Status CreateVaultSubject(const VaultSubjectRow& subject,
                            const AuditRow& audit,
                            const AuditSealer& sealer) override;
  StatusOr<VaultSubjectRow> FindVaultSubject(
      const std::string& pseudonym) override;
  StatusOr<std::vector<VaultSubjectRow>> ListVaultSubjects() override;
  Status RewrapVaultSubjects(const std::vector<VaultSubjectRow>& subjects,
                             const std::string& kek_check_value) override;
  Status PutVaultRecord(const VaultRecordRow& record, const AuditRow& audit,
                        const AuditSealer& sealer) override;
  StatusOr<VaultRecordRow> FindVaultRecord(const std::string& id) override;
  StatusOr<VaultRecordRow> FindVaultRecordVersion(const std::string& id,
                                                  int64_t version) override;
  Status ReplaceConsentRules(const std::string& consent_id,
                             const std::vector<ConsentRuleRow>& rules) override;
  StatusOr<std::vector<ConsentRuleRow>> ListConsentRules(
      const std::string& pseudonym) override;
  StatusOr<std::vector<AuditRow>> ListAuditForPatient(const std::string& pseudonym,
                                                      int64_t after_seq,
                                                      int64_t limit) override;
  StatusOr<std::vector<AuditRow>> SearchAudit(const AuditFilter& filter) override;
  StatusOr<AuditRow> FindAudit(int64_t seq) override;
  StatusOr<std::vector<VaultRecordRow>> ListVaultRecords(
      const std::string& pseudonym, const std::string& type) override;
  Status EraseVaultSubject(const std::string& pseudonym, int64_t unix_ms,
                           const AuditRow& audit,
                           const AuditSealer& sealer) override;

  StatusOr<AuditRow> AppendAudit(const AuditRow& audit,
                                 const AuditSealer& sealer) override;
  StatusOr<std::vector<AuditRow>> ListAudit(int64_t after_seq,
                                            int64_t limit) override;
  StatusOr<AuditHeadRow> AuditHead() override;

  Status CreateInvitation(const InvitationRow& row) override;
  StatusOr<InvitationRow> FindInvitation(const std::string& token_hash) override;
  Status AcceptInvitation(const std::string& token_hash, const std::string& password_hash,
                          int64_t unix_ms) override;

  StatusOr<std::vector<SettingRow>> ListSettings() override;
  Status PutSetting(const SettingRow& row) override;
  Status DeleteSetting(const std::string& name) override;
  Status PutTrialJob(const TrialJobRow& row) override;
  StatusOr<std::vector<TrialJobRow>> ListTrialJobs() override;
  Status DeleteTrialJobs(const std::vector<int64_t>& ids) override;

  StatusOr<int64_t> AddSkillAttempt(const SkillAttemptRow& attempt) override;
  StatusOr<std::vector<SkillAttemptRow>> ListSkillAttempts(
      int64_t user_id, const std::string& task, int64_t limit) override;
  StatusOr<SkillAttemptRow> FindSkillAttempt(int64_t id) override;
  Status PutSkillRating(const SkillRatingRow& rating) override;
  StatusOr<std::vector<SkillLearnerRow>> ListSkillLearners(
      const std::string& task) override;

 private:
  SqliteStore(sqlite3* db, Options options) : db_(db), options_(options) {}
  Status Migrate();
  // Runs `body` inside BEGIN IMMEDIATE ... COMMIT (rolled back on error).
  // REQUIRES: mutex_ held.
  Status InTransaction(const std::function<Status()>& body);
  // `status` of a write, after noting whether writes work: a disk failure
  // marks the store failing (logged once), success clears it.
  Status Written(Status status);
  // Appends within an open transaction. REQUIRES: mutex_ held.
  StatusOr<AuditRow> AppendAuditLocked(const AuditRow& audit,
                                       const AuditSealer& sealer);

  // REQUIRES: mutex_ held.
  Status PutKeyCheckLocked(const std::string& name,
                           const std::string& check_value);

  std::mutex mutex_;
  sqlite3* db_;
  std::atomic<uint64_t> audit_appends_{0};
  std::atomic<uint64_t> vault_writes_{0};
  Options options_;
  // Whether writes fail, and when the last one did (steady clock, ms);
  // guarded by health_mutex_ (Written runs with or without mutex_ held).
  std::mutex health_mutex_;
  bool writes_failing_ = false;
  int64_t last_failure_ms_ = 0;
  // Migration 6 (head MACs) ran in this process: the legacy head, without a
  // MAC, is accepted until the next append seals it.
  bool head_upgraded_ = false;
};

}  // namespace mc
