// Slot calendar: the pure arithmetic of weekly availability rules.
//
// Slots are not stored. A clinician's weekly rules (store.h AvailabilityRow)
// define them: a rule on ISO weekday W from minute S to E in slots of L
// minutes yields slots starting at S, S+L, ... while they end by E, every
// week, in the department's local time (DepartmentCalendar::zone: a clinic
// open 09:00-12:00 stays open then across daylight saving; a local time the
// clocks skip makes no slot), except on the clinician's days off (local
// calendar days). A slot is named by a stable text id,
// "<department>.<clinician user id>.<start unix ms>", so a booking can be
// checked against the rules without a slot table.
//
// Everything here is a pure function of its arguments (no clock, no store).
#pragma once

#include <absl/time/time.h>

#include <cstdint>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "core/status.h"
#include "store/scheduling_store.h"

namespace mc::care {

inline constexpr int64_t kMillisecondsPerMinute = 60'000;
inline constexpr int64_t kMillisecondsPerDay = 86'400'000;

struct SlotKey {
  std::string department;
  int64_t clinician_user_id = 0;
  int64_t start_unix_ms = 0;
};

struct SlotTime {
  SlotKey key;
  int64_t end_unix_ms = 0;
};

// Where a department's rules are read: its time zone and its clinicians'
// days off as (clinician user id, "YYYY-MM-DD" local day).
struct DepartmentCalendar {
  absl::TimeZone zone = absl::UTCTimeZone();
  std::set<std::pair<int64_t, std::string>> days_off;
};

// The IANA time zone `name` ("Europe/Berlin", "UTC") from the system's
// zoneinfo. InvalidArgument ("invalid_time_zone") for an unknown name.
StatusOr<absl::TimeZone> LoadTimeZone(const std::string& name);

// "YYYY-MM-DD" -> Unix ms of that day's 00:00 UTC. InvalidArgument
// ("invalid_date") for anything else, including days that do not exist.
StatusOr<int64_t> ParseIsoDate(const std::string& text);

// The UTC calendar day of `unix_ms` as "YYYY-MM-DD".
std::string FormatIsoDate(int64_t unix_ms);

// ISO weekday (1 = Monday .. 7 = Sunday) of the UTC day holding `unix_ms`.
int IsoWeekday(int64_t unix_ms);

std::string SlotId(const SlotKey& key);
// InvalidArgument ("invalid_slot") when `text` is not a slot id.
StatusOr<SlotKey> ParseSlotId(const std::string& text);

// The end of the slot `key` names when `rule` defines it under
// `calendar`; 0 otherwise.
int64_t SlotEndUnder(const AvailabilityRow& rule, const SlotKey& key,
                     const DepartmentCalendar& calendar);

// Every slot the rules define starting in [from_unix_ms, to_unix_ms), in
// start order (ties by clinician). REQUIRES: the range spans at most a few
// months (the caller caps it).
std::vector<SlotTime> ExpandRules(const std::vector<AvailabilityRow>& rules,
                                  int64_t from_unix_ms, int64_t to_unix_ms,
                                  const DepartmentCalendar& calendar);

}  // namespace mc::care
