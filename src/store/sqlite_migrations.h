// The numbered schema migrations of SqliteStore, oldest first.
//
// Migration N (1-based) moves the schema from version N-1 to N; the version
// lives in PRAGMA user_version. Never edit a released migration: add one.
#pragma once

#include <string_view>
#include <vector>

namespace mc::sqlite {

const std::vector<std::string_view>& Migrations();

}  // namespace mc::sqlite
