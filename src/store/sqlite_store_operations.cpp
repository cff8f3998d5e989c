// SqliteStore: the operations tables (deployment settings, trial jobs) and
// invitations (migration 9).
#include <fmt/format.h>
#include <sqlite3.h>

#include "store/sqlite_statement.h"
#include "store/sqlite_store.h"

namespace mc {

using sqlite::AllRows;
using sqlite::SingleRow;
using sqlite::Statement;

namespace {

InvitationRow ReadInvitation(Statement& row) {
  return InvitationRow{row.Text(0), row.Int(1), row.Int(2), row.Int(3), row.Int(4), row.Int(5)};
}

TrialJobRow ReadTrialJob(Statement& row) {
  return TrialJobRow{row.Int(0), row.Int(1), row.Text(2), row.Text(3),
                     row.Int(4), row.Int(5), row.Int(6), row.Text(7)};
}

}  // namespace

// ---- invitations ----

Status SqliteStore::CreateInvitation(const InvitationRow& row) {
  std::lock_guard lock(mutex_);
  return InTransaction([&]() -> Status {
    Statement retire(db_,
                     "UPDATE user_invitations SET used_unix_ms = ? "
                     "WHERE user_id = ? AND used_unix_ms = 0");
    retire.Bind(1, row.created_unix_ms).Bind(2, row.user_id);
    MC_RETURN_IF_ERROR(retire.Run());
    Statement insert(db_,
                     "INSERT INTO user_invitations (token_hash, user_id, created_by_user_id, "
                     "created_unix_ms, expires_unix_ms) VALUES (?, ?, ?, ?, ?)");
    insert.Bind(1, row.token_hash)
        .Bind(2, row.user_id)
        .Bind(3, row.created_by_user_id)
        .Bind(4, row.created_unix_ms)
        .Bind(5, row.expires_unix_ms);
    return insert.Run();
  });
}

StatusOr<InvitationRow> SqliteStore::FindInvitation(const std::string& token_hash) {
  std::lock_guard lock(mutex_);
  Statement statement(db_,
                      "SELECT token_hash, user_id, created_by_user_id, created_unix_ms, "
                      "expires_unix_ms, used_unix_ms FROM user_invitations WHERE token_hash = ?");
  statement.Bind(1, token_hash);
  return SingleRow<InvitationRow>(statement, ReadInvitation, "invitation_invalid",
                                  "this invitation link is not valid");
}

Status SqliteStore::AcceptInvitation(const std::string& token_hash,
                                     const std::string& password_hash, int64_t unix_ms) {
  std::lock_guard lock(mutex_);
  return InTransaction([&]() -> Status {
    Statement use(db_,
                  "UPDATE user_invitations SET used_unix_ms = ? "
                  "WHERE token_hash = ? AND used_unix_ms = 0");
    use.Bind(1, unix_ms).Bind(2, token_hash);
    MC_RETURN_IF_ERROR(use.Run());
    if (sqlite3_changes(db_) == 0) {
      return FailedPrecondition("invitation_used", "this invitation link was already used");
    }
    Statement password(db_,
                       "UPDATE users SET password_hash = ?, must_change_password = 0 "
                       "WHERE id = (SELECT user_id FROM user_invitations WHERE token_hash = ?)");
    password.Bind(1, password_hash).Bind(2, token_hash);
    return password.Run();
  });
}

// ---- deployment settings ----

StatusOr<std::vector<SettingRow>> SqliteStore::ListSettings() {
  std::lock_guard lock(mutex_);
  Statement statement(db_,
                      "SELECT name, value, updated_by_user_id, updated_unix_ms "
                      "FROM deployment_settings ORDER BY name");
  return AllRows<SettingRow>(statement, [](Statement& row) {
    return SettingRow{row.Text(0), row.Text(1), row.Int(2), row.Int(3)};
  });
}

Status SqliteStore::PutSetting(const SettingRow& row) {
  std::lock_guard lock(mutex_);
  Statement statement(db_,
                      "INSERT INTO deployment_settings (name, value, updated_by_user_id, "
                      "updated_unix_ms) VALUES (?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET "
                      "value = excluded.value, updated_by_user_id = excluded.updated_by_user_id, "
                      "updated_unix_ms = excluded.updated_unix_ms");
  statement.Bind(1, row.name).Bind(2, row.value).Bind(3, row.updated_by_user_id).Bind(4, row.updated_unix_ms);
  return Written(statement.Run());
}

Status SqliteStore::DeleteSetting(const std::string& name) {
  std::lock_guard lock(mutex_);
  Statement statement(db_, "DELETE FROM deployment_settings WHERE name = ?");
  statement.Bind(1, name);
  MC_RETURN_IF_ERROR(Written(statement.Run()));
  if (sqlite3_changes(db_) == 0) {
    return NotFound("setting_not_found", "this setting has no stored value");
  }
  return Status();
}

// ---- trial jobs ----

Status SqliteStore::PutTrialJob(const TrialJobRow& row) {
  std::lock_guard lock(mutex_);
  Statement statement(db_,
                      "INSERT OR REPLACE INTO trial_jobs (id, owner_user_id, state, reason, "
                      "created_unix_ms, finished_unix_ms, patient_days_total, design) "
                      "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  statement.Bind(1, row.id)
      .Bind(2, row.owner_user_id)
      .Bind(3, row.state)
      .Bind(4, row.reason)
      .Bind(5, row.created_unix_ms)
      .Bind(6, row.finished_unix_ms)
      .Bind(7, row.patient_days_total)
      .Bind(8, row.design);
  return Written(statement.Run());
}

StatusOr<std::vector<TrialJobRow>> SqliteStore::ListTrialJobs() {
  std::lock_guard lock(mutex_);
  Statement statement(db_,
                      "SELECT id, owner_user_id, state, reason, created_unix_ms, "
                      "finished_unix_ms, patient_days_total, design FROM trial_jobs "
                      "ORDER BY id DESC");
  return AllRows<TrialJobRow>(statement, ReadTrialJob);
}

Status SqliteStore::DeleteTrialJobs(const std::vector<int64_t>& ids) {
  std::lock_guard lock(mutex_);
  return InTransaction([&]() -> Status {
    for (int64_t id : ids) {
      Statement statement(db_, "DELETE FROM trial_jobs WHERE id = ?");
      statement.Bind(1, id);
      MC_RETURN_IF_ERROR(statement.Run());
    }
    return Status();
  });
}

}  // namespace mc
