#include "store/sqlite_store.h"

#include <sqlite3.h>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>

#include "core/crypto.h"
#include "store/sqlite_migrations.h"
#include "store/sqlite_statement.h"

namespace mc {

using sqlite::AllRows;
using sqlite::SingleRow;
using sqlite::Statement;

namespace {

constexpr std::string_view kUserColumns =
    "id, login, display_name, role, password_hash, disabled, "
    "patient_pseudonym, created_unix_ms, last_login_unix_ms, must_change_password";

UserRow ReadUser(Statement& statement) {
  UserRow user;
  user.id = statement.Int(0);
  user.login = statement.Text(1);
  user.display_name = statement.Text(2);
  user.role = statement.Text(3);
  user.password_hash = statement.Text(4);
  user.disabled = statement.Int(5) != 0;
  user.patient_pseudonym = statement.Text(6);
  user.created_unix_ms = statement.Int(7);
  user.last_login_unix_ms = statement.Int(8);
  user.must_change_password = statement.Int(9) != 0;
  return user;
}

constexpr std::string_view kSubjectColumns =
    "pseudonym, wrapped_key, kek_id, created_unix_ms, erased_unix_ms";

VaultSubjectRow ReadSubject(Statement& statement) {
  return VaultSubjectRow{statement.Text(0), statement.Text(1),
                         statement.Text(2), statement.Int(3),
                         statement.Int(4)};
}

constexpr std::string_view kRecordColumns =
    "id, pseudonym, type, version, created_unix_ms, updated_unix_ms, "
    "ciphertext";

VaultRecordRow ReadRecord(Statement& statement) {
  return VaultRecordRow{statement.Text(0), statement.Text(1),
                        statement.Text(2), statement.Int(3),
                        statement.Int(4),  statement.Int(5),
                        statement.Text(6)};
}

constexpr std::string_view kAuditColumns =
    "seq, time_unix_ms, actor_user_id, actor_role, action, resource, "
    "patient_pseudonym, outcome, request_id, prev_hash, hash, purpose";

AuditRow ReadAudit(Statement& statement) {
  AuditRow row;
  row.seq = statement.Int(0);
  row.time_unix_ms = statement.Int(1);
  row.actor_user_id = statement.Int(2);
  row.actor_role = statement.Text(3);
  row.action = statement.Text(4);
  row.resource = statement.Text(5);
  row.patient_pseudonym = statement.Text(6);
  row.outcome = statement.Text(7);
  row.request_id = statement.Text(8);
  row.prev_hash = statement.Text(9);
  row.hash = statement.Text(10);
  row.purpose = statement.Text(11);
  return row;
}

}  // namespace

int SqliteStore::LatestSchemaVersion() {
  return static_cast<int>(sqlite::Migrations().size());
}

StatusOr<std::unique_ptr<SqliteStore>> SqliteStore::Open(
    const std::string& path, Options options) {
  sqlite3* db = nullptr;
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
                    SQLITE_OPEN_NOMUTEX;
  if (sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK) {
    Status status = Unavailable(
        "store_unavailable",
        fmt::format("cannot open database {}: {}", path,
                    db ? sqlite3_errmsg(db) : "out of memory"));
    sqlite3_close(db);
    return status;
  }
  std::unique_ptr<SqliteStore> store(new SqliteStore(db, options));
  sqlite3_busy_timeout(db, 5000);
  MC_RETURN_IF_ERROR(sqlite::Exec(db,
                                  "PRAGMA journal_mode=WAL;"
                                  "PRAGMA synchronous=FULL;"
                                  "PRAGMA foreign_keys=ON;"
                                  "PRAGMA secure_delete=ON;"));
  MC_RETURN_IF_ERROR(store->Migrate());
  if (options.max_size_bytes > 0) {
    Statement page_size(db, "PRAGMA page_size");
    MC_ASSIGN_OR_RETURN(bool has_row, page_size.Step());
    const int64_t bytes_per_page = has_row && page_size.Int(0) > 0 ? page_size.Int(0) : 4096;
    MC_RETURN_IF_ERROR(sqlite::Exec(
        db, fmt::format("PRAGMA max_page_count={}",
                        std::max<int64_t>(1, options.max_size_bytes / bytes_per_page))));
  }
  return store;
}

SqliteStore::~SqliteStore() { sqlite3_close(db_); }

Status SqliteStore::Migrate() {
  std::lock_guard lock(mutex_);
  int64_t current = 0;
  {
    // Finalized before migrating: DROP TABLE fails while a statement is open.
    Statement version_query(db_, "PRAGMA user_version");
    MC_ASSIGN_OR_RETURN(bool has_row, version_query.Step());
    current = has_row ? version_query.Int(0) : 0;
  }
  const auto& migrations = sqlite::Migrations();
  if (current > static_cast<int64_t>(migrations.size())) {
    return FailedPrecondition(
        "schema_too_new",
        fmt::format("database schema version {} is newer than this binary "
                    "supports ({}); upgrade MetaClinic",
                    current, migrations.size()));
  }
  // Migration 6 gave the audit head a MAC; a head from before has none.
  head_upgraded_ = current > 0 && current < 6;
  for (size_t index = current; index < migrations.size(); ++index) {
    MC_RETURN_IF_ERROR(InTransaction([&]() -> Status {
      MC_RETURN_IF_ERROR(sqlite::Exec(db_, migrations[index]));
      return sqlite::Exec(db_,
                          fmt::format("PRAGMA user_version={}", index + 1));
    }));
  }
  return Status();
}

Status SqliteStore::InTransaction(const std::function<Status()>& body) {
  if (Status begun = sqlite::Exec(db_, "BEGIN IMMEDIATE"); !begun.ok()) return Written(begun);
  Status status = body();
  if (status.ok()) status = sqlite::Exec(db_, "COMMIT");
  if (!status.ok()) sqlite::Exec(db_, "ROLLBACK").IgnoreError();
  return Written(std::move(status));
}

Status SqliteStore::Written(Status status) {
  const bool disk = !status.ok() && ErrorCode(status) == "storage_write_failed";
  if (!status.ok() && !disk) return status;  // the request's fault, not the disk's
  const int64_t now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                             std::chrono::steady_clock::now().time_since_epoch())
                             .count();
  std::lock_guard lock(health_mutex_);
  if (disk) {
    if (!writes_failing_) {
      // Once per failing spell, without the statement or any data.
      spdlog::error("store: a write failed ({}); /readyz reports not ready until "
                    "writes work again",
                    MessageOf(status));
    }
    writes_failing_ = true;
    last_failure_ms_ = now_ms;
  } else if (writes_failing_ && now_ms - last_failure_ms_ >= options_.recover_after_ms) {
    writes_failing_ = false;
    spdlog::warn("store: writes work again");
  }
  return status;
}

