#include "auth/address_throttle.h"

#include <gtest/gtest.h>

namespace mc {
namespace {

TEST(AddressThrottleTest, DelayDoublesAndCaps) {
  AddressThrottle throttle({2, 4000, 10});
  throttle.RecordFailure("a", 0);
  throttle.RecordFailure("a", 0);
  EXPECT_EQ(throttle.RetryAfterMs("a", 0), 1000);
  throttle.RecordFailure("a", 0);
  EXPECT_EQ(throttle.RetryAfterMs("a", 0), 2000);
  throttle.RecordFailure("a", 0);
  throttle.RecordFailure("a", 0);
  throttle.RecordFailure("a", 0);
  EXPECT_EQ(throttle.RetryAfterMs("a", 0), 4000);
  EXPECT_EQ(throttle.RetryAfterMs("b", 0), 0);
  EXPECT_EQ(throttle.Failures("a", 0), 6);
  EXPECT_EQ(throttle.Failures("b", 0), 0);
  EXPECT_EQ(throttle.RetryAfterMs("a", 3600 * 1000), 0);  // an hour later
}

TEST(AddressThrottleTest, BoundedMemory) {
  AddressThrottle throttle({0, 4000, 2});
  throttle.RecordFailure("a", 1);
  throttle.RecordFailure("b", 2);
  throttle.RecordFailure("c", 3);
  EXPECT_EQ(throttle.RetryAfterMs("a", 3), 0);  // evicted, oldest
  EXPECT_GT(throttle.RetryAfterMs("c", 3), 0);
}

}  // namespace
}  // namespace mc
