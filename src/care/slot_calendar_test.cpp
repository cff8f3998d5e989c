#include "care/slot_calendar.h"

#include <gtest/gtest.h>

namespace mc::care {
namespace {

constexpr int64_t kJanuaryFirst2026 = 1'767'225'600'000;  // a Thursday
const DepartmentCalendar kUtc;

// Unix ms of a UTC wall-clock time.
int64_t Utc(const char* date, int hour, int minute) {
  return *ParseIsoDate(date) + (hour * 60 + minute) * kMillisecondsPerMinute;
}

DepartmentCalendar Berlin() {
  DepartmentCalendar calendar;
  calendar.zone = *LoadTimeZone("Europe/Berlin");
  return calendar;
}

TEST(SlotCalendarTest, ParsesAndFormatsDates) {
  EXPECT_EQ(*ParseIsoDate("2026-01-01"), kJanuaryFirst2026);
  EXPECT_EQ(*ParseIsoDate("1970-01-01"), 0);
  EXPECT_EQ(FormatIsoDate(kJanuaryFirst2026 + 5), "2026-01-01");
  EXPECT_EQ(FormatIsoDate(*ParseIsoDate("2028-02-29")), "2028-02-29");
}

TEST(SlotCalendarTest, RejectsMalformedDates) {
  for (const char* text :
       {"", "2026-1-01", "2026-02-30", "2026-13-01", "2026/01/01",
        "2026-01-01T00:00", "1969-12-31", "abcd-ef-gh", "2027-02-29"}) {
    EXPECT_EQ(ErrorCode(ParseIsoDate(text).status()), "invalid_date") << text;
  }
}

TEST(SlotCalendarTest, WeekdaysAreIso) {
  EXPECT_EQ(IsoWeekday(kJanuaryFirst2026), 4);
  EXPECT_EQ(IsoWeekday(kJanuaryFirst2026 + 4 * kMillisecondsPerDay), 1);
  EXPECT_EQ(IsoWeekday(kJanuaryFirst2026 + 4 * kMillisecondsPerDay - 1), 7);
  EXPECT_EQ(IsoWeekday(-1), 3);
}

TEST(SlotCalendarTest, SlotIdsRoundTrip) {
  const SlotKey key{"mental-health", 12, kJanuaryFirst2026};
  auto parsed = ParseSlotId(SlotId(key));
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->department, "mental-health");
  EXPECT_EQ(parsed->clinician_user_id, 12);
  EXPECT_EQ(parsed->start_unix_ms, kJanuaryFirst2026);
  for (const char* text : {"", "x", "a.1", ".1.2", "a.0.5", "a.-1.5", "a.1.",
                           "a.1.01", "a.1.2x", "a.99999999999999999999.1"}) {
    EXPECT_EQ(ErrorCode(ParseSlotId(text).status()), "invalid_slot") << text;
  }
}

TEST(SlotCalendarTest, ExpandsWeeklyRulesInStartOrder) {
  const std::vector<AvailabilityRow> rules = {
      {2, "cardiology", 4, 9 * 60, 10 * 60 + 15, 30},
      {1, "cardiology", 4, 9 * 60 + 30, 10 * 60, 30},
      {1, "cardiology", 5, 0, 20, 20},
  };
  const auto slots = ExpandRules(rules, kJanuaryFirst2026,
                                 kJanuaryFirst2026 + 2 * kMillisecondsPerDay, kUtc);
  ASSERT_EQ(slots.size(), 4u);
  EXPECT_EQ(slots[0].key.clinician_user_id, 2);
  EXPECT_EQ(slots[0].key.start_unix_ms,
            kJanuaryFirst2026 + 9 * 60 * kMillisecondsPerMinute);
  EXPECT_EQ(slots[1].key.clinician_user_id, 1);  // 09:30, lower id first
  EXPECT_EQ(slots[2].key.clinician_user_id, 2);
  EXPECT_EQ(slots[1].end_unix_ms,
            kJanuaryFirst2026 + 10 * 60 * kMillisecondsPerMinute);
  EXPECT_EQ(slots[3].key.start_unix_ms,
            kJanuaryFirst2026 + kMillisecondsPerDay);
  // The range is half-open and cuts inside a day.
  EXPECT_EQ(ExpandRules(rules, slots[0].key.start_unix_ms + 1,
                        slots[3].key.start_unix_ms, kUtc)
                .size(),
            2u);
}

TEST(SlotCalendarTest, ChecksASlotAgainstItsRule) {
  const AvailabilityRow rule{7, "dermatology", 4, 9 * 60, 10 * 60, 30};
  const int64_t nine = kJanuaryFirst2026 + 9 * 60 * kMillisecondsPerMinute;
  EXPECT_EQ(SlotEndUnder(rule, {"dermatology", 7, nine}, kUtc),
            nine + 30 * kMillisecondsPerMinute);
  EXPECT_EQ(SlotEndUnder(rule, {"dermatology", 7, nine + 60'000}, kUtc), 0);
  EXPECT_EQ(SlotEndUnder(rule, {"dermatology", 7, nine + 3'600'000}, kUtc), 0);
  EXPECT_EQ(SlotEndUnder(rule, {"dermatology", 8, nine}, kUtc), 0);
  EXPECT_EQ(SlotEndUnder(rule, {"cardiology", 7, nine}, kUtc), 0);
  EXPECT_EQ(SlotEndUnder(rule, {"dermatology", 7, nine + kMillisecondsPerDay}, kUtc),
            0);
  EXPECT_EQ(
      SlotEndUnder(rule, {"dermatology", 7, nine + 7 * kMillisecondsPerDay}, kUtc),
      nine + 7 * kMillisecondsPerDay + 30 * kMillisecondsPerMinute);
}

TEST(SlotCalendarTest, KeepsLocalHoursAcrossDaylightSaving) {
  // Mondays 09:00-10:00 in Berlin: 08:00 UTC in winter, 07:00 UTC in summer
  // (the clocks went forward on Sunday 2026-03-29).
  const std::vector<AvailabilityRow> rules = {{3, "cardiology", 1, 9 * 60, 10 * 60, 60}};
  const auto slots =
      ExpandRules(rules, Utc("2026-03-23", 0, 0), Utc("2026-04-01", 0, 0), Berlin());
  ASSERT_EQ(slots.size(), 2u);
  EXPECT_EQ(slots[0].key.start_unix_ms, Utc("2026-03-23", 8, 0));
  EXPECT_EQ(slots[1].key.start_unix_ms, Utc("2026-03-30", 7, 0));
  for (const SlotTime& slot : slots) {
    EXPECT_EQ(SlotEndUnder(rules[0], slot.key, Berlin()), slot.end_unix_ms);
    EXPECT_EQ(SlotEndUnder(rules[0], slot.key, kUtc), 0);  // not 09:00 in UTC
  }
  // A local day that begins the day before in UTC (Tokyo is UTC+9).
  DepartmentCalendar tokyo;
  tokyo.zone = *LoadTimeZone("Asia/Tokyo");
  const std::vector<AvailabilityRow> early = {{3, "cardiology", 1, 8 * 60, 9 * 60, 60}};
  const auto monday = ExpandRules(early, Utc("2026-03-22", 0, 0), Utc("2026-03-23", 0, 0), tokyo);
  ASSERT_EQ(monday.size(), 1u);
  EXPECT_EQ(monday[0].key.start_unix_ms, Utc("2026-03-22", 23, 0));  // Sunday in UTC
}

TEST(SlotCalendarTest, ALocalTimeTheClocksSkipMakesNoSlot) {
  // Sundays 01:00-04:00 in hourly slots: 02:00 did not exist on 2026-03-29.
  const std::vector<AvailabilityRow> rules = {{3, "cardiology", 7, 60, 4 * 60, 60}};
  const auto slots =
      ExpandRules(rules, Utc("2026-03-28", 0, 0), Utc("2026-03-30", 0, 0), Berlin());
  ASSERT_EQ(slots.size(), 2u);  // 01:00 CET and 03:00 CEST
  EXPECT_EQ(slots[0].key.start_unix_ms, Utc("2026-03-29", 0, 0));
  EXPECT_EQ(slots[1].key.start_unix_ms, Utc("2026-03-29", 1, 0));
}

TEST(SlotCalendarTest, ADayOffTakesThatClinicianOnly) {
  const std::vector<AvailabilityRow> rules = {{3, "cardiology", 4, 9 * 60, 10 * 60, 60},
                                              {4, "cardiology", 4, 9 * 60, 10 * 60, 60}};
  DepartmentCalendar calendar = Berlin();
  calendar.days_off.emplace(3, "2026-12-24");
  const auto slots =
      ExpandRules(rules, Utc("2026-12-24", 0, 0), Utc("2026-12-25", 0, 0), calendar);
  ASSERT_EQ(slots.size(), 1u);
  EXPECT_EQ(slots[0].key.clinician_user_id, 4);
  EXPECT_EQ(SlotEndUnder(rules[0], {"cardiology", 3, Utc("2026-12-24", 8, 0)}, calendar), 0);
  EXPECT_NE(SlotEndUnder(rules[0], {"cardiology", 3, Utc("2026-12-31", 8, 0)}, calendar), 0);
}

TEST(SlotCalendarTest, LoadsOnlyKnownTimeZones) {
  EXPECT_TRUE(LoadTimeZone("UTC").ok());
  EXPECT_TRUE(LoadTimeZone("America/New_York").ok());
  for (const char* name : {"", "Mars/Olympus", "../../etc/passwd", "Europe/Berlin "}) {
    EXPECT_EQ(ErrorCode(LoadTimeZone(name).status()), "invalid_time_zone") << name;
  }
}

}  // namespace
}  // namespace mc::care