Status SqliteStore::CheckReady() {
  std::lock_guard lock(mutex_);
  if (std::lock_guard health(health_mutex_); writes_failing_) {
    return Unavailable("store_write_failing",
                       "the store cannot write (disk full or failing)");
  }
  Statement statement(db_, "PRAGMA user_version");
  MC_ASSIGN_OR_RETURN(bool has_row, statement.Step());
  if (!has_row || statement.Int(0) != LatestSchemaVersion()) {
    return Unavailable("migrations_pending", "schema is not up to date");
  }
  return Status();
}

StatusOr<int64_t> SqliteStore::SizeBytes() {
  std::lock_guard lock(mutex_);
  Statement statement(db_,
                      "SELECT page_count * page_size FROM pragma_page_count(), "
                      "pragma_page_size()");
  MC_ASSIGN_OR_RETURN(bool has_row, statement.Step());
  return has_row ? statement.Int(0) : 0;
}

SqliteStore::Activity SqliteStore::WriteActivity() const {
  return {audit_appends_.load(std::memory_order_relaxed),
          vault_writes_.load(std::memory_order_relaxed)};
}

StatusOr<bool> SqliteStore::IsEmpty() {
  std::lock_guard lock(mutex_);
  Statement statement(db_, "SELECT COUNT(*) FROM users");
  MC_ASSIGN_OR_RETURN(bool has_row, statement.Step());
  return !has_row || statement.Int(0) == 0;
}

StatusOr<bool> SqliteStore::HoldsData() {
  std::lock_guard lock(mutex_);
  Statement statement(db_,
                      "SELECT EXISTS (SELECT 1 FROM users) OR EXISTS (SELECT 1 "
                      "FROM vault_subjects) OR EXISTS (SELECT 1 FROM audit_log)");
  MC_ASSIGN_OR_RETURN(bool has_row, statement.Step());
  return has_row && statement.Int(0) != 0;
}

// ---- key check values ----

