#include "store/sqlite_backup.h"

#include <sqlite3.h>

#include <filesystem>
#include <memory>

namespace mc {
namespace {

namespace fs = std::filesystem;

struct CloseDatabase {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using Database = std::unique_ptr<sqlite3, CloseDatabase>;

StatusOr<Database> OpenDatabase(const std::string& path, int flags) {
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  Database db(raw);
  if (rc != SQLITE_OK) {
    return Unavailable("copy_failed", "cannot open " + path);
  }
  sqlite3_busy_timeout(db.get(), 5000);
  return db;
}

// "ok" when SQLite finds nothing wrong; otherwise its first complaint.
std::string IntegrityProblem(sqlite3* db) {
  sqlite3_stmt* statement = nullptr;
  if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &statement, nullptr) != SQLITE_OK) {
    return sqlite3_errmsg(db);
  }
  std::string verdict = "no answer";
  if (sqlite3_step(statement) == SQLITE_ROW) {
    const unsigned char* text = sqlite3_column_text(statement, 0);
    verdict = text ? reinterpret_cast<const char*>(text) : "no answer";
  } else {
    verdict = sqlite3_errmsg(db);
  }
  sqlite3_finalize(statement);
  return verdict;
}

Status CopyPages(sqlite3* source, sqlite3* destination, int64_t* pages) {
  sqlite3_backup* backup = sqlite3_backup_init(destination, "main", source, "main");
  if (backup == nullptr) {
    return Unavailable("copy_failed", sqlite3_errmsg(destination));
  }
  // All pages in one step: one read transaction, one instant of the source.
  int rc = sqlite3_backup_step(backup, -1);
  *pages = sqlite3_backup_pagecount(backup);
  const int finished = sqlite3_backup_finish(backup);
  if (rc == SQLITE_DONE) rc = finished;
  if (rc == SQLITE_NOTADB || rc == SQLITE_CORRUPT) {
    return InvalidArgument("not_a_database", "the source is not a MetaClinic database");
  }
  if (rc != SQLITE_OK && rc != SQLITE_DONE) {
    return Unavailable("copy_failed", sqlite3_errstr(rc));
  }
  return absl::OkStatus();
}

}  // namespace

StatusOr<DatabaseCopy> CopyDatabase(const std::string& source_path,
                                    const std::string& destination_path) {
  std::error_code error;
  if (!fs::is_regular_file(source_path, error)) {
    return NotFound("database_not_found", "no database at " + source_path);
  }
  if (fs::exists(destination_path, error)) {
    return InvalidArgument("destination_exists",
                           destination_path + " already exists; give a new file name");
  }
  const std::string partial = destination_path + ".partial";
  fs::remove(partial, error);

  DatabaseCopy copy;
  Status status = [&]() -> Status {
    MC_ASSIGN_OR_RETURN(Database source, OpenDatabase(source_path, SQLITE_OPEN_READONLY));
    MC_ASSIGN_OR_RETURN(Database destination,
                        OpenDatabase(partial, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE));
    MC_RETURN_IF_ERROR(CopyPages(source.get(), destination.get(), &copy.pages));
    // The copy is page for page, so a damaged copy means a damaged source.
    const std::string verdict = IntegrityProblem(destination.get());
    if (verdict != "ok") {
      return InvalidArgument("not_a_database", source_path + " is damaged: " + verdict);
    }
    // Leave one self-contained file: no -wal beside it.
    sqlite3_exec(destination.get(), "PRAGMA wal_checkpoint(TRUNCATE)", nullptr, nullptr,
                 nullptr);
    return absl::OkStatus();
  }();
  if (!status.ok()) {
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
      fs::remove(partial + suffix, error);
    }
    return status;
  }
  fs::rename(partial, destination_path, error);
  if (error) {
    fs::remove(partial, error);
    return Unavailable("copy_failed", "cannot write " + destination_path);
  }
  fs::permissions(destination_path, fs::perms::owner_read | fs::perms::owner_write, error);
  copy.bytes = static_cast<int64_t>(fs::file_size(destination_path, error));
  return copy;
}

}  // namespace mc
