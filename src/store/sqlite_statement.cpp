#include "store/sqlite_statement.h"

#include <fmt/format.h>

namespace mc::sqlite {

Status ErrorFrom(sqlite3* db, std::string_view context) {
  const int code = sqlite3_extended_errcode(db);
  std::string message =
      fmt::format("{}: {} (sqlite {})", context, sqlite3_errmsg(db), code);
  if ((code & 0xff) == SQLITE_BUSY || (code & 0xff) == SQLITE_LOCKED) {
    return Unavailable("storage_busy", message);
  }
  if ((code & 0xff) == SQLITE_FULL || (code & 0xff) == SQLITE_IOERR) {
    // The disk, not the request: the store logs it once and reports not
    // ready (SqliteStore::Written).
    return Unavailable("storage_write_failed",
                       fmt::format("the server cannot store data right now ({})",
                                   sqlite3_errstr(code & 0xff)));
  }
  if ((code & 0xff) == SQLITE_CONSTRAINT) {
    return AlreadyExists("constraint", message);
  }
  return Internal("storage_error", message);
}

Status Exec(sqlite3* db, std::string_view sql) {
  std::string text(sql);
  if (sqlite3_exec(db, text.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) {
    return ErrorFrom(db, "exec");
  }
  return Status();
}

Statement::Statement(sqlite3* db, std::string_view sql) : db_(db) {
  if (sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()),
                         &statement_, nullptr) != SQLITE_OK) {
    status_ = ErrorFrom(db, "prepare");
  }
}

Statement::~Statement() { sqlite3_finalize(statement_); }

Statement& Statement::Bind(int index, int64_t value) {
  if (status_.ok() && sqlite3_bind_int64(statement_, index, value) != SQLITE_OK) {
    status_ = ErrorFrom(db_, "bind");
  }
  return *this;
}

Statement& Statement::Bind(int index, const std::string& value) {
  if (status_.ok() &&
      sqlite3_bind_text(statement_, index, value.data(),
                        static_cast<int>(value.size()),
                        SQLITE_TRANSIENT) != SQLITE_OK) {
    status_ = ErrorFrom(db_, "bind");
  }
  return *this;
}

Statement& Statement::BindBlob(int index, const std::string& value) {
  if (status_.ok() &&
      sqlite3_bind_blob(statement_, index, value.data(),
                        static_cast<int>(value.size()),
                        SQLITE_TRANSIENT) != SQLITE_OK) {
    status_ = ErrorFrom(db_, "bind");
  }
  return *this;
}

StatusOr<bool> Statement::Step() {
  if (!status_.ok()) return status_;
  const int result = sqlite3_step(statement_);
  if (result == SQLITE_ROW) return true;
  if (result == SQLITE_DONE) return false;
  return ErrorFrom(db_, "step");
}

Status Statement::Run() {
  while (true) {
    MC_ASSIGN_OR_RETURN(bool has_row, Step());
    if (!has_row) return Status();
  }
}

int64_t Statement::Int(int column) {
  return sqlite3_column_int64(statement_, column);
}

std::string Statement::Text(int column) {
  const void* bytes = sqlite3_column_blob(statement_, column);
  const int size = sqlite3_column_bytes(statement_, column);
  if (bytes == nullptr) return std::string();
  return std::string(static_cast<const char*>(bytes), size);
}

}  // namespace mc::sqlite
