// Interest management with thousands of fake clients, driven through the
// pure World::Tick: bounded views, bounded bytes, nearest-first, and deltas
// that reconstruct the true state.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <random>

#include "core/crypto.h"
#include "world/world_test_support.h"

namespace mc::world {
namespace {

using namespace protocol;  // NOLINT
using testing::FakeConnection;

const Box3 kBounds{{-100, 0, -100}, {100, 4, 100}};

// What a client believes about the entities it sees, rebuilt from the
// snapshots it received, exactly as a browser would.
struct ClientView {
  std::map<uint32_t, AvatarPose> entities;
  size_t max_entities = 0;

  void Apply(const Snapshot& snapshot) {
    for (const SnapshotRecord& r : snapshot.records) {
      if (r.flags & kRecordLeft) {
        ASSERT_EQ(entities.erase(r.entity), 1u)
            << "left an entity never entered";
        continue;
      }
      if (r.flags & kRecordEntered) {
        ASSERT_EQ(entities.count(r.entity), 0u) << "entered twice";
        entities[r.entity] = AvatarPose();
      } else {
        ASSERT_EQ(entities.count(r.entity), 1u)
            << "update for an unknown entity";
      }
      AvatarPose& pose = entities[r.entity];
      const bool delta = r.flags & kRecordDelta;
      auto position = [&](Transform& t, const int32_t* p) {
        t.x = static_cast<uint16_t>(delta ? t.x + p[0] : p[0]);
        t.y = static_cast<uint16_t>(delta ? t.y + p[1] : p[1]);
        t.z = static_cast<uint16_t>(delta ? t.z + p[2] : p[2]);
      };
      if (r.flags & kRecordBodyPosition) position(pose.body, r.body_position);
      if (r.flags & kRecordBodyRotation) pose.body.rotation = r.body_rotation;
      if (r.flags & kRecordHeadPosition) position(pose.head, r.head_position);
      if (r.flags & kRecordHeadRotation) pose.head.rotation = r.head_rotation;
      if (r.flags & kRecordHands) {
        pose.has_hands = r.has_hands;
        pose.left_hand = r.has_hands ? r.left_hand : Transform();
        pose.right_hand = r.has_hands ? r.right_hand : Transform();
      }
    }
    max_entities = std::max(max_entities, entities.size());
  }
};

class InterestTest : public testing::WorldFixture {
 protected:
  static constexpr int kClients = 2000;

  void SetUp() override {
    ASSERT_TRUE(InitCrypto().ok());
    auto lobby = testing::SpaceFromJson(R"({
      "id": "lobby", "name": "Lobby", "policy": "public", "capacity": 12000,
      "bounds": {"min": [-100, 0, -100], "max": [100, 4, 100]},
      "spawn_points": [{"position": [0, 0, 0]}]})");
    WorldOptions options;
    options.max_speed_m_per_s = 1e6f;  // lets the test place clients anywhere
    options.frames_burst = 1e6;
    // Counts here assume a snapshot every tick, however slow this machine.
    options.max_snapshot_interval_ticks = 1;
    std::vector<SpaceDefinition> spaces;
    spaces.push_back(std::move(lobby));
    MakeWorld(std::move(spaces), options);
    std::mt19937 random(3);
    // Half the crowd packed in a 40 m square, half spread over the rest.
    std::uniform_real_distribution<float> dense(-20, 20), sparse(-95, 95);
    for (int i = 0; i < kClients; ++i) {
      FakeConnection& c = Connect("bot");
      Greet(c, i % 10 == 0 ? kFlagLowData : 0);
      Send(c, Join{"lobby"});
      positions_.push_back(i % 2 ? Vec3{dense(random), 0, dense(random)}
                                 : Vec3{sparse(random), 0, sparse(random)});
      clients_.push_back(&c);
    }
    Tick();
    views_.resize(kClients);
    for (int i = 0; i < kClients; ++i) {
      ASSERT_EQ(clients_[i]->All<Joined>().size(), 1u);
      for (const Snapshot& s : clients_[i]->All<Snapshot>()) views_[i].Apply(s);
      clients_[i]->Clear();
    }
  }

  Pose PoseFor(int i, uint32_t sequence) const {
    Pose pose;
    pose.sequence = sequence;
    const auto q = QuantizePosition(positions_[i], kBounds);
    const uint32_t rotation = PackRotation(
        {0, std::sin(sequence * 0.1f), 0, std::cos(sequence * 0.1f)});
    pose.pose.body = {q.x, q.y, q.z, rotation};
    const auto h =
        QuantizePosition({positions_[i].x, 1.6f, positions_[i].z}, kBounds);
    pose.pose.head = {h.x, h.y, h.z, rotation};
    return pose;
  }

  void SendAllPoses(uint32_t sequence) {
    for (int i = 0; i < kClients; ++i) Send(*clients_[i], PoseFor(i, sequence));
  }

