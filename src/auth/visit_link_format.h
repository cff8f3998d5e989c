// The textual forms of visit links (auth/visit_links.h), apart from the
// store so they can be checked (and fuzzed) on their own: the token a guest
// presents and the purpose a link is bound to.
//
// Pure functions of their argument; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace mc {

// Whether `token` has the shape of an issued token: 32 lower-case hex
// characters. Anything else cannot name a link and is refused before the
// store is asked.
bool IsWellFormedVisitToken(std::string_view token);

// Whether `purpose` may be bound to a link: 1 to 64 of a-z 0-9 ':' '_' '-'.
bool IsValidVisitPurpose(std::string_view purpose);

// Whether `purpose` is about an appointment (starts "appointment:"); such a
// link may be issued only for an appointment the issuer may invite to.
bool IsAppointmentPurpose(std::string_view purpose);

// The id in "appointment:<id>", where <id> is 1 to 18 decimal digits
// without a leading zero (one id, one spelling: "appointment:007" would be
// a link no room accepts); nullopt for any other purpose, including an
// appointment purpose whose id is not of that form.
std::optional<int64_t> AppointmentIdOfPurpose(std::string_view purpose);

}  // namespace mc
