// SqliteStore: the case review index (case_reviews, case_review_members).
#include <fmt/format.h>
#include <sqlite3.h>

#include "store/sqlite_statement.h"
#include "store/sqlite_store.h"

namespace mc {

using sqlite::AllRows;
using sqlite::SingleRow;
using sqlite::Statement;

namespace {

constexpr std::string_view kReviewColumns =
    "id, patient_pseudonym, record_id, created_by_user_id, starts_unix_ms, "
    "ends_unix_ms, status, created_unix_ms";

CaseReviewRow ReadReview(Statement& statement) {
  CaseReviewRow row;
  row.id = statement.Text(0);
  row.patient_pseudonym = statement.Text(1);
  row.record_id = statement.Text(2);
  row.created_by_user_id = statement.Int(3);
  row.starts_unix_ms = statement.Int(4);
  row.ends_unix_ms = statement.Int(5);
  row.status = statement.Text(6);
  row.created_unix_ms = statement.Int(7);
  return row;
}

StatusOr<std::vector<int64_t>> Members(sqlite3* db, const std::string& id) {
  Statement statement(db,
                      "SELECT user_id FROM case_review_members WHERE "
                      "review_id = ? ORDER BY user_id");
  statement.Bind(1, id);
  return AllRows<int64_t>(statement, [](Statement& row) { return row.Int(0); });
}

}  // namespace

Status SqliteStore::CreateCaseReview(const CaseReviewRow& row) {
  std::lock_guard lock(mutex_);
  for (int64_t member : row.member_user_ids) {
    Statement exists(db_, "SELECT COUNT(*) FROM users WHERE id = ?");
    exists.Bind(1, member);
    MC_ASSIGN_OR_RETURN(bool has_row, exists.Step());
    if (!has_row || exists.Int(0) == 0) {
      return InvalidArgument("unknown_member",
                             "an invited colleague has no account");
    }
  }
  return InTransaction([&]() -> Status {
    Statement insert(
        db_,
        fmt::format(
            "INSERT INTO case_reviews ({}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            kReviewColumns));
    insert.Bind(1, row.id)
        .Bind(2, row.patient_pseudonym)
        .Bind(3, row.record_id)
        .Bind(4, row.created_by_user_id)
        .Bind(5, row.starts_unix_ms)
        .Bind(6, row.ends_unix_ms)
        .Bind(7, row.status)
        .Bind(8, row.created_unix_ms);
    MC_RETURN_IF_ERROR(insert.Run());
    for (int64_t member : row.member_user_ids) {
      Statement add(
          db_,
          "INSERT OR IGNORE INTO case_review_members (review_id, user_id) "
          "VALUES (?, ?)");
      add.Bind(1, row.id).Bind(2, member);
      MC_RETURN_IF_ERROR(add.Run());
    }
    return Status();
  });
}

StatusOr<CaseReviewRow> SqliteStore::FindCaseReview(const std::string& id) {
  std::lock_guard lock(mutex_);
  Statement statement(
      db_,
      fmt::format("SELECT {} FROM case_reviews WHERE id = ?", kReviewColumns));
  statement.Bind(1, id);
  MC_ASSIGN_OR_RETURN(
      CaseReviewRow row,
      SingleRow<CaseReviewRow>(statement, ReadReview, "review_not_found",
                               "no such case review"));
  MC_ASSIGN_OR_RETURN(row.member_user_ids, Members(db_, row.id));
  return row;
}

StatusOr<std::vector<CaseReviewRow>> SqliteStore::ListCaseReviews(
    int64_t user_id) {
  std::lock_guard lock(mutex_);
  Statement statement(
      db_,
      fmt::format(
          "SELECT {} FROM case_reviews WHERE created_by_user_id = ? OR id IN "
          "(SELECT review_id FROM case_review_members WHERE user_id = ?) "
          "ORDER BY starts_unix_ms, id LIMIT 1000",
          kReviewColumns));
  statement.Bind(1, user_id).Bind(2, user_id);
  MC_ASSIGN_OR_RETURN(std::vector<CaseReviewRow> rows,
                      AllRows<CaseReviewRow>(statement, ReadReview));
  for (CaseReviewRow& row : rows) {
    MC_ASSIGN_OR_RETURN(row.member_user_ids, Members(db_, row.id));
  }
  return rows;
}

Status SqliteStore::CloseCaseReview(const std::string& id) {
  std::lock_guard lock(mutex_);
  Statement statement(db_,
                      "UPDATE case_reviews SET status = 'closed' WHERE id = ?");
  statement.Bind(1, id);
  MC_RETURN_IF_ERROR(statement.Run());
  if (sqlite3_changes(db_) == 0)
    return NotFound("review_not_found", "no such case review");
  return Status();
}

}  // namespace mc
