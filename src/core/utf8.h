// UTF-8 checks for text that comes from outside (HTTP paths, queries,
// headers, bodies) or goes into records that are later dumped as JSON (the
// audit log): nlohmann::json throws on invalid UTF-8 when dumping, so
// invalid bytes must be refused at the edge and repaired where a row is
// written.
//
// Threading: pure functions.
#pragma once

#include <string>
#include <string_view>

namespace mc {

// True when `text` is well-formed UTF-8 (RFC 3629): no overlong forms, no
// surrogates (U+D800-U+DFFF), nothing above U+10FFFF, no truncated sequence.
bool IsValidUtf8(std::string_view text);

// `text` with every ill-formed sequence replaced by U+FFFD.
std::string RepairUtf8(std::string_view text);

}  // namespace mc
