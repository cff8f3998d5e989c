#include "care/slot_calendar.h"

#include <fmt/format.h>

#include <absl/time/civil_time.h>

#include <algorithm>
#include <charconv>
#include <optional>

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

StatusOr<absl::TimeZone> LoadTimeZone(const std::string& name) {
  absl::TimeZone zone;
  // Names only: never a path the zoneinfo loader would follow elsewhere.
  const bool name_like = !name.empty() && name.size() <= 64 && name[0] != '/' &&
                         name.find("..") == std::string::npos &&
                         name.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                                "0123456789_+-/") == std::string::npos;
  if (!name_like || !absl::LoadTimeZone(name, &zone)) {
    return InvalidArgument("invalid_time_zone",
                           "not a time zone name such as Europe/Berlin or UTC");
  }
  return zone;
}

namespace {

int IsoWeekdayOf(absl::CivilDay day) {
  return static_cast<int>(absl::GetWeekday(day)) + 1;  // absl: Monday is 0
}

bool IsDayOff(const DepartmentCalendar& calendar, int64_t clinician, absl::CivilDay day) {
  return !calendar.days_off.empty() &&
         calendar.days_off.count({clinician, absl::FormatCivilTime(day)}) > 0;
}

// The instant of local `minute` on `day`, or nullopt when the clocks skip it.
std::optional<int64_t> LocalStart(absl::CivilDay day, int minute, absl::TimeZone zone) {
  const absl::CivilMinute local(day.year(), day.month(), day.day(), 0, minute);
  const absl::Time instant = absl::FromCivil(local, zone);
  if (absl::ToCivilMinute(instant, zone) != local) return std::nullopt;
  return absl::ToUnixMillis(instant);
}

}  // namespace

int64_t SlotEndUnder(const AvailabilityRow& rule, const SlotKey& key,
                     const DepartmentCalendar& calendar) {
  if (rule.clinician_user_id != key.clinician_user_id ||
      rule.department != key.department || key.start_unix_ms % kMillisecondsPerMinute != 0) {
    return 0;
  }
  const absl::CivilMinute local =
      absl::ToCivilMinute(absl::FromUnixMillis(key.start_unix_ms), calendar.zone);
  const absl::CivilDay day(local);
  if (IsoWeekdayOf(day) != rule.weekday || IsDayOff(calendar, rule.clinician_user_id, day)) {
    return 0;
  }
  const int minute = local.hour() * 60 + local.minute();
  if (minute < rule.start_minute || (minute - rule.start_minute) % rule.slot_minutes != 0 ||
      minute + rule.slot_minutes > rule.end_minute ||
      LocalStart(day, minute, calendar.zone) != key.start_unix_ms) {
    return 0;
  }
  return key.start_unix_ms + rule.slot_minutes * kMillisecondsPerMinute;
}

std::vector<SlotTime> ExpandRules(const std::vector<AvailabilityRow>& rules,
                                  int64_t from_unix_ms, int64_t to_unix_ms,
                                  const DepartmentCalendar& calendar) {
  std::vector<SlotTime> slots;
  // A day either side: a local day can start before `from` in UTC.
  const absl::CivilDay first =
      absl::ToCivilDay(absl::FromUnixMillis(from_unix_ms), calendar.zone) - 1;
  const absl::CivilDay last =
      absl::ToCivilDay(absl::FromUnixMillis(to_unix_ms - 1), calendar.zone) + 1;
  for (absl::CivilDay day = first; day <= last; ++day) {
    const int weekday = IsoWeekdayOf(day);
    for (const AvailabilityRow& rule : rules) {
      if (rule.weekday != weekday || rule.slot_minutes <= 0 ||
          IsDayOff(calendar, rule.clinician_user_id, day)) {
        continue;
      }
      for (int minute = rule.start_minute; minute + rule.slot_minutes <= rule.end_minute;
           minute += rule.slot_minutes) {
        const std::optional<int64_t> start = LocalStart(day, minute, calendar.zone);
        if (!start || *start < from_unix_ms || *start >= to_unix_ms) continue;
        slots.push_back({{rule.department, rule.clinician_user_id, *start},
                         *start + rule.slot_minutes * kMillisecondsPerMinute});
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
