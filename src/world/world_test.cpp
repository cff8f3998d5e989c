#include "world/world.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/crypto.h"
#include "world/world_test_support.h"

namespace mc::world {
namespace {

using ::testing::HasSubstr;
using namespace protocol;  // NOLINT: the test speaks the protocol
using testing::FakeConnection;
using testing::SpaceFromJson;

const Box3 kRoomBounds{{-50, 0, -50}, {50, 4, 50}};

std::vector<SpaceDefinition> TestSpaces() {
  std::vector<SpaceDefinition> spaces;
  spaces.push_back(SpaceFromJson(R"({
    "id": "room", "name": "Room", "policy": "public", "capacity": 100,
    "bounds": {"min": [-50, 0, -50], "max": [50, 4, 50]},
    "walls": [{"from": [-10, 5], "to": [10, 5]}],
    "spawn_points": [{"position": [0, 0, 0]}],
    "portals": [{"id": "staff", "target": "staff-room",
                 "box": {"min": [20, 0, -1], "max": [22, 3, 1]}},
                {"id": "other", "target": "other",
                 "box": {"min": [-22, 0, -1], "max": [-20, 3, 1]}}]})"));
  spaces.push_back(SpaceFromJson(R"({
    "id": "other", "name": "Other room", "policy": "public", "capacity": 100,
    "bounds": {"min": [-50, 0, -50], "max": [50, 4, 50]},
    "spawn_points": [{"position": [0, 0, 0]}]})"));
  spaces.push_back(SpaceFromJson(R"({
    "id": "staff-room", "name": "Staff room", "policy": "staff", "capacity": 10,
    "bounds": {"min": [-5, 0, -5], "max": [5, 3, 5]},
    "spawn_points": [{"position": [0, 0, 0]}]})"));
  spaces.push_back(SpaceFromJson(R"({
    "id": "consult", "name": "Consult room", "policy": "members-only", "capacity": 4,
    "template": true, "bounds": {"min": [-5, 0, -5], "max": [5, 3, 5]},
    "spawn_points": [{"position": [0, 0, -2]}, {"position": [0, 0, 2]}]})"));
  spaces.push_back(SpaceFromJson(R"({
    "id": "beach", "name": "Beach", "policy": "invite", "capacity": 10,
    "bounds": {"min": [-5, 0, -5], "max": [5, 3, 5]},
    "spawn_points": [{"position": [0, 0, 0]}]})"));
  spaces.push_back(SpaceFromJson(R"({
    "id": "tiny", "name": "Tiny", "policy": "public", "capacity": 1,
    "bounds": {"min": [-5, 0, -5], "max": [5, 3, 5]},
    "spawn_points": [{"position": [0, 0, 0]}]})"));
  return spaces;
}

Transform At(float x, float z, float y = 0, const Box3& bounds = kRoomBounds) {
  const auto q = QuantizePosition({x, y, z}, bounds);
  return {q.x, q.y, q.z, PackRotation({0, 0, 0, 1})};
}

Pose PoseAt(uint32_t sequence, float x, float z,
            const Box3& bounds = kRoomBounds) {
  Pose pose;
  pose.sequence = sequence;
  pose.pose.body = At(x, z, 0, bounds);
  pose.pose.head = At(x, z, 1.6f, bounds);
  return pose;
}

Vec3 Where(const Transform& t, const Box3& bounds = kRoomBounds) {
  return DequantizePosition(t.x, t.y, t.z, bounds);
}

class WorldTest : public testing::WorldFixture {
 protected:
  void SetUp() override {
    ASSERT_TRUE(InitCrypto().ok());
    MakeWorld(TestSpaces(), Options());
  }
  virtual WorldOptions Options() { return WorldOptions(); }

