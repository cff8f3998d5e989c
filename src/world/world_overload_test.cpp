// The overload controller (NextSnapshotInterval) and its effect on a world.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "world/world_internal.h"
#include "world/world_test_support.h"

namespace mc::world {
namespace {

TEST(SnapshotInterval, GrowsWhileTicksUseMostOfTheirTime) {
  EXPECT_EQ(NextSnapshotInterval(1, 40, 50, 1, 4), 2);
  EXPECT_EQ(NextSnapshotInterval(3, 49, 50, 1, 4), 4);
  EXPECT_EQ(NextSnapshotInterval(4, 80, 50, 1, 4), 4);  // the cap
}

TEST(SnapshotInterval, ShrinksOnlyWhenTheSmallerIntervalFits) {
  // 10 ms at interval 2 would be ~20 ms at 1: over 35% of 50 ms, so it stays.
  EXPECT_EQ(NextSnapshotInterval(2, 10, 50, 1, 4), 2);
  EXPECT_EQ(NextSnapshotInterval(2, 8, 50, 1, 4), 1);
  EXPECT_EQ(NextSnapshotInterval(1, 1, 50, 1, 4), 1);  // the floor
  EXPECT_EQ(NextSnapshotInterval(3, 1, 50, 3, 4), 3);  // a configured floor
  EXPECT_EQ(NextSnapshotInterval(2, 25, 50, 1, 4), 2);  // in between: holds
}

class SnapshotIntervalWorld : public testing::WorldFixture {
 protected:
  void SetUp() override {
    WorldOptions options;
    options.snapshot_interval_ticks = 2;
    MakeWorld({testing::SpaceFromJson(R"({
      "id": "room", "name": "Room", "policy": "public", "capacity": 10,
      "bounds": {"min": [-5, 0, -5], "max": [5, 3, 5]},
      "spawn_points": [{"position": [0, 0, 0]}]})")},
              options);
  }
};

TEST_F(SnapshotIntervalWorld, AQuickWorldKeepsAndReportsTheConfiguredInterval) {
  auto& client = Enter("bot", "room");
  client.Clear();
  for (uint32_t sequence = 1; sequence <= 30; ++sequence) {
    protocol::Pose pose;  // each acknowledged by the next snapshot
    pose.sequence = sequence;
    Send(client, pose);
    Tick();  // quick ticks never stretch the interval
  }
  EXPECT_EQ(client.All<protocol::Snapshot>().size(), 15u);
  auto stats = nlohmann::json::parse(world_->StatsJson());
  EXPECT_EQ(stats["snapshot_interval_ticks"], 2);
}

}  // namespace
}  // namespace mc::world
