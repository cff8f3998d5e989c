// Proximity voice's rules (protocol version 6): signaling between two people
// in a shared space is relayed only when both have voice on, they stand
// within the release distance, and the zones they stand in allow it; a
// members-only room's members call each other as before.
#include "world/voice_signal.h"

#include <gtest/gtest.h>

#include <map>

#include "world/world_test_support.h"

namespace mc::world {
namespace {

using namespace protocol;  // NOLINT: the test speaks the protocol
using testing::FakeConnection;
using testing::SpaceFromJson;

// A hall with a waiting area (voice off by its kind), a staff corner and a
// quiet side room that says "off" itself; spawn points put people where the
// tests need them.
constexpr const char* kHall = R"({
  "id": "hall", "name": "Hall", "policy": "public", "capacity": 20,
  "bounds": {"min": [-60, 0, -60], "max": [60, 3, 60]},
  "zones": [
    {"id": "waiting", "kind": "waiting", "box": {"min": [40, 0, -10], "max": [60, 3, 10]}},
    {"id": "desk", "kind": "staff", "box": {"min": [-60, 0, -10], "max": [-40, 3, 10]}},
    {"id": "nook", "kind": "hall", "voice": "off", "box": {"min": [-10, 0, 40], "max": [10, 3, 60]}}
  ],
  "spawn_points": [
    {"position": [0, 0, 0]}, {"position": [3, 0, 0]}, {"position": [20, 0, 0]},
    {"position": [50, 0, 0]}, {"position": [52, 0, 0]},
    {"position": [-50, 0, 0]}, {"position": [-48, 0, 0]}
  ]})";

const SpaceDefinition& Hall() {
  static const SpaceDefinition hall = SpaceFromJson(kHall);
  return hall;
}

VoiceParty At(float x, float z, uint8_t activity = kActivityVoice,
              EntityKind kind = EntityKind::kPerson) {
  return VoiceParty{{x, 0, z}, activity, kind};
}

std::string CodeOf(const Status& status) {
  return status.ok() ? "" : std::string(ErrorCode(status));
}

TEST(VoicePolicy, ZonesTakeTheirKindsDefaultUnlessTheySayOtherwise) {
  EXPECT_EQ(VoicePolicyAt(Hall(), {50, 0, 0}), VoicePolicy::kOff);
  EXPECT_EQ(VoicePolicyAt(Hall(), {-50, 0, 0}), VoicePolicy::kStaff);
  EXPECT_EQ(VoicePolicyAt(Hall(), {0, 0, 50}), VoicePolicy::kOff);
  EXPECT_EQ(VoicePolicyAt(Hall(), {0, 0, 0}), VoicePolicy::kOpen);
  auto bad = ParseSpaceDefinition(
      R"({"id": "x", "name": "X", "policy": "public", "capacity": 1,
          "voice": "loud", "bounds": {"min": [0,0,0], "max": [1,1,1]}})",
      "x.json");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(MessageOf(bad.status()).find("voice"), std::string::npos);
}

TEST(VoicePolicy, TheSmallestZoneHoldingAPointDecides) {
  const SpaceDefinition space = SpaceFromJson(R"({
    "id": "s", "name": "S", "policy": "public", "capacity": 1,
    "bounds": {"min": [-20, 0, -20], "max": [20, 3, 20]}, "voice": "off",
    "spawn_points": [{"position": [0, 0, 0]}],
    "zones": [
      {"id": "big", "kind": "hall", "box": {"min": [-10, 0, -10], "max": [10, 3, 10]}},
      {"id": "small", "kind": "waiting", "box": {"min": [-2, 0, -2], "max": [2, 3, 2]}}
    ]})");
  EXPECT_EQ(VoicePolicyAt(space, {0, 0, 0}), VoicePolicy::kOff);
  EXPECT_EQ(VoicePolicyAt(space, {5, 0, 5}), VoicePolicy::kOpen);
  EXPECT_EQ(VoicePolicyAt(space, {15, 0, 15}), VoicePolicy::kOff);  // space's
}

