#include "care/slot_calendar.h"

#include <gtest/gtest.h>

namespace mc::care {
namespace {

constexpr int64_t kJanuaryFirst2026 = 1'767'225'600'000;  // a Thursday

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
                                 kJanuaryFirst2026 + 2 * kMillisecondsPerDay);
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
                        slots[3].key.start_unix_ms)
                .size(),
            2u);
}

TEST(SlotCalendarTest, ChecksASlotAgainstItsRule) {
  const AvailabilityRow rule{7, "dermatology", 4, 9 * 60, 10 * 60, 30};
  const int64_t nine = kJanuaryFirst2026 + 9 * 60 * kMillisecondsPerMinute;
  EXPECT_EQ(SlotEndUnder(rule, {"dermatology", 7, nine}),
            nine + 30 * kMillisecondsPerMinute);
  EXPECT_EQ(SlotEndUnder(rule, {"dermatology", 7, nine + 60'000}), 0);
  EXPECT_EQ(SlotEndUnder(rule, {"dermatology", 7, nine + 3'600'000}), 0);
  EXPECT_EQ(SlotEndUnder(rule, {"dermatology", 8, nine}), 0);
  EXPECT_EQ(SlotEndUnder(rule, {"cardiology", 7, nine}), 0);
  EXPECT_EQ(SlotEndUnder(rule, {"dermatology", 7, nine + kMillisecondsPerDay}),
            0);
  EXPECT_EQ(
      SlotEndUnder(rule, {"dermatology", 7, nine + 7 * kMillisecondsPerDay}),
      nine + 7 * kMillisecondsPerDay + 30 * kMillisecondsPerMinute);
}

}  // namespace
}  // namespace mc::care
