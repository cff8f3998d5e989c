// Avatar appearance and activity through the World (protocol version 5):
// chosen styles reach everyone once (on join and on change), bad values are
// refused with a stable code, older clients are never sent avatar_info and
// keep working, and the typing flag reaches the people nearby.
#include <gtest/gtest.h>

#include <map>

#include "world/world_test_support.h"

namespace mc::world {
namespace {

using namespace protocol;  // NOLINT: the test speaks the protocol
using testing::FakeConnection;
using testing::SpaceFromJson;

class WorldAvatarsTest : public testing::WorldFixture {
 protected:
  void SetUp() override {
    std::vector<SpaceDefinition> spaces;
    spaces.push_back(SpaceFromJson(R"({
      "id": "lobby", "name": "Lobby", "policy": "public", "capacity": 10,
      "bounds": {"min": [-50, 0, -50], "max": [50, 3, 50]},
      "spawn_points": [{"position": [0, 0, 0]}, {"position": [40, 0, 40]}]})"));
    MakeWorld(std::move(spaces));
  }

  FakeConnection& Person(uint16_t version = kVersion) {
    FakeConnection& connection = Connect("patient", next_user_++);
    Send(connection, Hello{1, version, 0});
    entity_[connection.id] = connection.Last<Welcome>().entity;
    connection.Clear();
    return connection;
  }
  void JoinLobby(FakeConnection& connection) {
    Send(connection, Join{"lobby"});
    Tick();
  }

  uint32_t EntityOf(const FakeConnection& connection) {
    return entity_[connection.id];
  }

  int64_t next_user_ = 1;
  std::map<uint64_t, uint32_t> entity_;
};

TEST_F(WorldAvatarsTest, AChosenStyleReachesThoseAlreadyThereAndLaterJoiners) {
  FakeConnection& alex = Person();
  JoinLobby(alex);
  FakeConnection& sam = Person();
  JoinLobby(sam);
  EXPECT_TRUE(alex.All<AvatarInfo>().empty());  // defaults are not sent

  Send(alex, AvatarStyle{5, 2});
  Tick();
  const uint32_t alex_entity = EntityOf(alex);
  EXPECT_EQ(sam.Last<AvatarInfo>(), (AvatarInfo{alex_entity, {5, 2}, 0}));
  EXPECT_TRUE(alex.All<AvatarInfo>().empty());  // not echoed to the sender

  FakeConnection& lee = Person();
  JoinLobby(lee);
  EXPECT_EQ(lee.Last<AvatarInfo>(), (AvatarInfo{alex_entity, {5, 2}, 0}));
  EXPECT_EQ(lee.All<AvatarInfo>().size(), 1u);  // only the non-default one
}

TEST_F(WorldAvatarsTest, AStyleChosenBeforeJoiningTravelsWithTheJoin) {
  FakeConnection& sam = Person();
  JoinLobby(sam);
  FakeConnection& alex = Person();
  Send(alex, AvatarStyle{3, 1});
  Tick();
  EXPECT_TRUE(alex.All<Error>().empty());
  JoinLobby(alex);
  ASSERT_EQ(sam.All<AvatarInfo>().size(), 1u);
  EXPECT_EQ(sam.Last<AvatarInfo>().style, (AvatarStyle{3, 1}));
}

TEST_F(WorldAvatarsTest, AnUnknownColourOrShapeIsRefusedAndTheOldStyleKept) {
  FakeConnection& alex = Person();
  JoinLobby(alex);
  FakeConnection& sam = Person();
  JoinLobby(sam);
  Send(alex, AvatarStyle{kAvatarColourCount, 0});
  Send(alex, AvatarStyle{0, kAvatarShapeCount});
  Tick();
  const auto errors = alex.All<Error>();
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].code, "invalid_avatar_style");
  EXPECT_EQ(errors[0].in_reply_to,
            static_cast<uint8_t>(MessageType::kAvatarStyle));
  EXPECT_TRUE(sam.All<AvatarInfo>().empty());
  EXPECT_EQ(alex.close_code, 0);
}

TEST_F(WorldAvatarsTest, OlderClientsAreNeverSentAvatarInfoAndCannotSendIt) {
  FakeConnection& old_client = Person(kSharedSessionVersion);
  JoinLobby(old_client);
  FakeConnection& alex = Person();
  JoinLobby(alex);
  Send(alex, AvatarStyle{2, 1});
  Send(alex, Activity{kActivityTyping});
  Tick(5);
  EXPECT_TRUE(old_client.All<AvatarInfo>().empty());
  EXPECT_EQ(old_client.All<Joined>().size(), 1u);
  EXPECT_EQ(old_client.close_code, 0);

  Send(old_client, AvatarStyle{2, 1});
  EXPECT_EQ(old_client.close_code, 1003);
}

TEST_F(WorldAvatarsTest, TypingReachesThoseNearbyAndIsClearedByTheNextJoin) {
  FakeConnection& alex = Person();
  JoinLobby(alex);
  FakeConnection& far = Person();
  JoinLobby(far);  // the second spawn point, 56 m away
  FakeConnection& near = Person();
  JoinLobby(near);  // the first again, beside alex
  Send(alex, Activity{kActivityTyping});
  Tick();
  ASSERT_EQ(near.All<AvatarInfo>().size(), 1u);
  EXPECT_EQ(near.Last<AvatarInfo>().activity, kActivityTyping);
  EXPECT_TRUE(far.All<AvatarInfo>().empty());

  Send(alex, Activity{0});
  Tick();
  EXPECT_EQ(near.Last<AvatarInfo>().activity, 0);
}

TEST_F(WorldAvatarsTest, VersionFiveSeesOnlyTypingAndSpeakingAndCannotSendMore) {
  // The lobby's spawn points alternate: everyone here stands at the first.
  FakeConnection& old_client = Person(kAvatarVersion);
  JoinLobby(old_client);
  JoinLobby(Person());
  FakeConnection& current = Person();
  JoinLobby(current);
  JoinLobby(Person());
  FakeConnection& alex = Person();
  JoinLobby(alex);
  Send(alex, Activity{kActivitySpeaking | kActivityVoice | kActivitySeated});
  Tick();
  EXPECT_EQ(current.Last<AvatarInfo>().activity,
            kActivitySpeaking | kActivityVoice | kActivitySeated);
  EXPECT_EQ(old_client.Last<AvatarInfo>().activity, kActivitySpeaking);

  FakeConnection& late_old = Person(kAvatarVersion);
  JoinLobby(late_old);  // the roster is masked too
  for (const AvatarInfo& info : late_old.All<AvatarInfo>())
    EXPECT_EQ(info.activity & ~kActivityFlagsV5, 0);

  Send(old_client, Activity{kActivityVoice});
  Tick();
  EXPECT_EQ(old_client.Last<Error>().code, "unsupported_flags");
  EXPECT_EQ(old_client.close_code, 0);
}

TEST_F(WorldAvatarsTest, ActivityFloodsAreRateLimited) {
  FakeConnection& alex = Person();
  JoinLobby(alex);
  for (int i = 0; i < 20; ++i)
    Send(alex, Activity{static_cast<uint8_t>(i % 2)});
  Tick();
  bool limited = false;
  for (const Error& error : alex.All<Error>())
    limited = limited || error.code == "rate_limited";
  EXPECT_TRUE(limited);
  EXPECT_EQ(alex.close_code, 0);
}

}  // namespace
}  // namespace mc::world
