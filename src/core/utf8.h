// UTF-8 validity and repair, for text that reaches JSON or the audit log.
//
// Valid means well-formed per RFC 3629: no overlong encodings, no UTF-16
// surrogates (U+D800..U+DFFF), nothing above U+10FFFF, no truncated
// sequences. Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace mc {

// True when `text` is well-formed UTF-8.
bool IsValidUtf8(std::string_view text);

// `text` with each maximal ill-formed subsequence replaced by U+FFFD (the
// Unicode "substitution of maximal subparts" practice); valid text is
// returned unchanged.
std::string RepairUtf8(std::string_view text);

}  // namespace mc