TEST(CheckVoiceSignal, BothNeedVoiceOnAndToStandWithinReach) {
  EXPECT_TRUE(CheckVoiceSignal(Hall(), SignalKind::kOffer, At(0, 0), At(3, 0)).ok());
  EXPECT_TRUE(CheckVoiceSignal(Hall(), SignalKind::kOffer, At(0, 0),
                               At(0, kVoiceReleaseM - 0.01f)).ok());
  EXPECT_EQ(CodeOf(CheckVoiceSignal(Hall(), SignalKind::kOffer, At(0, 0),
                                    At(0, kVoiceReleaseM + 0.01f))),
            "voice_out_of_range");
  EXPECT_EQ(CodeOf(CheckVoiceSignal(Hall(), SignalKind::kIce, At(0, 0, 0),
                                    At(3, 0))),
            "voice_not_on");
  EXPECT_EQ(CodeOf(CheckVoiceSignal(Hall(), SignalKind::kAnswer, At(0, 0),
                                    At(3, 0, kActivityTyping))),
            "peer_voice_off");
  // Muted people still hold their connections (they can unmute at once).
  EXPECT_TRUE(CheckVoiceSignal(Hall(), SignalKind::kOffer,
                               At(0, 0, kActivityVoice | kActivityMuted),
                               At(3, 0)).ok());
}

TEST(CheckVoiceSignal, ZonesWithVoiceOffOrStaffOnlyRefuse) {
  EXPECT_EQ(CodeOf(CheckVoiceSignal(Hall(), SignalKind::kOffer, At(50, 0),
                                    At(52, 0))),
            "voice_off_here");
  EXPECT_EQ(CodeOf(CheckVoiceSignal(Hall(), SignalKind::kOffer, At(36, 0),
                                    At(42, 0))),  // they stand in it
            "voice_off_here");
  const VoiceParty nurse = At(-50, 0, kActivityVoice, EntityKind::kStaff);
  const VoiceParty doctor = At(-48, 0, kActivityVoice, EntityKind::kStaff);
  EXPECT_TRUE(CheckVoiceSignal(Hall(), SignalKind::kOffer, nurse, doctor).ok());
  EXPECT_EQ(CodeOf(CheckVoiceSignal(Hall(), SignalKind::kOffer, nurse,
                                    At(-44, 0))),
            "voice_staff_only");
}

TEST(CheckVoiceSignal, HangingUpIsAlwaysAllowed) {
  EXPECT_TRUE(CheckVoiceSignal(Hall(), SignalKind::kBye, At(0, 0, 0),
                               At(50, 0, 0)).ok());
}

class WorldVoiceTest : public testing::WorldFixture {
 protected:
  void SetUp() override {
    std::vector<SpaceDefinition> spaces;
    spaces.push_back(Hall());
    spaces.push_back(SpaceFromJson(R"({
      "id": "consult", "name": "Consult", "policy": "members-only",
      "template": true, "capacity": 4,
      "bounds": {"min": [-20, 0, -20], "max": [20, 3, 20]},
      "spawn_points": [{"position": [-15, 0, 0]}, {"position": [15, 0, 0]}]})"));
    MakeWorld(std::move(spaces));
  }

  // Joins `space` at the next spawn point with voice on (or not).
  FakeConnection& Person(const std::string& role, bool voice = true,
                         const std::string& space = "hall") {
    FakeConnection& connection = Connect(role, next_user_++);
    Send(connection, Hello{1, kVersion, 0});
    entity_[connection.id] = connection.Last<Welcome>().entity;
    Send(connection, Join{space});
    Tick();
    if (voice) Send(connection, Activity{kActivityVoice});
    Tick();
    connection.Clear();
    return connection;
  }
  void Offer(FakeConnection& from, FakeConnection& to) {
    Send(from, Signal{SignalKind::kOffer, entity_[to.id], "v=0"});
    Tick();
  }
  // The code of the last signal_refused `from` got, which must name `to`
  // (version 7); "" when none.
  std::string Refusal(FakeConnection& from, FakeConnection& to) {
    EXPECT_TRUE(from.All<Error>().empty());
    const auto refusals = from.All<SignalRefused>();
    if (refusals.empty()) return "";
    EXPECT_EQ(refusals.back().peer, entity_[to.id]);
    EXPECT_EQ(refusals.back().kind, SignalKind::kOffer);
    return refusals.back().code;
  }

  int64_t next_user_ = 1;
  std::map<uint64_t, uint32_t> entity_;
};

