#include "core/status.h"

#include <gtest/gtest.h>

#include "core/clock.h"
#include "core/error_map.h"

namespace mc {
namespace {

TEST(StatusTest, AttachedCodeWins) {
  Status status = InvalidArgument("weak_password", "too common");
  EXPECT_EQ(ErrorCode(status), "weak_password");
  EXPECT_EQ(HttpStatusFor(status), 400);
}

TEST(StatusTest, DefaultCodeFromCanonical) {
  EXPECT_EQ(ErrorCode(absl::NotFoundError("x")), "not_found");
}

TEST(ErrorMapTest, BodyTooLargeIs413AndRateLimitIs429) {
  EXPECT_EQ(HttpStatusFor(ResourceExhausted("body_too_large", "big")), 413);
  EXPECT_EQ(HttpStatusFor(ResourceExhausted("too_many_attempts", "slow")), 429);
  EXPECT_EQ(HttpStatusFor(ResourceExhausted("headers_too_large", "big")), 431);
}

TEST(ErrorMapTest, InternalErrorsHideTheirMessage) {
  std::string json = ErrorJson(absl::InternalError("sqlite: disk I/O at x"));
  EXPECT_EQ(json, R"({"error":{"code":"internal","message":"internal error"}})");
}

TEST(ErrorMapTest, WebSocketCloseCodes) {
  EXPECT_EQ(WebSocketCloseCodeFor(Unauthenticated("no_session", "x")), 1008);
  EXPECT_EQ(WebSocketCloseCodeFor(InvalidArgument("bad_frame", "x")), 1007);
}

StatusOr<int> Half(int value) {
  if (value % 2) return InvalidArgument("odd", "odd value");
  return value / 2;
}

Status UseMacros(int value, int* out) {
  MC_ASSIGN_OR_RETURN(int half, Half(value));
  MC_RETURN_IF_ERROR(Status());
  *out = half;
  return Status();
}

TEST(StatusTest, Macros) {
  int out = 0;
  EXPECT_TRUE(UseMacros(4, &out).ok());
  EXPECT_EQ(out, 2);
  EXPECT_EQ(ErrorCode(UseMacros(3, &out)), "odd");
}

TEST(ClockTest, FormatsIsoUtc) {
  EXPECT_EQ(FormatIsoUtc(0), "1970-01-01T00:00:00.000Z");
  FakeClock clock(1000);
  clock.AdvanceMs(500);
  EXPECT_EQ(clock.NowUnixMs(), 1500);
}

TEST(ClockTest, ParsesIsoUtcBackAndRefusesTheRest) {
  for (int64_t ms : {int64_t{0}, int64_t{1'767'225'600'000},
                     int64_t{951'782'400'123}, int64_t{4'102'444'799'999}})
    EXPECT_EQ(*ParseIsoUtc(FormatIsoUtc(ms)), ms) << FormatIsoUtc(ms);
  EXPECT_EQ(*ParseIsoUtc("2026-01-01T14:30Z"), 1'767'277'800'000);
  EXPECT_EQ(*ParseIsoUtc("2024-02-29T00:00:00Z"), 1'709'164'800'000);
  for (const char* bad :
       {"", "2026-01-01", "2026-01-01T14:30", "2026-01-01T14:30+01:00",
        "2026-13-01T00:00Z", "2025-02-29T00:00Z", "2026-01-01T24:00Z",
        "2026-01-01T14:30:60Z", "2026-01-01T14:30:00.1Z", "x026-01-01T00:00Z"})
    EXPECT_EQ(ErrorCode(ParseIsoUtc(bad).status()), "invalid_time") << bad;
}

}  // namespace
}  // namespace mc

namespace mc {
namespace {

TEST(StatusTest, PathAndUnprocessableTravelWithTheStatus) {
  Status status = WithPath(InvalidArgument("missing_element", "status is required"),
                           "Observation.status");
  EXPECT_EQ(ErrorPath(status), "Observation.status");
  EXPECT_EQ(ErrorCode(status), "missing_element");
  EXPECT_EQ(HttpStatusFor(status), 400);
  EXPECT_EQ(ErrorPath(NotFound("x", "y")), "");
  Status rule = Unprocessable("unknown_patient", "no such patient");
  EXPECT_TRUE(IsUnprocessable(rule));
  EXPECT_EQ(HttpStatusFor(rule), 422);
  EXPECT_EQ(ErrorCode(rule), "unknown_patient");
}

}  // namespace
}  // namespace mc
