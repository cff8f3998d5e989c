// Slot calendar: the pure arithmetic of weekly availability rules.
//
// Slots are not stored. A clinician's weekly rules (store.h AvailabilityRow)
// define them: a rule on ISO weekday W from minute S to E in slots of L
// minutes yields slots starting at S, S+L, ... while they end by E, every
// week, in UTC. A slot is named by a stable text id,
// "<department>.<clinician user id>.<start unix ms>", so a booking can be
// checked against the rules without a slot table.
//
// Everything here is a pure function of its arguments (no clock, no store).
#pragma once

#include <cstdint>
#include <string>
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

// The end of the slot `key` names when `rule` defines it; 0 otherwise.
int64_t SlotEndUnder(const AvailabilityRow& rule, const SlotKey& key);

// Every slot the rules define starting in [from_unix_ms, to_unix_ms), in
// start order (ties by clinician). REQUIRES: the range spans at most a few
// months (the caller caps it).
std::vector<SlotTime> ExpandRules(const std::vector<AvailabilityRow>& rules,
                                  int64_t from_unix_ms, int64_t to_unix_ms);

}  // namespace mc::care