TEST_F(WorldVoiceTest, NeighboursWithVoiceOnAreRelayedTheFarOneIsRefused) {
  FakeConnection& alex = Person("patient");  // (0, 0)
  FakeConnection& sam = Person("patient");   // (3, 0)
  FakeConnection& far = Person("patient");   // (20, 0)
  Offer(alex, sam);
  ASSERT_EQ(sam.All<SignalRelay>().size(), 1u);
  EXPECT_EQ(sam.Last<SignalRelay>().from, entity_[alex.id]);
  Offer(far, alex);
  EXPECT_EQ(Refusal(far, alex), "voice_out_of_range");
  EXPECT_TRUE(alex.All<SignalRelay>().empty());
  // Hanging up reaches them whatever the distance.
  Send(far, Signal{SignalKind::kBye, entity_[alex.id], ""});
  Tick();
  EXPECT_EQ(alex.All<SignalRelay>().size(), 1u);
}

TEST_F(WorldVoiceTest, VoiceOffOnEitherSideIsRefused) {
  FakeConnection& alex = Person("patient", /*voice=*/false);
  FakeConnection& sam = Person("patient");
  Offer(alex, sam);
  EXPECT_EQ(Refusal(alex, sam), "voice_not_on");
  Offer(sam, alex);
  EXPECT_EQ(Refusal(sam, alex), "peer_voice_off");
  EXPECT_TRUE(alex.All<SignalRelay>().empty());
  EXPECT_TRUE(sam.All<SignalRelay>().empty());
}

TEST_F(WorldVoiceTest, AWaitingAreaOpensNoVoice) {
  Person("patient");
  Person("patient");
  Person("patient");
  FakeConnection& first = Person("patient");  // (50, 0): waiting
  FakeConnection& second = Person("patient");  // (52, 0): waiting
  Offer(first, second);
  EXPECT_EQ(Refusal(first, second), "voice_off_here");
  EXPECT_TRUE(second.All<SignalRelay>().empty());
}

TEST_F(WorldVoiceTest, AJoinClearsVoiceSoANewSpaceStartsSilent) {
  FakeConnection& alex = Person("patient");
  FakeConnection& sam = Person("patient");
  Send(alex, Leave{});
  Send(alex, Join{"hall"});
  Tick();
  Offer(sam, alex);
  EXPECT_EQ(Refusal(sam, alex), "peer_voice_off");
}

TEST_F(WorldVoiceTest, MembersOfAPrivateRoomCallWithoutVoiceRules) {
  auto id = world_->CreatePrivateSpace("consult", {"user:1", "user:2"});
  ASSERT_TRUE(id.ok());
  FakeConnection& doctor = Person("clinician", /*voice=*/false, *id);
  FakeConnection& patient = Person("patient", /*voice=*/false, *id);  // 30 m
  Offer(doctor, patient);
  EXPECT_EQ(Refusal(doctor, patient), "");
  EXPECT_EQ(patient.All<SignalRelay>().size(), 1u);
}

TEST_F(WorldVoiceTest, ARefusalNamesItsPeerAndAnOlderSessionGetsAnError) {
  FakeConnection& alex = Person("patient");  // (0, 0)
  FakeConnection& sam = Person("patient");   // (3, 0)
  FakeConnection& far = Person("patient");   // (20, 0)
  // Two offers in one tick, both refused: each refusal names its own peer.
  Send(far, Signal{SignalKind::kOffer, entity_[alex.id], "v=0"});
  Send(far, Signal{SignalKind::kIce, entity_[sam.id], "{}"});
  Tick();
  const auto refusals = far.All<SignalRefused>();
  ASSERT_EQ(refusals.size(), 2u);
  EXPECT_EQ(refusals[0].peer, entity_[alex.id]);
  EXPECT_EQ(refusals[0].kind, SignalKind::kOffer);
  EXPECT_EQ(refusals[1].peer, entity_[sam.id]);
  EXPECT_EQ(refusals[1].kind, SignalKind::kIce);
  EXPECT_EQ(refusals[1].code, "voice_out_of_range");
  // A version-6 session gets the same refusal as `error` in reply to signal.
  FakeConnection& old = Connect("patient", next_user_++);
  Send(old, Hello{1, kVoiceVersion, 0});
  Send(old, Join{"hall"});
  Tick();
  Send(old, Activity{kActivityVoice});
  Tick();
  old.Clear();
  Send(old, Signal{SignalKind::kOffer, 999999, "v=0"});
  Tick();
  EXPECT_TRUE(old.All<SignalRefused>().empty());
  ASSERT_EQ(old.All<Error>().size(), 1u);
  EXPECT_EQ(old.Last<Error>().in_reply_to, 0x09);
  EXPECT_EQ(old.Last<Error>().code, "peer_not_found");
}

}  // namespace
}  // namespace mc::world