  // Ticks, feeding every client's snapshots into its view and checking the
  // per-frame byte cap; returns total snapshot bytes per client.
  std::vector<size_t> RunTicks(int ticks, std::vector<ClientView>& views,
                               bool move) {
    std::vector<size_t> bytes(kClients, 0);
    std::mt19937 random(5);
    std::uniform_real_distribution<float> step(-0.2f, 0.2f);
    for (int t = 0; t < ticks; ++t) {
      if (move) {
        for (auto& p : positions_) {
          p.x = std::clamp(p.x + step(random), -99.0f, 99.0f);
          p.z = std::clamp(p.z + step(random), -99.0f, 99.0f);
        }
        SendAllPoses(++sequence_);
      }
      Tick();
      for (int i = 0; i < kClients; ++i) {
        const bool low = i % 10 == 0;
        for (const auto& [frame, delivery] : clients_[i]->frames) {
          // A frame never exceeds two ticks of budget.
          EXPECT_LE(frame.size(), low ? 2 * 103u : 2 * 410u);
          bytes[i] += frame.size();
        }
        for (const Snapshot& s : clients_[i]->All<Snapshot>())
          views[i].Apply(s);
        clients_[i]->Clear();
      }
    }
    return bytes;
  }

  std::vector<ClientView> views_;
  std::vector<FakeConnection*> clients_;
  std::vector<Vec3> positions_;
  uint32_t sequence_ = 0;
};

TEST_F(InterestTest, ThousandsOfClientsStayWithinViewAndByteBudgets) {
  std::vector<ClientView>& views = views_;
  SendAllPoses(++sequence_);
  const int ticks = 100;  // 5 s
  std::vector<size_t> bytes = RunTicks(ticks, views, /*move=*/true);
  const double seconds = ticks * 0.05;
  for (int i = 0; i < kClients; ++i) {
    const double budget = i % 10 == 0 ? 2048 : 8192;
    // Budget per second plus the two-tick burst allowance.
    EXPECT_LE(bytes[i] / seconds, budget + 2 * budget / 20 / seconds) << i;
    EXPECT_LE(views[i].max_entities, 64u) << i;
  }
  // Dense-area clients are saturated: they use most of their budget.
  EXPECT_GT(bytes[1] / seconds, 0.8 * 8192);
}

TEST_F(InterestTest, StaticCrowdConvergesToTheNearestKWithExactState) {
  std::vector<ClientView>& views = views_;
  SendAllPoses(++sequence_);
  RunTicks(200, views, /*move=*/false);  // long enough to send everything
  std::vector<uint32_t> entity(kClients);
  for (int i = 0; i < kClients; ++i)
    entity[i] = static_cast<uint32_t>(clients_[i]->id);
  int checked = 0;
  for (int i = 0; i < kClients; i += 37) {
    std::vector<std::pair<float, int>> by_distance;
    for (int j = 0; j < kClients; ++j) {
      if (j == i) continue;
      const float d = Distance(positions_[i], positions_[j]);
      if (d <= 30) by_distance.emplace_back(d, j);
    }
    std::sort(by_distance.begin(), by_distance.end());
    if (by_distance.size() > 64) by_distance.resize(64);
    ASSERT_EQ(views[i].entities.size(), by_distance.size()) << i;
    for (const auto& [d, j] : by_distance) {
      auto seen = views[i].entities.find(entity[j]);
      ASSERT_NE(seen, views[i].entities.end())
          << "client " << i << " misses " << j;
      EXPECT_EQ(seen->second, PoseFor(j, sequence_).pose);
    }
    ++checked;
  }
  EXPECT_GT(checked, 50);
}

TEST_F(InterestTest, MovingCrowdDeltasReconstructTheTrueState) {
  std::vector<ClientView>& views = views_;
  SendAllPoses(++sequence_);
  RunTicks(60, views, /*move=*/true);
  RunTicks(200, views, /*move=*/false);  // let every update drain
  for (int i = 0; i < kClients; i += 101) {
    for (const auto& [id, pose] : views[i].entities) {
      const int j =
          static_cast<int>(std::find_if(clients_.begin(), clients_.end(),
                                        [&](auto* c) { return c->id == id; }) -
                           clients_.begin());
      EXPECT_EQ(pose, PoseFor(j, sequence_).pose) << i << " sees " << j;
    }
  }
}

TEST_F(InterestTest, TickCostIsReported) {
  std::vector<ClientView>& views = views_;
  SendAllPoses(++sequence_);
  RunTicks(20, views, /*move=*/true);
  const auto counters = world_->Counters();
  EXPECT_EQ(counters.avatar_ticks,
            static_cast<uint64_t>(kClients) * counters.ticks);
  EXPECT_GT(counters.snapshots_sent, 0u);
}

}  // namespace
}  // namespace mc::world
