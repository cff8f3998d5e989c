#include "net/connection_limits.h"

#include <gtest/gtest.h>

#include <vector>

namespace mc {
namespace {

TEST(ConnectionLimitsTest, PerSessionAndPerAccountAndReleasedOnClose) {
  ConnectionLimits limits({2, 3});
  std::vector<std::unique_ptr<ConnectionLimits::Ticket>> held;
  held.push_back(*limits.Acquire("session-a", 7));
  held.push_back(*limits.Acquire("session-a", 7));
  EXPECT_EQ(ErrorCode(limits.Acquire("session-a", 7).status()), "too_many_connections");
  held.push_back(*limits.Acquire("session-b", 7));
  EXPECT_EQ(ErrorCode(limits.Acquire("session-c", 7).status()), "too_many_connections");
  EXPECT_TRUE(limits.Acquire("session-d", 8).ok());  // another account
  held.erase(held.begin());                          // one tab closed
  EXPECT_TRUE(limits.Acquire("session-a", 7).ok());
}

TEST(ConnectionLimitsTest, GuestsCountPerSessionOnly) {
  ConnectionLimits limits({1, 1});
  auto first = limits.Acquire("guest-1", 0);
  ASSERT_TRUE(first.ok());
  EXPECT_TRUE(limits.Acquire("guest-2", 0).ok());
  EXPECT_EQ(ErrorCode(limits.Acquire("guest-1", 0).status()), "too_many_connections");
}

}  // namespace
}  // namespace mc