  std::string LastError(const FakeConnection& connection) {
    return connection.Last<Error>().code;
  }
  // Walks `connection` to (x, z) in small legal steps, one per tick.
  void WalkTo(FakeConnection& connection, uint32_t& sequence, Vec3 from,
              float x, float z) {
    const float distance = std::hypot(x - from.x, z - from.z);
    const int steps = std::max(1, static_cast<int>(std::ceil(distance / 0.2f)));
    for (int i = 1; i <= steps; ++i) {
      Send(connection, PoseAt(++sequence, from.x + (x - from.x) * i / steps,
                              from.z + (z - from.z) * i / steps));
      Tick();
    }
  }
};

// ---- connection and framing ----

TEST_F(WorldTest, HelloGetsWelcomeWithEntityVersionAndBudget) {
  FakeConnection& client = Connect("patient", 7, "Pat");
  Send(client, Hello{1, kVersion, 0});
  const Welcome welcome = client.Last<Welcome>();
  EXPECT_EQ(welcome.version, kVersion);  // the highest both speak
  EXPECT_EQ(welcome.entity, static_cast<uint32_t>(client.id));
  EXPECT_EQ(welcome.tick_interval_ms, 50);
  EXPECT_EQ(welcome.byte_budget_per_second, 8192u);
  EXPECT_EQ(welcome.server_time_ms, static_cast<uint64_t>(clock_.NowUnixMs()));
  EXPECT_EQ(client.frames[0].second, Delivery::kReliable);
}

TEST_F(WorldTest, LowDataHelloGetsTheLowBudget) {
  FakeConnection& client = Connect("patient", 7);
  Send(client, Hello{1, 1, kFlagLowData});
  EXPECT_EQ(client.Last<Welcome>().byte_budget_per_second, 2048u);
}

TEST_F(WorldTest, UnsupportedVersionGetsErrorThenClose1002) {
  FakeConnection& client = Connect("patient", 7);
  // Entirely above what the server speaks.
  Send(client, Hello{static_cast<uint16_t>(kVersion + 1),
                     static_cast<uint16_t>(kVersion + 5), 0});
  EXPECT_EQ(LastError(client), "unsupported_version");
  EXPECT_EQ(client.close_code, 1002);
}

TEST_F(WorldTest, FirstMessageMustBeHello) {
  FakeConnection& client = Connect("patient", 7);
  Send(client, Join{"room"});
  EXPECT_EQ(client.close_code, 1002);
  EXPECT_THAT(client.close_reason, HasSubstr("hello"));
}

TEST_F(WorldTest, DuplicateHelloCloses1002) {
  FakeConnection& client = Connect("patient", 7);
  Greet(client);
  Send(client, Hello{});
  EXPECT_EQ(client.close_code, 1002);
}

TEST_F(WorldTest, TextFrameCloses1003) {
  FakeConnection& client = Connect("patient", 7);
  SendRaw(client, "hello", /*binary=*/false);
  EXPECT_EQ(client.close_code, 1003);
}

TEST_F(WorldTest, UnknownMessageCloses1003WithReason) {
  FakeConnection& client = Connect("patient", 7);
  Greet(client);
  SendRaw(client, std::string("\x3f\x00", 2));
  EXPECT_EQ(client.close_code, 1003);
  EXPECT_THAT(client.close_reason, HasSubstr("unknown message type 0x3f"));
}

TEST_F(WorldTest, MalformedMessageCloses1002) {
  FakeConnection& client = Connect("patient", 7);
  Greet(client);
  SendRaw(client, std::string("\x04\x01", 2));
  EXPECT_EQ(client.close_code, 1002);
  EXPECT_THAT(client.close_reason, HasSubstr("malformed pose"));
}

TEST_F(WorldTest, InvalidUtf8Closes1007) {
  FakeConnection& client = Connect("patient", 7);
  Greet(client);
  SendRaw(client, Encode(ClientMessage(Chat{ChatScope::kSpace, 0, "\xff"})));
  EXPECT_EQ(client.close_code, 1007);
}

TEST_F(WorldTest, FramesAfterCloseAreIgnored) {
  FakeConnection& client = Connect("patient", 7);
  SendRaw(client, "x", false);
  client.close_code = 0;
  Send(client, Hello{});
  EXPECT_EQ(client.close_code, 0);
  EXPECT_TRUE(client.frames.empty());
}

TEST_F(WorldTest, PingIsAnsweredAtOnceWithoutATick) {
  FakeConnection& client = Connect("patient", 7);
  Greet(client);
  Send(client, Ping{99});
  EXPECT_EQ(client.Last<Pong>().nonce, 99u);
}

TEST_F(WorldTest, IdleConnectionIsClosed1001) {
  FakeConnection& client = Connect("patient", 7);
  Greet(client);
  AdvanceMs(61 * 1000);
  Tick();
  EXPECT_EQ(client.close_code, 1001);
  EXPECT_THAT(client.close_reason, HasSubstr("idle"));
}

TEST_F(WorldTest, FloodIsThrottledWithoutAffectingOthers) {
  FakeConnection& flooder = Enter("patient", "room", 1);
  FakeConnection& calm = Enter("patient", "room", 2);
  for (int i = 0; i < 1000; ++i) Send(flooder, Emote{1});
  EXPECT_EQ(LastError(flooder), "rate_limited");
  EXPECT_EQ(flooder.close_code, 0);
  EXPECT_GT(world_->Counters().frames_throttled, 800u);
  Send(calm, Ping{1});
  EXPECT_EQ(calm.Last<Pong>().nonce, 1u);
}

TEST_F(WorldTest, OpenAfterStopIsUnavailable) {
  world_->Stop();
  ClientIdentity identity{.role = "patient"};
  auto id = world_->Open(
      identity, [](std::string_view, Delivery) { return true; },
      [](int, std::string) {});
  ASSERT_FALSE(id.ok());
  EXPECT_EQ(ErrorCode(id.status()), "world_stopping");
}

// ---- joining and access policy ----

TEST_F(WorldTest, JoinPublicSpaceGetsJoinedWithBoundsAndSpawn) {
  FakeConnection& client = Connect("patient", 7);
  Greet(client);
  Send(client, Join{"room"});
  EXPECT_TRUE(client.frames.empty());  // joins happen on the tick
  Tick();
  const Joined joined = client.Last<Joined>();
  EXPECT_EQ(joined.space, "room");
  EXPECT_EQ(joined.bounds.max.x, 50);
  EXPECT_NEAR(Where(joined.spawn).x, 0, 0.01);
}

TEST_F(WorldTest, OccupancyCountsPeoplePerSpaceOnceASecond) {
  Enter("patient", "room", 7);
  Enter("patient", "room", 8);
  Enter("patient", "tiny", 9);
  Tick(21);  // past the once-a-second count
  using Count = std::pair<std::string, size_t>;
  EXPECT_EQ(world_->Occupancy(), (std::vector<Count>{{"room", 2}, {"tiny", 1}}));
}

TEST_F(WorldTest, DisconnectUserClosesOnlyThatAccountsConnections) {
  FakeConnection& first = Enter("patient", "room", 7);
  FakeConnection& second = Enter("patient", "tiny", 7);  // a second tab
  FakeConnection& other = Enter("patient", "room", 8);
  world_->DisconnectUser(7);
  EXPECT_EQ(first.close_code, 1008);
  EXPECT_EQ(second.close_code, 1008);
  EXPECT_EQ(other.close_code, 0);
  world_->DisconnectUser(0);  // guests and bots are never closed this way
  EXPECT_EQ(other.close_code, 0);
}

TEST_F(WorldTest, UnknownSpaceIsNotFound) {
  FakeConnection& client = Connect("patient", 7);
  Greet(client);
  Send(client, Join{"nowhere"});
  Tick();
  EXPECT_EQ(LastError(client), "space_not_found");
  EXPECT_EQ(client.Last<Error>().in_reply_to, 0x02);
}

TEST_F(WorldTest, PatientCannotJoinStaffSpace) {
  FakeConnection& client = Connect("patient", 7);
  Greet(client);
  Send(client, Join{"staff-room"});
  Tick();
  EXPECT_EQ(LastError(client), "staff_only");
  EXPECT_TRUE(client.All<Joined>().empty());
}

TEST_F(WorldTest, GuestAndStudentCannotJoinStaffSpaceButNurseCan) {
  for (const char* role : {"guest", "student", "researcher"}) {
    FakeConnection& client = Connect(role, 0);
    Greet(client);
    Send(client, Join{"staff-room"});
    Tick();
    EXPECT_EQ(LastError(client), "staff_only") << role;
  }
  Enter("nurse", "staff-room", 3);
}

TEST_F(WorldTest, BotsArePublicOnly) {
  Enter("bot", "room");
  FakeConnection& bot = Connect("bot");
  Greet(bot);
  Send(bot, Join{"beach"});
  Tick();
  EXPECT_EQ(LastError(bot), "bots_public_only");
}

TEST_F(WorldTest, FullSpaceRefuses) {
  Enter("patient", "tiny", 1);
  FakeConnection& second = Connect("patient", 2);
  Greet(second);
  Send(second, Join{"tiny"});
  Tick();
  EXPECT_EQ(LastError(second), "space_full");
}

TEST_F(WorldTest, TemplateCannotBeJoinedDirectly) {
  FakeConnection& client = Connect("clinician", 1);
  Greet(client);
  Send(client, Join{"consult"});
  Tick();
  EXPECT_EQ(LastError(client), "space_is_template");
}

TEST_F(WorldTest, JoiningTheSameSpaceTwiceIsAnError) {
  FakeConnection& client = Enter("patient", "room", 1);
  Send(client, Join{"room"});
  Tick();
  EXPECT_EQ(LastError(client), "already_in_space");
}

TEST_F(WorldTest, PrivateSpaceAdmitsMembersOnly) {
  auto id =
      world_->CreatePrivateSpace("consult", {"user:1", "guest:appointment:9"});
  ASSERT_TRUE(id.ok());
  EXPECT_THAT(*id, ::testing::MatchesRegex("consult~[0-9a-f]{32}"));
  Enter("clinician", *id, 1);
  FakeConnection& guest = Connect("guest", 0, "Visitor", "appointment:9");
  Greet(guest);
  Send(guest, Join{*id});
  Tick();
  EXPECT_EQ(guest.All<Joined>().size(), 1u);
  for (const char* role : {"patient", "clinician", "admin"}) {
    FakeConnection& outsider = Connect(role, 50);
    Greet(outsider);
    Send(outsider, Join{*id});
    Tick();
    EXPECT_EQ(LastError(outsider), "members_only") << role;
  }
}

TEST_F(WorldTest, AMemberNamedInASpaceShowsThatNameThereOnly) {
  auto id = world_->CreatePrivateSpace("consult", {"user:1", "user:2"});
  ASSERT_TRUE(id.ok());
  ASSERT_TRUE(world_->NameMember(*id, "user:2", "Alex").ok());
  EXPECT_EQ(ErrorCode(world_->NameMember("nope", "user:2", "Alex")), "space_not_found");
  Enter("patient", *id, 2, "Alex Morgan");
  FakeConnection& host = Enter("clinician", *id, 1, "Dr. Ada");
  Tick();
  auto snapshots = host.All<Snapshot>();
  ASSERT_FALSE(snapshots.empty());
  EXPECT_EQ(snapshots.back().records.at(0).name, "Alex");
  // Elsewhere they keep their own name.
  Enter("patient", "room", 2, "Alex Morgan");  // a second connection of theirs
  FakeConnection& other = Enter("clinician", "room", 3, "Dr. Bo");
  Tick();
  ASSERT_FALSE(other.All<Snapshot>().empty());
  EXPECT_EQ(other.All<Snapshot>().back().records.at(0).name, "Alex Morgan");
}

TEST_F(WorldTest, PrivateSpaceFromUnknownTemplateIsNotFound) {
  EXPECT_EQ(ErrorCode(world_->CreatePrivateSpace("nope", {}).status()),
            "space_not_found");
}

TEST_F(WorldTest, PrivateSpaceIdsAreUnique) {
  auto a = world_->CreatePrivateSpace("consult", {"user:1"});
  auto b = world_->CreatePrivateSpace("consult", {"user:1"});
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(*a, *b);
}

TEST_F(WorldTest, RemovedMemberIsMovedOut) {
  auto id = world_->CreatePrivateSpace("consult", {"user:1", "user:2"});
  ASSERT_TRUE(id.ok());
  FakeConnection& stays = Enter("clinician", *id, 1);
  FakeConnection& removed = Enter("patient", *id, 2);
  ASSERT_TRUE(world_->RemoveMember(*id, "user:2").ok());
  Tick();
  EXPECT_EQ(removed.Last<Left>().reason, LeftReason::kRemoved);
  EXPECT_TRUE(stays.All<Left>().empty());
  EXPECT_EQ(ErrorCode(world_->RemoveMember("nope", "user:1")),
            "space_not_found");
}

TEST_F(WorldTest, ClosingAPrivateSpaceMovesEveryoneOut) {
  auto id = world_->CreatePrivateSpace("consult", {"user:1"});
  ASSERT_TRUE(id.ok());
  FakeConnection& inside = Enter("clinician", *id, 1);
  ASSERT_TRUE(world_->ClosePrivateSpace(*id).ok());
  Tick();
  EXPECT_EQ(inside.Last<Left>().reason, LeftReason::kRemoved);
  EXPECT_EQ(ErrorCode(world_->SpaceJson(*id).status()), "space_not_found");
  EXPECT_EQ(ErrorCode(world_->ClosePrivateSpace("room")), "not_private");
  EXPECT_EQ(ErrorCode(world_->ClosePrivateSpace("nope")), "space_not_found");
}

TEST_F(WorldTest, InviteSpaceAdmitsStaffAndInvitees) {
  FakeConnection& patient = Connect("patient", 5);
  Greet(patient);
  Send(patient, Join{"beach"});
  Tick();
  EXPECT_EQ(LastError(patient), "invite_only");
  Enter("therapist", "beach", 1);
  ASSERT_TRUE(world_->AddMember("beach", "user:5").ok());
  patient.Clear();
  Send(patient, Join{"beach"});
  Tick();
  EXPECT_EQ(patient.All<Joined>().size(), 1u);
  EXPECT_EQ(ErrorCode(world_->AddMember("nope", "user:5")), "space_not_found");
}

TEST_F(WorldTest, LeaveSendsLeftAndStopsSnapshots) {
  FakeConnection& a = Enter("patient", "room", 1);
  Enter("patient", "room", 2);
  Send(a, Leave{});
  Tick();
  EXPECT_EQ(a.Last<Left>().reason, LeftReason::kRequested);
  a.Clear();
  Tick(5);
  EXPECT_TRUE(a.All<Snapshot>().empty());
  Send(a, Leave{});
  Tick();
  EXPECT_EQ(LastError(a), "not_in_space");
}

// ---- snapshots ----

TEST_F(WorldTest, OthersEnterViewWithNameThenMoveAsDeltas) {
  FakeConnection& a = Enter("clinician", "room", 1, "Dr. Ada");
  FakeConnection& b = Enter("patient", "room", 2, "Bob");
  Tick();
  auto snapshots = b.All<Snapshot>();
  ASSERT_FALSE(snapshots.empty());
  const SnapshotRecord& entered = snapshots.back().records.at(0);
  EXPECT_EQ(entered.entity, static_cast<uint32_t>(a.id));
  EXPECT_TRUE(entered.flags & kRecordEntered);
  EXPECT_EQ(entered.name, "Dr. Ada");
  EXPECT_EQ(entered.kind, EntityKind::kStaff);
  EXPECT_EQ(b.frames.back().second, Delivery::kDroppable);

  b.Clear();
  Send(a, PoseAt(1, 0.1f, 0.05f));
  Tick();
  const Snapshot update = b.Last<Snapshot>();
  ASSERT_EQ(update.records.size(), 1u);
  const SnapshotRecord& delta = update.records[0];
  EXPECT_EQ(delta.flags & (kRecordDelta | kRecordBodyPosition),
            kRecordDelta | kRecordBodyPosition);
  EXPECT_FALSE(delta.flags & kRecordBodyRotation);  // unchanged: not sent
  EXPECT_NEAR(delta.body_position[0] * 100.0 / 65535, 0.1, 0.01);
  EXPECT_EQ(a.Last<Snapshot>().ack_sequence, 1u);

  b.Clear();
  Tick(3);  // nothing moved: nothing sent
  EXPECT_TRUE(b.All<Snapshot>().empty());
}

TEST_F(WorldTest, LeavingViewIsALeftRecord) {
  FakeConnection& a = Enter("patient", "room", 1);
  FakeConnection& b = Enter("patient", "room", 2);
  Tick(2);
  b.Clear();
  world_->Closed(a.id);
  Tick();
  const Snapshot snapshot = b.Last<Snapshot>();
  ASSERT_EQ(snapshot.records.size(), 1u);
  EXPECT_EQ(snapshot.records[0].flags, kRecordLeft);
  EXPECT_EQ(snapshot.records[0].entity, static_cast<uint32_t>(a.id));
}

TEST_F(WorldTest, DroppedSnapshotIsNotCountedAsSeen) {
  FakeConnection& a = Enter("patient", "room", 1);
  FakeConnection& b = Connect("patient", 2);
  Greet(b);
  b.accept_droppable = false;  // b's send queue is full
  Send(b, Join{"room"});
  Tick(3);
  EXPECT_TRUE(b.All<Snapshot>().empty());
  EXPECT_GT(world_->Counters().snapshots_dropped, 0u);
  b.accept_droppable = true;
  Tick();
  const Snapshot snapshot = b.Last<Snapshot>();
  ASSERT_EQ(snapshot.records.size(), 1u);
  EXPECT_TRUE(snapshot.records[0].flags & kRecordEntered);
  EXPECT_EQ(snapshot.records[0].entity, static_cast<uint32_t>(a.id));
}

// ---- pose validation ----

TEST_F(WorldTest, TooFastIsClampedAndCorrected) {
  FakeConnection& a = Enter("patient", "room", 1);
  Send(a, PoseAt(1, 30, 0));  // 30 m in one tick
  Tick();
  const Correction correction = a.Last<Correction>();
  EXPECT_EQ(correction.sequence, 1u);
  const float step = Where(correction.body).x;
  EXPECT_GT(step, 0.1f);
  EXPECT_LT(step, 6 * 0.05f + 0.1f);
  EXPECT_EQ(world_->Counters().poses_corrected, 1u);
}

TEST_F(WorldTest, WalkingThroughAWallIsRefused) {
  FakeConnection& a = Enter("patient", "room", 1);
  uint32_t sequence = 0;
  WalkTo(a, sequence, {0, 0, 0}, 0, 4.8f);
  a.Clear();
  Send(a, PoseAt(++sequence, 0, 5.2f));  // across the wall at z = 5
  Tick();
  const Correction correction = a.Last<Correction>();
  EXPECT_NEAR(Where(correction.body).z, 4.8f, 0.02f);
}

TEST_F(WorldTest, WalkingAroundAWallIsFine) {
  FakeConnection& a = Enter("patient", "room", 1);
  uint32_t sequence = 0;
  WalkTo(a, sequence, {0, 0, 0}, 11, 0);
  WalkTo(a, sequence, {11, 0, 0}, 11, 8);
  EXPECT_TRUE(a.All<Correction>().empty());
}

TEST_F(WorldTest, HeadFarFromBodyIsReset) {
  FakeConnection& a = Enter("patient", "room", 1);
  FakeConnection& b = Enter("patient", "room", 2);
  Tick(2);
  b.Clear();
  Pose pose = PoseAt(1, 0, 0);
  pose.pose.head = At(10, 10, 2);
  Send(a, pose);
  Tick();
  for (const Snapshot& s : b.All<Snapshot>()) {
    for (const SnapshotRecord& r : s.records) {
      if (r.flags & kRecordHeadPosition) {
        EXPECT_TRUE(r.flags & kRecordDelta);  // stayed near the body
      }
    }
  }
}

TEST_F(WorldTest, AtMostOnePosePerTickNewestWins) {
  FakeConnection& a = Enter("patient", "room", 1);
  Send(a, PoseAt(1, 0.1f, 0));
  Send(a, PoseAt(3, 0.2f, 0));
  Send(a, PoseAt(2, 0.3f, 0));
  Tick();
  EXPECT_EQ(world_->Counters().poses_coalesced, 2u);
  EXPECT_EQ(a.Last<Snapshot>().ack_sequence, 3u);
}

TEST_F(WorldTest, StalePoseIsIgnored) {
  FakeConnection& a = Enter("patient", "room", 1);
  Send(a, PoseAt(5, 0.1f, 0));
  Tick();
  a.Clear();
  Send(a, PoseAt(4, 0.2f, 0));
  Tick();
  EXPECT_TRUE(a.All<Snapshot>().empty());  // ack unchanged, nothing else
}

// ---- chat, presence, emotes ----

TEST_F(WorldTest, SpaceChatReachesEveryoneInTheSpaceOnly) {
  FakeConnection& a = Enter("patient", "room", 1, "Ann");
  FakeConnection& b = Enter("patient", "room", 2);
  FakeConnection& elsewhere = Enter("patient", "other", 3);
  Send(a, Chat{ChatScope::kSpace, 0, "hello"});
  Tick();
  EXPECT_EQ(b.Last<ChatMessage>().text, "hello");
  EXPECT_EQ(b.Last<ChatMessage>().from_name, "Ann");
  EXPECT_EQ(a.All<ChatMessage>().size(), 1u);  // echo
  EXPECT_TRUE(elsewhere.All<ChatMessage>().empty());
}

TEST_F(WorldTest, NearbyChatStaysNearby) {
  FakeConnection& a = Enter("patient", "room", 1);
  FakeConnection& near = Enter("patient", "room", 2);
  FakeConnection& far = Enter("patient", "room", 3);
  uint32_t sequence = 0;
  WalkTo(far, sequence, {0, 0, 0}, -14, -14);  // ~20 m away
  Send(a, Chat{ChatScope::kNearby, 0, "psst"});
  Tick();
  EXPECT_EQ(near.All<ChatMessage>().size(), 1u);
  EXPECT_TRUE(far.All<ChatMessage>().empty());
}

TEST_F(WorldTest, DirectChatReachesOnlyTheTarget) {
  FakeConnection& a = Enter("patient", "room", 1);
  FakeConnection& b = Enter("patient", "room", 2);
  FakeConnection& c = Enter("patient", "room", 3);
  Send(a, Chat{ChatScope::kDirect, static_cast<uint32_t>(b.id), "hi b"});
  Tick();
  EXPECT_EQ(b.All<ChatMessage>().size(), 1u);
  EXPECT_TRUE(c.All<ChatMessage>().empty());
  Send(a, Chat{ChatScope::kDirect, 999, "hi?"});
  Tick();
  EXPECT_EQ(LastError(a), "peer_not_found");
}

TEST_F(WorldTest, ChatTooLongEmptyAndOutsideASpaceAreErrors) {
  FakeConnection& a = Enter("patient", "room", 1);
  Send(a, Chat{ChatScope::kSpace, 0, std::string(501, 'x')});
  Tick();
  EXPECT_EQ(LastError(a), "chat_too_long");
  Send(a, Chat{ChatScope::kSpace, 0, ""});
  Tick();
  EXPECT_EQ(LastError(a), "chat_empty");
  FakeConnection& outside = Connect("patient", 2);
  Greet(outside);
  Send(outside, Chat{ChatScope::kSpace, 0, "hi"});
  Tick();
  EXPECT_EQ(LastError(outside), "not_in_space");
}

TEST_F(WorldTest, ChatIsRateLimited) {
  FakeConnection& a = Enter("patient", "room", 1);
  for (int i = 0; i < 8; ++i) Send(a, Chat{ChatScope::kSpace, 0, "spam"});
  Tick();
  EXPECT_EQ(a.All<ChatMessage>().size(), 5u);  // the burst
  EXPECT_EQ(LastError(a), "chat_rate_limited");
  a.Clear();
  AdvanceMs(2000);
  Send(a, Chat{ChatScope::kSpace, 0, "later"});
  Tick();
  EXPECT_EQ(a.All<ChatMessage>().size(), 1u);
}

TEST_F(WorldTest, PresenceAndEmotesReachThoseNearby) {
  FakeConnection& a = Enter("patient", "room", 1);
  FakeConnection& b = Enter("patient", "room", 2);
  Send(a, SetPresence{PresenceStatus::kBusy});
  Send(a, Emote{2});
  Tick();
  EXPECT_EQ(b.Last<Presence>().status, PresenceStatus::kBusy);
  EXPECT_EQ(b.Last<Emoted>().emote, 2);
  // A newcomer sees the status in the entered record.
  FakeConnection& c = Enter("patient", "room", 3);
  Tick();
  bool seen = false;
  for (const Snapshot& s : c.All<Snapshot>()) {
    for (const SnapshotRecord& r : s.records) {
      if (r.entity == static_cast<uint32_t>(a.id))
        seen = r.status == PresenceStatus::kBusy;
    }
  }
  EXPECT_TRUE(seen);
  Send(a, Emote{200});
  Tick();
  EXPECT_EQ(LastError(a), "unknown_emote");
}

// ---- portals ----

TEST_F(WorldTest, PortalNeedsToBeReachedAndToExist) {
  FakeConnection& a = Enter("patient", "room", 1);
  Send(a, UsePortal{"other"});
  Tick();
  EXPECT_EQ(LastError(a), "not_at_portal");
  Send(a, UsePortal{"nope"});
  Tick();
  EXPECT_EQ(LastError(a), "portal_not_found");
}

TEST_F(WorldTest, PortalMovesToTheTargetSpace) {
  FakeConnection& a = Enter("patient", "room", 1);
  uint32_t sequence = 0;
  WalkTo(a, sequence, {0, 0, 0}, -20.5f, 0);
  a.Clear();
  Send(a, UsePortal{"other"});
  Tick();
  EXPECT_EQ(a.Last<Left>().reason, LeftReason::kPortal);
  EXPECT_EQ(a.Last<Joined>().space, "other");
}

TEST_F(WorldTest, PortalToAStaffSpaceChecksPolicy) {
  FakeConnection& a = Enter("patient", "room", 1);
  uint32_t sequence = 0;
  WalkTo(a, sequence, {0, 0, 0}, 20.5f, 0);
  a.Clear();
  Send(a, UsePortal{"staff"});
  Tick();
  EXPECT_EQ(LastError(a), "staff_only");
  EXPECT_EQ(a.Last<Error>().in_reply_to, 0x08);
  EXPECT_TRUE(a.All<Left>().empty());  // still in the room
}

// ---- signaling ----

TEST_F(WorldTest, SignalingIsRelayedOnlyToANamedPeerInTheSameSpace) {
  auto id = world_->CreatePrivateSpace("consult", {"user:1", "user:2"});
  ASSERT_TRUE(id.ok());
  FakeConnection& doctor = Enter("clinician", *id, 1);
  FakeConnection& patient = Enter("patient", *id, 2);
  FakeConnection& outsider = Enter("patient", "room", 3);
  Send(doctor,
       Signal{SignalKind::kOffer, static_cast<uint32_t>(patient.id), "v=0"});
  Tick();
  const SignalRelay relay = patient.Last<SignalRelay>();
  EXPECT_EQ(relay.from, static_cast<uint32_t>(doctor.id));
  EXPECT_EQ(relay.payload, "v=0");
  // A non-member elsewhere can neither receive nor send into the room.
  Send(doctor,
       Signal{SignalKind::kIce, static_cast<uint32_t>(outsider.id), "{}"});
  Send(outsider,
       Signal{SignalKind::kOffer, static_cast<uint32_t>(doctor.id), "v=0"});
  Tick();
  EXPECT_TRUE(outsider.All<SignalRelay>().empty());
  EXPECT_EQ(LastError(doctor), "peer_not_found");
  EXPECT_EQ(LastError(outsider), "peer_not_found");
  EXPECT_EQ(doctor.All<SignalRelay>().size(), 0u);
}

TEST_F(WorldTest, RemovedMemberStopsReceivingSignaling) {
  auto id = world_->CreatePrivateSpace("consult", {"user:1", "user:2"});
  ASSERT_TRUE(id.ok());
  FakeConnection& doctor = Enter("clinician", *id, 1);
  FakeConnection& patient = Enter("patient", *id, 2);
  ASSERT_TRUE(world_->RemoveMember(*id, "user:2").ok());
  Send(doctor,
       Signal{SignalKind::kOffer, static_cast<uint32_t>(patient.id), "v=0"});
  Tick();
  EXPECT_TRUE(patient.All<SignalRelay>().empty());
  EXPECT_EQ(LastError(doctor), "peer_not_found");
}

TEST_F(WorldTest, OversizedSignalIsRefused) {
  FakeConnection& a = Enter("patient", "room", 1);
  FakeConnection& b = Enter("patient", "room", 2);
  Send(a, Signal{SignalKind::kOffer, static_cast<uint32_t>(b.id),
                 std::string(17000, 'x')});
  Tick();
  EXPECT_EQ(LastError(a), "signal_too_large");
  EXPECT_TRUE(b.All<SignalRelay>().empty());
}

// ---- spaces as JSON, stats ----

TEST_F(WorldTest, SpaceJsonAndListForTheBrowser) {
  auto json = world_->SpaceJson("room");
  ASSERT_TRUE(json.ok());
  EXPECT_EQ(nlohmann::json::parse(*json)["policy"], "public");
  EXPECT_EQ(ErrorCode(world_->SpaceJson("nope").status()), "space_not_found");
  auto id = world_->CreatePrivateSpace("consult", {"user:1"});
  const auto list = nlohmann::json::parse(world_->SpaceListJson());
  std::set<std::string> ids;
  for (const auto& space : list) ids.insert(space["id"]);
  EXPECT_TRUE(ids.count("room"));
  EXPECT_FALSE(ids.count("consult"));  // template
  EXPECT_FALSE(ids.count(*id));        // private
}

TEST_F(WorldTest, StatsJsonHasTickPercentilesAndCounters) {
  Enter("patient", "room", 1);
  Enter("patient", "room", 2);
  Tick(10);
  const auto stats = nlohmann::json::parse(world_->StatsJson());
  EXPECT_EQ(stats["avatars"], 2);
  EXPECT_EQ(stats["connections"], 2);
  EXPECT_GE(stats["ticks"].get<int>(), 10);
  EXPECT_GE(stats["tick_ms_p99"].get<double>(),
            stats["tick_ms_p50"].get<double>());
  EXPECT_GT(stats["snapshot_bytes"].get<int>(), 0);
}

TEST_F(WorldTest, StartAndStopRunTheTickOnItsOwnThread) {
  world_->Start();
  world_->Start();  // idempotent
  world_->Stop();
  world_->Stop();
}

}  // namespace
}  // namespace mc::world

namespace mc::world {
namespace {

class SlowSnapshotTest : public WorldTest {
 protected:
  WorldOptions Options() override {
    WorldOptions options;
    options.snapshot_interval_ticks = 2;
    return options;
  }
};

TEST_F(SlowSnapshotTest, SnapshotsEveryOtherTickWithinTheSameBudget) {
  FakeConnection& a = Enter("patient", "room", 1);
  FakeConnection& b = Enter("patient", "room", 2);
  uint32_t sequence = 0;
  b.Clear();
  size_t bytes = 0;
  for (int t = 0; t < 40; ++t) {
    Send(a, PoseAt(++sequence, 0.01f * t, 0));
    Tick();
  }
  for (const auto& [frame, delivery] : b.frames) bytes += frame.size();
  EXPECT_EQ(b.All<Snapshot>().size(), 20u);
  EXPECT_LE(bytes, 8192u * 2 + 3 * 410u);  // 2 s of budget plus the cap
}

}  // namespace
}  // namespace mc::world
