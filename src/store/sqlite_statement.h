// A thin RAII wrapper over a prepared SQLite statement, private to store/.
//
// Not thread-safe; used only under SqliteStore's mutex.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"

namespace mc::sqlite {

// Internal ("storage_error") carrying SQLite's message for logs; the HTTP
// layer never shows internal messages to clients.
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

}  // namespace mc::sqlite
