// SqliteStore: the skills lab's training record (skill_attempts, migration
// 10; training_store.h).
#include <fmt/format.h>
#include <sqlite3.h>

#include "store/sqlite_statement.h"
#include "store/sqlite_store.h"

namespace mc {

using sqlite::AllRows;
using sqlite::Statement;

namespace {

constexpr std::string_view kAttemptColumns =
    "id, user_id, task, finished_unix_ms, time_ms, drops, rings_placed, "
    "path_mm, idle_ms, score_ms, completed, proficient";

// An attempt's columns (prefixed "a."), then its rating's and the rater's
// name (NULL without a rating), then `extra`, from skill_attempts a LEFT
// JOIN skill_ratings r LEFT JOIN users u.
std::string RatedAttemptQuery(std::string_view extra) {
  return fmt::format(
      "SELECT a.id, a.user_id, a.task, a.finished_unix_ms, a.time_ms, "
      "a.drops, a.rings_placed, a.path_mm, a.idle_ms, a.score_ms, "
      "a.completed, a.proficient, r.total, r.items, r.comment, "
      "u.display_name{} FROM skill_attempts a LEFT JOIN skill_ratings r ON "
      "r.attempt_id = a.id LEFT JOIN users u ON u.id = r.rater_user_id",
      extra);
}

SkillAttemptRow ReadAttempt(Statement& statement) {
  SkillAttemptRow row;
  row.id = statement.Int(0);
  row.user_id = statement.Int(1);
  row.task = statement.Text(2);
  row.finished_unix_ms = statement.Int(3);
  row.time_ms = statement.Int(4);
  row.drops = statement.Int(5);
  row.rings_placed = statement.Int(6);
  row.path_mm = statement.Int(7);
  row.idle_ms = statement.Int(8);
  row.score_ms = statement.Int(9);
  row.completed = statement.Int(10) != 0;
  row.proficient = statement.Int(11) != 0;
  row.rating_total = statement.Int(12);
  row.rating_items_json = statement.Text(13);
  row.rating_comment = statement.Text(14);
  row.rater_name = statement.Text(15);
  return row;
}

}  // namespace

StatusOr<int64_t> SqliteStore::AddSkillAttempt(const SkillAttemptRow& attempt) {
  std::lock_guard lock(mutex_);
  {
    Statement user(db_, "SELECT COUNT(*) FROM users WHERE id = ?");
    user.Bind(1, attempt.user_id);
    MC_ASSIGN_OR_RETURN(bool has_row, user.Step());
    if (!has_row || user.Int(0) != 1) {
      return InvalidArgument("unknown_user", "no such user");
    }
  }
  Statement statement(
      db_, fmt::format("INSERT INTO skill_attempts ({}, events) VALUES (NULL, "
                       "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       kAttemptColumns));
  statement.Bind(1, attempt.user_id)
      .Bind(2, attempt.task)
      .Bind(3, attempt.finished_unix_ms)
      .Bind(4, attempt.time_ms)
      .Bind(5, attempt.drops)
      .Bind(6, attempt.rings_placed)
      .Bind(7, attempt.path_mm)
      .Bind(8, attempt.idle_ms)
      .Bind(9, attempt.score_ms)
      .Bind(10, int64_t{attempt.completed})
      .Bind(11, int64_t{attempt.proficient})
      .Bind(12, attempt.events_json);
  MC_RETURN_IF_ERROR(Written(statement.Run()));
  return sqlite3_last_insert_rowid(db_);
}

StatusOr<std::vector<SkillAttemptRow>> SqliteStore::ListSkillAttempts(
    int64_t user_id, const std::string& task, int64_t limit) {
  std::lock_guard lock(mutex_);
  Statement statement(
      db_, RatedAttemptQuery("") +
               " WHERE a.id IN (SELECT id FROM skill_attempts WHERE user_id = "
               "? AND task = ? ORDER BY id DESC LIMIT ?) ORDER BY a.id");
  statement.Bind(1, user_id).Bind(2, task).Bind(3, limit);
  return AllRows<SkillAttemptRow>(statement, ReadAttempt);
}

StatusOr<SkillAttemptRow> SqliteStore::FindSkillAttempt(int64_t id) {
  std::lock_guard lock(mutex_);
  Statement statement(db_, RatedAttemptQuery(", a.events") + " WHERE a.id = ?");
  statement.Bind(1, id);
  return sqlite::SingleRow<SkillAttemptRow>(
      statement,
      [](Statement& row) {
        SkillAttemptRow attempt = ReadAttempt(row);
        attempt.events_json = row.Text(16);
        return attempt;
      },
      "attempt_not_found", "no such attempt");
}

Status SqliteStore::PutSkillRating(const SkillRatingRow& rating) {
  std::lock_guard lock(mutex_);
  {
    Statement attempt(db_, "SELECT COUNT(*) FROM skill_attempts WHERE id = ?");
    attempt.Bind(1, rating.attempt_id);
    MC_ASSIGN_OR_RETURN(bool has_row, attempt.Step());
    if (!has_row || attempt.Int(0) != 1) {
      return NotFound("attempt_not_found", "no such attempt");
    }
  }
  Statement statement(
      db_,
      "INSERT OR REPLACE INTO skill_ratings (attempt_id, rater_user_id, "
      "items, total, comment, rated_unix_ms) VALUES (?, ?, ?, ?, ?, ?)");
  statement.Bind(1, rating.attempt_id)
      .Bind(2, rating.rater_user_id)
      .Bind(3, rating.items_json)
      .Bind(4, rating.total)
      .Bind(5, rating.comment)
      .Bind(6, rating.rated_unix_ms);
  return Written(statement.Run());
}

StatusOr<std::vector<SkillLearnerRow>> SqliteStore::ListSkillLearners(
    const std::string& task) {
  std::lock_guard lock(mutex_);
  Statement statement(
      db_,
      "SELECT users.id, users.login, users.display_name, COUNT(*), "
      "MAX(skill_attempts.finished_unix_ms) FROM skill_attempts JOIN users "
      "ON users.id = skill_attempts.user_id WHERE skill_attempts.task = ? "
      "GROUP BY users.id ORDER BY MAX(skill_attempts.id) DESC");
  statement.Bind(1, task);
  return AllRows<SkillLearnerRow>(statement, [](Statement& row) {
    return SkillLearnerRow{row.Int(0), row.Text(1), row.Text(2), row.Int(3),
                           row.Int(4)};
  });
}

}  // namespace mc