Status SqliteStore::PutKeyCheckLocked(const std::string& name,
                                      const std::string& check_value) {
  Statement statement(db_,
                      "INSERT INTO key_checks (name, check_value) VALUES (?, ?) "
                      "ON CONFLICT (name) DO UPDATE SET "
                      "check_value = excluded.check_value");
  statement.Bind(1, name).Bind(2, check_value);
  return Written(statement.Run());
}

StatusOr<std::string> SqliteStore::FindKeyCheck(const std::string& name) {
  std::lock_guard lock(mutex_);
  Statement statement(db_, "SELECT check_value FROM key_checks WHERE name = ?");
  statement.Bind(1, name);
  return SingleRow<std::string>(
      statement, [](Statement& row) { return row.Text(0); },
      "key_check_missing", "no check value stored for this key");
}

Status SqliteStore::PutKeyCheck(const std::string& name,
                                const std::string& check_value) {
  std::lock_guard lock(mutex_);
  return PutKeyCheckLocked(name, check_value);
}

// ---- users ----

StatusOr<int64_t> SqliteStore::CreateUser(const UserRow& user) {
  std::lock_guard lock(mutex_);
  Statement statement(
      db_,
      "INSERT INTO users (login, display_name, role, password_hash, disabled, "
      "patient_pseudonym, created_unix_ms, must_change_password) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  statement.Bind(1, user.login)
      .Bind(2, user.display_name)
      .Bind(3, user.role)
      .Bind(4, user.password_hash)
      .Bind(5, int64_t{user.disabled})
      .Bind(6, user.patient_pseudonym)
      .Bind(7, user.created_unix_ms)
      .Bind(8, int64_t{user.must_change_password});
  Status status = Written(statement.Run());
  if (status.code() == StatusCode::kAlreadyExists) {
    return AlreadyExists("login_taken", "that login is already in use");
  }
  MC_RETURN_IF_ERROR(status);
  return sqlite3_last_insert_rowid(db_);
}

StatusOr<UserRow> SqliteStore::FindUserByLogin(const std::string& login) {
  std::lock_guard lock(mutex_);
  Statement statement(
      db_, fmt::format("SELECT {} FROM users WHERE login = ?", kUserColumns));
  statement.Bind(1, login);
  return SingleRow<UserRow>(statement, ReadUser, "user_not_found",
                            "no such user");
}

StatusOr<UserRow> SqliteStore::FindUserByPseudonym(const std::string& pseudonym) {
  std::lock_guard lock(mutex_);
  Statement statement(
      db_, fmt::format("SELECT {} FROM users WHERE patient_pseudonym = ? AND "
                       "patient_pseudonym <> ''",
                       kUserColumns));
  statement.Bind(1, pseudonym);
  return SingleRow<UserRow>(statement, ReadUser, "user_not_found",
                            "no such user");
}

StatusOr<UserRow> SqliteStore::FindUserById(int64_t id) {
  std::lock_guard lock(mutex_);
  Statement statement(
      db_, fmt::format("SELECT {} FROM users WHERE id = ?", kUserColumns));
  statement.Bind(1, id);
  return SingleRow<UserRow>(statement, ReadUser, "user_not_found",
                            "no such user");
}

StatusOr<std::vector<UserRow>> SqliteStore::ListUsers() {
  std::lock_guard lock(mutex_);
  Statement statement(
      db_, fmt::format("SELECT {} FROM users ORDER BY id", kUserColumns));
  return AllRows<UserRow>(statement, ReadUser);
}

Status SqliteStore::UpdateUser(const UserRow& user) {
  std::lock_guard lock(mutex_);
  Statement statement(db_,
                      "UPDATE users SET display_name = ?, role = ?, "
                      "password_hash = ?, disabled = ?, patient_pseudonym = ?, "
                      "must_change_password = ? WHERE id = ?");
  statement.Bind(1, user.display_name)
      .Bind(2, user.role)
      .Bind(3, user.password_hash)
      .Bind(4, int64_t{user.disabled})
      .Bind(5, user.patient_pseudonym)
      .Bind(6, int64_t{user.must_change_password})
      .Bind(7, user.id);
  MC_RETURN_IF_ERROR(statement.Run());
  if (sqlite3_changes(db_) == 0) {
    return NotFound("user_not_found", "no such user");
  }
  return Status();
}

Status SqliteStore::RecordUserLogin(int64_t user_id, int64_t unix_ms) {
  std::lock_guard lock(mutex_);
  Statement statement(db_, "UPDATE users SET last_login_unix_ms = ? WHERE id = ?");
  statement.Bind(1, unix_ms).Bind(2, user_id);
  MC_RETURN_IF_ERROR(statement.Run());
  if (sqlite3_changes(db_) == 0) {
    return NotFound("user_not_found", "no such user");
  }
  return Status();
}

// ---- login throttling ----

Status SqliteStore::RecordLoginFailure(const std::string& login_key, int64_t unix_ms,
                                       int64_t prune_before_unix_ms) {
  std::lock_guard lock(mutex_);
  return InTransaction([&]() -> Status {
    Statement prune(db_, "DELETE FROM login_failures WHERE unix_ms < ?");
    prune.Bind(1, prune_before_unix_ms);
    MC_RETURN_IF_ERROR(prune.Run());
    Statement insert(db_,
                     "INSERT INTO login_failures (login_key, unix_ms) VALUES (?, ?)");
    insert.Bind(1, login_key).Bind(2, unix_ms);
    return insert.Run();
  });
}

StatusOr<int64_t> SqliteStore::CountLoginFailures(const std::string& login_key,
                                                  int64_t since_unix_ms) {
  std::lock_guard lock(mutex_);
  Statement statement(
      db_,
      "SELECT COUNT(*) FROM login_failures WHERE login_key = ? AND unix_ms >= ?");
  statement.Bind(1, login_key).Bind(2, since_unix_ms);
  MC_ASSIGN_OR_RETURN(bool has_row, statement.Step());
  return has_row ? statement.Int(0) : 0;
}

// ---- sessions ----

Status SqliteStore::CreateSession(const SessionRow& session) {
  std::lock_guard lock(mutex_);
  Statement statement(db_,
                      "INSERT INTO sessions (token_hash, user_id, guest_purpose, "
                      "created_unix_ms, last_seen_unix_ms) VALUES (?, ?, ?, ?, ?)");
  statement.Bind(1, session.token_hash)
      .Bind(2, session.user_id)
      .Bind(3, session.guest_purpose)
      .Bind(4, session.created_unix_ms)
      .Bind(5, session.last_seen_unix_ms);
  return Written(statement.Run());
}

StatusOr<SessionRow> SqliteStore::FindSession(const std::string& token_hash) {
  std::lock_guard lock(mutex_);
  Statement statement(db_,
                      "SELECT token_hash, user_id, guest_purpose, "
                      "created_unix_ms, last_seen_unix_ms FROM sessions "
                      "WHERE token_hash = ?");
  statement.Bind(1, token_hash);
  return SingleRow<SessionRow>(
      statement,
      [](Statement& row) {
        return SessionRow{row.Text(0), row.Int(1), row.Text(2), row.Int(3),
                          row.Int(4)};
      },
      "session_not_found", "no such session");
}

Status SqliteStore::TouchSession(const std::string& token_hash,
                                 int64_t unix_ms) {
  std::lock_guard lock(mutex_);
  Statement statement(
      db_, "UPDATE sessions SET last_seen_unix_ms = ? WHERE token_hash = ?");
  statement.Bind(1, unix_ms).Bind(2, token_hash);
  return Written(statement.Run());
}

Status SqliteStore::DeleteSession(const std::string& token_hash) {
  std::lock_guard lock(mutex_);
  Statement statement(db_, "DELETE FROM sessions WHERE token_hash = ?");
  statement.Bind(1, token_hash);
  return Written(statement.Run());
}

Status SqliteStore::DeleteSessionsOfUser(int64_t user_id) {
  std::lock_guard lock(mutex_);
  Statement statement(db_, "DELETE FROM sessions WHERE user_id = ?");
  statement.Bind(1, user_id);
  return Written(statement.Run());
}

// ---- visit links ----

Status SqliteStore::CreateVisitLink(const VisitLinkRow& link) {
  std::lock_guard lock(mutex_);
  Statement statement(db_,
                      "INSERT INTO visit_links (token_hash, purpose, "
                      "created_by_user_id, created_unix_ms, expires_unix_ms) "
                      "VALUES (?, ?, ?, ?, ?)");
  statement.Bind(1, link.token_hash)
      .Bind(2, link.purpose)
      .Bind(3, link.created_by_user_id)
      .Bind(4, link.created_unix_ms)
      .Bind(5, link.expires_unix_ms);
  return Written(statement.Run());
}

StatusOr<VisitLinkRow> SqliteStore::ConsumeVisitLink(
    const std::string& token_hash, int64_t now_unix_ms) {
  std::lock_guard lock(mutex_);
  VisitLinkRow link;
  MC_RETURN_IF_ERROR(InTransaction([&]() -> Status {
    Statement query(db_,
                    "SELECT token_hash, purpose, created_by_user_id, "
                    "created_unix_ms, expires_unix_ms, used_unix_ms "
                    "FROM visit_links WHERE token_hash = ?");
    query.Bind(1, token_hash);
    MC_ASSIGN_OR_RETURN(bool has_row, query.Step());
    if (!has_row) {
      return NotFound("visit_link_invalid", "this visit link is not valid");
    }
    link = VisitLinkRow{query.Text(0), query.Text(1), query.Int(2),
                        query.Int(3),  query.Int(4),  query.Int(5)};
    if (link.used_unix_ms != 0) {
      return FailedPrecondition("visit_link_used",
                                "this visit link has already been used");
    }
    if (now_unix_ms >= link.expires_unix_ms) {
      return FailedPrecondition("visit_link_expired",
                                "this visit link has expired");
    }
    Statement mark(db_,
                   "UPDATE visit_links SET used_unix_ms = ? WHERE token_hash = ?");
    mark.Bind(1, now_unix_ms).Bind(2, token_hash);
    link.used_unix_ms = now_unix_ms;
    return mark.Run();
  }));
  return link;
}

// ---- departments ----

Status SqliteStore::UpsertDepartment(const DepartmentRow& department) {
  std::lock_guard lock(mutex_);
  Statement statement(db_,
                      "INSERT INTO departments (slug, name, time_zone) VALUES (?, ?, ?) "
                      "ON CONFLICT (slug) DO UPDATE SET name = excluded.name, "
                      "time_zone = excluded.time_zone");
  statement.Bind(1, department.slug).Bind(2, department.name).Bind(3, department.time_zone);
  return Written(statement.Run());
}

StatusOr<std::vector<DepartmentRow>> SqliteStore::ListDepartments() {
  std::lock_guard lock(mutex_);
  Statement statement(db_, "SELECT slug, name, time_zone FROM departments ORDER BY slug");
  return AllRows<DepartmentRow>(statement, [](Statement& row) {
    return DepartmentRow{row.Text(0), row.Text(1), row.Text(2)};
  });
}

// ---- vault ----

Status SqliteStore::CreateVaultSubject(const VaultSubjectRow& subject,
                                       const AuditRow& audit,
                                       const AuditSealer& sealer) {
  std::lock_guard lock(mutex_);
  return InTransaction([&]() -> Status {
    Statement statement(db_,
                        "INSERT INTO vault_subjects (pseudonym, wrapped_key, "
                        "kek_id, created_unix_ms) VALUES (?, ?, ?, ?)");
    statement.Bind(1, subject.pseudonym)
        .BindBlob(2, subject.wrapped_key)
        .Bind(3, subject.kek_id)
        .Bind(4, subject.created_unix_ms);
    MC_RETURN_IF_ERROR(statement.Run());
    return AppendAuditLocked(audit, sealer).status();
  });
}

StatusOr<VaultSubjectRow> SqliteStore::FindVaultSubject(
    const std::string& pseudonym) {
  std::lock_guard lock(mutex_);
  Statement statement(
      db_, fmt::format("SELECT {} FROM vault_subjects WHERE pseudonym = ?",
                       kSubjectColumns));
  statement.Bind(1, pseudonym);
  return SingleRow<VaultSubjectRow>(statement, ReadSubject, "subject_not_found",
                                    "no such patient");
}

StatusOr<std::vector<VaultSubjectRow>> SqliteStore::ListVaultSubjects() {
  std::lock_guard lock(mutex_);
  Statement statement(
      db_, fmt::format("SELECT {} FROM vault_subjects ORDER BY pseudonym",
                       kSubjectColumns));
  return AllRows<VaultSubjectRow>(statement, ReadSubject);
}

Status SqliteStore::RewrapVaultSubjects(
    const std::vector<VaultSubjectRow>& subjects,
    const std::string& kek_check_value) {
  std::lock_guard lock(mutex_);
  return InTransaction([&]() -> Status {
    for (const VaultSubjectRow& subject : subjects) {
      Statement statement(db_,
                          "UPDATE vault_subjects SET wrapped_key = ?, kek_id = ? "
                          "WHERE pseudonym = ?");
      statement.BindBlob(1, subject.wrapped_key)
          .Bind(2, subject.kek_id)
          .Bind(3, subject.pseudonym);
      MC_RETURN_IF_ERROR(statement.Run());
    }
    return PutKeyCheckLocked("kek", kek_check_value);
  });
}

Status SqliteStore::PutVaultRecord(const VaultRecordRow& record,
                                   const AuditRow& audit,
                                   const AuditSealer& sealer) {
  std::lock_guard lock(mutex_);
  return InTransaction([&]() -> Status {
    // An update applies only on top of the version it was made from.
    Statement statement(
        db_,
        "INSERT INTO vault_records (id, pseudonym, type, version, "
        "created_unix_ms, updated_unix_ms, ciphertext) VALUES (?, ?, ?, ?, ?, "
        "?, ?) ON CONFLICT (id) DO UPDATE SET version = excluded.version, "
        "updated_unix_ms = excluded.updated_unix_ms, "
        "ciphertext = excluded.ciphertext "
        "WHERE vault_records.version = excluded.version - 1");
    statement.Bind(1, record.id)
        .Bind(2, record.pseudonym)
        .Bind(3, record.type)
        .Bind(4, record.version)
        .Bind(5, record.created_unix_ms)
        .Bind(6, record.updated_unix_ms)
        .BindBlob(7, record.ciphertext);
    MC_RETURN_IF_ERROR(statement.Run());
    if (sqlite3_changes(db_) == 0) {
      return FailedPrecondition("version_conflict",
                                "the record was changed by someone else; read it again");
    }
    Statement history(db_,
                      "INSERT INTO vault_record_versions (id, version, pseudonym, "
                      "type, updated_unix_ms, ciphertext) VALUES (?, ?, ?, ?, ?, ?)");
    history.Bind(1, record.id)
        .Bind(2, record.version)
        .Bind(3, record.pseudonym)
        .Bind(4, record.type)
        .Bind(5, record.updated_unix_ms)
        .BindBlob(6, record.ciphertext);
    MC_RETURN_IF_ERROR(history.Run());
    if (audit.action.empty()) return Status();  // audited by the caller's step
    vault_writes_.fetch_add(1, std::memory_order_relaxed);
    return AppendAuditLocked(audit, sealer).status();
  });
}

StatusOr<VaultRecordRow> SqliteStore::FindVaultRecordVersion(const std::string& id,
                                                             int64_t version) {
  std::lock_guard lock(mutex_);
  Statement statement(
      db_,
      "SELECT v.id, v.pseudonym, v.type, v.version, r.created_unix_ms, "
      "v.updated_unix_ms, v.ciphertext FROM vault_record_versions v JOIN "
      "vault_records r ON r.id = v.id WHERE v.id = ? AND v.version = ?");
  statement.Bind(1, id).Bind(2, version);
  return SingleRow<VaultRecordRow>(statement, ReadRecord, "version_not_found",
                                   "no such version of the record");
}

StatusOr<VaultRecordRow> SqliteStore::FindVaultRecord(const std::string& id) {
  std::lock_guard lock(mutex_);
  Statement statement(
      db_,
      fmt::format("SELECT {} FROM vault_records WHERE id = ?", kRecordColumns));
  statement.Bind(1, id);
  return SingleRow<VaultRecordRow>(statement, ReadRecord, "record_not_found",
                                   "no such record");
}

StatusOr<std::vector<VaultRecordRow>> SqliteStore::ListVaultRecords(
    const std::string& pseudonym, const std::string& type) {
  std::lock_guard lock(mutex_);
  Statement statement(
      db_, fmt::format("SELECT {} FROM vault_records WHERE pseudonym = ? AND "
                       "(? = '' OR type = ?) ORDER BY created_unix_ms, id",
                       kRecordColumns));
  statement.Bind(1, pseudonym).Bind(2, type).Bind(3, type);
  return AllRows<VaultRecordRow>(statement, ReadRecord);
}

Status SqliteStore::EraseVaultSubject(const std::string& pseudonym,
                                      int64_t unix_ms, const AuditRow& audit,
                                      const AuditSealer& sealer) {
  std::lock_guard lock(mutex_);
  Status erased = InTransaction([&]() -> Status {
    for (const char* sql : {"DELETE FROM vault_records WHERE pseudonym = ?",
                            "DELETE FROM vault_record_versions WHERE pseudonym = ?",
                            "DELETE FROM consent_rules WHERE pseudonym = ?",
                            "DELETE FROM sessions WHERE user_id IN (SELECT id FROM "
                            "users WHERE patient_pseudonym = ?)",
                            "UPDATE users SET login = 'erased-' || id, display_name = "
                            "'', password_hash = '', disabled = 1 WHERE "
                            "patient_pseudonym = ?"}) {
      Statement statement(db_, sql);
      statement.Bind(1, pseudonym);
      MC_RETURN_IF_ERROR(statement.Run());
    }
    Statement subject(db_,
                      "UPDATE vault_subjects SET wrapped_key = X'', "
                      "erased_unix_ms = ? WHERE pseudonym = ?");
    subject.Bind(1, unix_ms).Bind(2, pseudonym);
    MC_RETURN_IF_ERROR(subject.Run());
    if (sqlite3_changes(db_) == 0) {
      return NotFound("subject_not_found", "no such patient");
    }
    return AppendAuditLocked(audit, sealer).status();
  });
  MC_RETURN_IF_ERROR(erased);
  // Old page images of the erased rows may still sit in the WAL.
  return sqlite::Exec(db_, "PRAGMA wal_checkpoint(TRUNCATE)");
}

// ---- audit ----

StatusOr<AuditRow> SqliteStore::AppendAuditLocked(const AuditRow& audit,
                                                  const AuditSealer& sealer) {
  Statement head(db_, "SELECT seq, hash, mac FROM audit_head WHERE id = 1");
  MC_ASSIGN_OR_RETURN(bool has_head, head.Step());
  if (has_head) {
    const std::string mac = head.Text(2);
    const bool legacy = mac.empty() && head_upgraded_;
    if (!legacy && !SecretsEqual(mac, sealer.head_mac(head.Int(0), head.Text(1)))) {
      return Internal("audit_head_forged",
                      "the audit chain head does not match its MAC; run "
                      "`metaclinic audit verify`");
    }
  }
  AuditRow row = audit;
  row.seq = has_head ? head.Int(0) + 1 : 1;
  row.prev_hash = has_head ? head.Text(1) : std::string();
  row.hash = sealer.hash(row);
  Statement insert(db_,
                   "INSERT INTO audit_log (seq, time_unix_ms, actor_user_id, "
                   "actor_role, action, resource, patient_pseudonym, outcome, "
                   "request_id, prev_hash, hash, purpose) VALUES (?, ?, ?, ?, "
                   "?, ?, ?, ?, ?, ?, ?, ?)");
  insert.Bind(1, row.seq)
      .Bind(2, row.time_unix_ms)
      .Bind(3, row.actor_user_id)
      .Bind(4, row.actor_role)
      .Bind(5, row.action)
      .Bind(6, row.resource)
      .Bind(7, row.patient_pseudonym)
      .Bind(8, row.outcome)
      .Bind(9, row.request_id)
      .Bind(10, row.prev_hash)
      .Bind(11, row.hash)
      .Bind(12, row.purpose);
  MC_RETURN_IF_ERROR(insert.Run());
  Statement update_head(db_,
                        "INSERT INTO audit_head (id, seq, hash, mac) VALUES (1, ?, ?, ?) "
                        "ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, "
                        "hash = excluded.hash, mac = excluded.mac");
  update_head.Bind(1, row.seq).Bind(2, row.hash).Bind(3, sealer.head_mac(row.seq, row.hash));
  MC_RETURN_IF_ERROR(update_head.Run());
  head_upgraded_ = false;
  // Counted when written into its transaction (a rare rollback overcounts).
  audit_appends_.fetch_add(1, std::memory_order_relaxed);
  return row;
}

StatusOr<AuditRow> SqliteStore::AppendAudit(const AuditRow& audit,
                                            const AuditSealer& sealer) {
  std::lock_guard lock(mutex_);
  AuditRow stored;
  MC_RETURN_IF_ERROR(InTransaction([&]() -> Status {
    MC_ASSIGN_OR_RETURN(stored, AppendAuditLocked(audit, sealer));
    return Status();
  }));
  return stored;
}

StatusOr<std::vector<AuditRow>> SqliteStore::ListAudit(int64_t after_seq,
                                                       int64_t limit) {
  std::lock_guard lock(mutex_);
  Statement statement(db_, fmt::format("SELECT {} FROM audit_log WHERE seq > ? "
                                       "ORDER BY seq LIMIT ?",
                                       kAuditColumns));
  statement.Bind(1, after_seq).Bind(2, limit);
  return AllRows<AuditRow>(statement, ReadAudit);
}

StatusOr<std::vector<AuditRow>> SqliteStore::ListAuditForPatient(
    const std::string& pseudonym, int64_t after_seq, int64_t limit) {
  std::lock_guard lock(mutex_);
  Statement statement(db_, fmt::format("SELECT {} FROM audit_log WHERE "
                                       "patient_pseudonym = ? AND seq > ? "
                                       "ORDER BY seq LIMIT ?",
                                       kAuditColumns));
  statement.Bind(1, pseudonym).Bind(2, after_seq).Bind(3, limit);
  return AllRows<AuditRow>(statement, ReadAudit);
}

StatusOr<std::vector<AuditRow>> SqliteStore::SearchAudit(const AuditFilter& filter) {
  // Each condition is "(? = <any> OR column ...)", so one statement serves
  // every combination of filters and every value is bound, never spliced.
  std::lock_guard lock(mutex_);
  Statement statement(
      db_, fmt::format("SELECT {} FROM audit_log WHERE "
                       "(?1 = 0 OR actor_user_id = ?1) AND "
                       "(?2 = '' OR patient_pseudonym = ?2) AND "
                       "(?3 = '' OR action = ?3 OR "
                       " (substr(?3, -1) = '.' AND substr(action, 1, length(?3)) = ?3)) AND "
                       "(?4 = '' OR outcome = ?4) AND "
                       "(?5 = '' OR resource = ?5) AND "
                       "(?6 = 0 OR time_unix_ms >= ?6) AND "
                       "(?7 = 0 OR time_unix_ms < ?7) "
                       "ORDER BY seq DESC LIMIT ?8 OFFSET ?9",
                       kAuditColumns));
  statement.Bind(1, filter.actor_user_id)
      .Bind(2, filter.patient_pseudonym)
      .Bind(3, filter.action)
      .Bind(4, filter.outcome)
      .Bind(5, filter.resource)
      .Bind(6, filter.since_unix_ms)
      .Bind(7, filter.until_unix_ms)
      .Bind(8, filter.limit)
      .Bind(9, filter.offset);
  return AllRows<AuditRow>(statement, ReadAudit);
}

StatusOr<AuditRow> SqliteStore::FindAudit(int64_t seq) {
  std::lock_guard lock(mutex_);
  Statement statement(
      db_, fmt::format("SELECT {} FROM audit_log WHERE seq = ?", kAuditColumns));
  statement.Bind(1, seq);
  return SingleRow<AuditRow>(statement, ReadAudit, "audit_not_found",
                             "no such audit record");
}

// ---- consent rules ----

Status SqliteStore::ReplaceConsentRules(const std::string& consent_id,
                                        const std::vector<ConsentRuleRow>& rules) {
  std::lock_guard lock(mutex_);
  return InTransaction([&]() -> Status {
    Statement clear(db_, "DELETE FROM consent_rules WHERE consent_id = ?");
    clear.Bind(1, consent_id);
    MC_RETURN_IF_ERROR(clear.Run());
    for (const ConsentRuleRow& rule : rules) {
      Statement insert(db_,
                       "INSERT OR IGNORE INTO consent_rules (consent_id, "
                       "pseudonym, department, resource_type) VALUES (?, ?, ?, ?)");
      insert.Bind(1, consent_id)
          .Bind(2, rule.pseudonym)
          .Bind(3, rule.department)
          .Bind(4, rule.resource_type);
      MC_RETURN_IF_ERROR(insert.Run());
    }
    return Status();
  });
}

StatusOr<std::vector<ConsentRuleRow>> SqliteStore::ListConsentRules(
    const std::string& pseudonym) {
  std::lock_guard lock(mutex_);
  Statement statement(db_,
                      "SELECT consent_id, pseudonym, department, resource_type "
                      "FROM consent_rules WHERE pseudonym = ? ORDER BY consent_id");
  statement.Bind(1, pseudonym);
  return AllRows<ConsentRuleRow>(statement, [](Statement& row) {
    return ConsentRuleRow{row.Text(0), row.Text(1), row.Text(2), row.Text(3)};
  });
}

StatusOr<AuditHeadRow> SqliteStore::AuditHead() {
  std::lock_guard lock(mutex_);
  Statement statement(db_, "SELECT seq, hash, mac FROM audit_head WHERE id = 1");
  MC_ASSIGN_OR_RETURN(bool has_row, statement.Step());
  if (!has_row) return AuditHeadRow{};
  AuditHeadRow head{statement.Int(0), statement.Text(1), statement.Text(2)};
  head.legacy = head.mac.empty() && head_upgraded_;
  return head;
}

}  // namespace mc
