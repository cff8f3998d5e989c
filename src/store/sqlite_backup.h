// Online copies of a MetaClinic database file, with SQLite's backup API.
//
// CopyDatabase is both halves of `metaclinic backup` and `metaclinic
// restore`: it copies every page of `source_path` into a new file at
// `destination_path` inside one read transaction, so the copy is the
// database as of one instant even while a server keeps writing to the source
// (WAL: readers never block writers, and a writer never blocks this read).
// The copy is written beside the destination and renamed into place only
// after `PRAGMA integrity_check` passes, so a failed copy leaves nothing.
//
// Threading: none of its own; safe to call while other processes or
// connections write the source.
//
// Errors (stable codes):
//   NotFound        "database_not_found"  no file at source_path
//   InvalidArgument "destination_exists"  something is already at destination_path
//   InvalidArgument "not_a_database"      source is not a SQLite database, or its copy
//                                         fails the integrity check
//   Unavailable     "copy_failed"         the copy could not be written (disk,
//                                         permissions)
#pragma once

#include <cstdint>
#include <string>

#include "core/status.h"

namespace mc {

struct DatabaseCopy {
  int64_t bytes = 0;  // size of the copy on disk
  int64_t pages = 0;
};

StatusOr<DatabaseCopy> CopyDatabase(const std::string& source_path,
                                    const std::string& destination_path);

}  // namespace mc
