#include "care/slot_calendar.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

namespace mc::care {
namespace {

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
// days_from_civil).
int64_t DaysFromCivil(int64_t year, int64_t month, int64_t day) {
  year -= month <= 2 ? 1 : 0;
  const int64_t era = (year >= 0 ? year : year - 399) / 400;
  const int64_t year_of_era = year - era * 400;
  const int64_t day_of_year =
      (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const int64_t day_of_era =
      year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

int64_t FloorDiv(int64_t value, int64_t divisor) {
  const int64_t quotient = value / divisor;
  return (value % divisor != 0 && (value < 0) != (divisor < 0)) ? quotient - 1
                                                                : quotient;
}

bool ParseWhole(std::string_view text, int64_t* value) {
  if (text.empty() || text.size() > 18) return false;
  if (text.size() > 1 && text[0] == '0') return false;
  const auto [end, error] =
      std::from_chars(text.data(), text.data() + text.size(), *value);
  return error == std::errc() && end == text.data() + text.size();
}

}  // namespace

StatusOr<int64_t> ParseIsoDate(const std::string& text) {
  const Status invalid =
      InvalidArgument("invalid_date", "dates are written YYYY-MM-DD");
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return invalid;
  for (size_t index : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (text[index] < '0' || text[index] > '9') return invalid;
  }
  const int64_t year = std::stoll(text.substr(0, 4));
  const int64_t month = std::stoll(text.substr(5, 2));
  const int64_t day = std::stoll(text.substr(8, 2));
  if (year < 1970 || month < 1 || month > 12 || day < 1) return invalid;
  const int64_t days = DaysFromCivil(year, month, day);
  // A day past the month's end rolls into the next month.
  if (FormatIsoDate(days * kMillisecondsPerDay) != text) return invalid;
  return days * kMillisecondsPerDay;
}

std::string FormatIsoDate(int64_t unix_ms) {
  // H. Hinnant's civil_from_days.
  const int64_t days = FloorDiv(unix_ms, kMillisecondsPerDay) + 719468;
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const int64_t day_of_era = days - era * 146097;
  const int64_t year_of_era = (day_of_era - day_of_era / 1460 +
                               day_of_era / 36524 - day_of_era / 146096) /
                              365;
  const int64_t day_of_year =
      day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const int64_t month_index = (5 * day_of_year + 2) / 153;
  const int64_t day = day_of_year - (153 * month_index + 2) / 5 + 1;
  const int64_t month = month_index < 10 ? month_index + 3 : month_index - 9;
  const int64_t year = year_of_era + era * 400 + (month <= 2 ? 1 : 0);
  return fmt::format("{:04}-{:02}-{:02}", year, month, day);
}

int IsoWeekday(int64_t unix_ms) {
  // 1970-01-01 was a Thursday (ISO 4).
  const int64_t days = FloorDiv(unix_ms, kMillisecondsPerDay);
  return static_cast<int>(((days % 7) + 7 + 3) % 7) + 1;
}

std::string SlotId(const SlotKey& key) {
  return fmt::format("{}.{}.{}", key.department, key.clinician_user_id,
                     key.start_unix_ms);
}

StatusOr<SlotKey> ParseSlotId(const std::string& text) {
  const Status invalid =
      InvalidArgument("invalid_slot", "not a slot id from the slots list");
  const size_t second = text.rfind('.');
  if (second == std::string::npos || second == 0) return invalid;
  const size_t first = text.rfind('.', second - 1);
  if (first == std::string::npos || first == 0) return invalid;
  SlotKey key;
  key.department = text.substr(0, first);
  const std::string_view view(text);
  if (!ParseWhole(view.substr(first + 1, second - first - 1),
                  &key.clinician_user_id) ||
      !ParseWhole(view.substr(second + 1), &key.start_unix_ms) ||
      key.clinician_user_id <= 0) {
    return invalid;
  }
  return key;
}

int64_t SlotEndUnder(const AvailabilityRow& rule, const SlotKey& key) {
  if (rule.clinician_user_id != key.clinician_user_id ||
      rule.department != key.department ||
      IsoWeekday(key.start_unix_ms) != rule.weekday) {
    return 0;
  }
  const int64_t day_start =
      FloorDiv(key.start_unix_ms, kMillisecondsPerDay) * kMillisecondsPerDay;
  const int64_t offset_ms = key.start_unix_ms - day_start;
  const int64_t length_ms = rule.slot_minutes * kMillisecondsPerMinute;
  const int64_t first_ms = rule.start_minute * kMillisecondsPerMinute;
  const int64_t last_end_ms = rule.end_minute * kMillisecondsPerMinute;
  if (offset_ms < first_ms || (offset_ms - first_ms) % length_ms != 0 ||
      offset_ms + length_ms > last_end_ms) {
    return 0;
  }
  return key.start_unix_ms + length_ms;
}

std::vector<SlotTime> ExpandRules(const std::vector<AvailabilityRow>& rules,
                                  int64_t from_unix_ms, int64_t to_unix_ms) {
  std::vector<SlotTime> slots;
  const int64_t first_day = FloorDiv(from_unix_ms, kMillisecondsPerDay);
  const int64_t last_day = FloorDiv(to_unix_ms - 1, kMillisecondsPerDay);
  for (int64_t day = first_day; day <= last_day; ++day) {
    const int64_t day_start = day * kMillisecondsPerDay;
    const int weekday = IsoWeekday(day_start);
    for (const AvailabilityRow& rule : rules) {
      if (rule.weekday != weekday || rule.slot_minutes <= 0) continue;
      for (int minute = rule.start_minute;
           minute + rule.slot_minutes <= rule.end_minute;
           minute += rule.slot_minutes) {
        const int64_t start = day_start + minute * kMillisecondsPerMinute;
        if (start < from_unix_ms || start >= to_unix_ms) continue;
        slots.push_back({{rule.department, rule.clinician_user_id, start},
                         start + rule.slot_minutes * kMillisecondsPerMinute});
      }
    }
  }
  std::sort(slots.begin(), slots.end(),
            [](const SlotTime& left, const SlotTime& right) {
              if (left.key.start_unix_ms != right.key.start_unix_ms) {
                return left.key.start_unix_ms < right.key.start_unix_ms;
              }
              return left.key.clinician_user_id < right.key.clinician_user_id;
            });
  return slots;
}

}  // namespace mc::care
