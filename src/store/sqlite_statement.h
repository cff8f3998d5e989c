// A thin RAII wrapper over a prepared SQLite statement, private to store/.
//
// Not thread-safe; used only under SqliteStore's mutex.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace mc::sqlite {

// Internal ("storage_error") carrying SQLite's message for logs; the HTTP
// layer never shows internal messages to clients. A full or failing disk is
// Unavailable ("storage_write_failed"), busy is Unavailable
// ("storage_busy"), a constraint AlreadyExists ("constraint").
Status ErrorFrom(sqlite3* db, std::string_view context);

// Executes one or more statements without results.
Status Exec(sqlite3* db, std::string_view sql);

class Statement {
 public:
  Statement(sqlite3* db, std::string_view sql);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  // Ok when preparing succeeded.
  const Status& status() const { return status_; }

  // Binds are 1-based, in the order of the placeholders.
  Statement& Bind(int index, int64_t value);
  Statement& Bind(int index, const std::string& value);  // TEXT
  Statement& BindBlob(int index, const std::string& value);  // BLOB

  // Steps once: true with a row, false when done; error otherwise.
  StatusOr<bool> Step();
  // Steps until done, for statements without rows.
  Status Run();

  int64_t Int(int column);
  std::string Text(int column);  // TEXT or BLOB bytes; "" for NULL

 private:
  sqlite3* db_;
  sqlite3_stmt* statement_ = nullptr;
  Status status_;
};

// Runs a query expected to return at most one row; NotFound otherwise.
template <typename Row, typename Reader>
StatusOr<Row> SingleRow(Statement& statement, Reader reader,
                        std::string_view not_found_code,
                        std::string_view not_found_message) {
  MC_ASSIGN_OR_RETURN(bool has_row, statement.Step());
  if (!has_row) return NotFound(not_found_code, not_found_message);
  return reader(statement);
}

// Every row of a query, read by `reader`.
template <typename Row, typename Reader>
StatusOr<std::vector<Row>> AllRows(Statement& statement, Reader reader) {
  std::vector<Row> rows;
  while (true) {
    MC_ASSIGN_OR_RETURN(bool has_row, statement.Step());
    if (!has_row) return rows;
    rows.push_back(reader(statement));
  }
}

}  // namespace mc::sqlite
