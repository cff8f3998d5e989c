// Group rooms' rules, with Janus and the world faked: only members get
// credentials, their tokens are for them and this room, the host's mute,
// stage, remove and lock become the Janus requests that enforce them, and a
// restarted Janus gets every open room back.
#include "media/group_rooms.h"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <optional>

#include "core/crypto.h"
#include "media/janus_tokens.h"

namespace mc::media {
namespace {

struct FakeJanus : JanusRooms {
  Status Create(const RoomSettings& settings) override {
    created.push_back(settings);
    return Status();
  }
  Status Destroy(uint64_t room, const std::string&) override {
    destroyed.push_back(room);
    return Status();
  }
  Status Allow(uint64_t, const std::string& secret,
               const std::vector<std::string>& tokens, bool add) override {
    last_secret = secret;
    for (const auto& token : tokens) {
      if (add) allowed.insert(token); else allowed.erase(token);
    }
    return Status();
  }
  Status Moderate(uint64_t, const std::string&, uint64_t id, const std::string& mid,
                  bool mute) override {
    moderated.push_back({id, mid, mute});
    return Status();
  }
  Status Kick(uint64_t, const std::string&, uint64_t id) override {
    kicked.push_back(id);
    return Status();
  }
  struct Moderation {
    uint64_t id;
    std::string mid;
    bool mute;
  };
  std::vector<RoomSettings> created;
  std::vector<uint64_t> destroyed;
  std::set<std::string> allowed;
  std::vector<Moderation> moderated;
  std::vector<uint64_t> kicked;
  std::string last_secret;
};

struct FakeSpaces : GroupSpaces {
  StatusOr<std::string> Open(const std::string& template_space,
                             const std::vector<std::string>& members) override {
    opened = members;
    return template_space + "~1";
  }
  Status AddMember(const std::string&, const std::string&) override { return Status(); }
  Status RemoveMember(const std::string&, const std::string& member) override {
    removed.push_back(member);
    return Status();
  }
  Status Close(const std::string& space) override {
    closed.push_back(space);
    return Status();
  }
  Status NameMember(const std::string&, const std::string& member,
                    const std::string& name) override {
    names[member] = name;
    return Status();
  }
  std::vector<std::string> opened, removed, closed;
  std::map<std::string, std::string> names;
};

class GroupRoomsTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(InitCrypto().ok()); }
  GroupRooms Rooms(JanusRooms* janus) {
    return GroupRooms(spaces_, janus,
                      [](int64_t expiry) { return "core:" + std::to_string(expiry); },
                      key_, clock_);
  }
  static GroupMember Person(const std::string& key) { return {key, key}; }
  std::vector<GroupMember> Members(int count) {
    std::vector<GroupMember> out;
    for (int i = 0; i < count; ++i) out.push_back(Person("user:" + std::to_string(10 + i)));
    return out;
  }

  FakeJanus janus_;
  FakeSpaces spaces_;
  FakeClock clock_{1'700'000'000'000};
  const std::string key_ = std::string(32, 'r');
};

TEST_F(GroupRoomsTest, OpensASpaceAndAJanusRoomForTheHostAndMembers) {
  GroupRooms rooms = Rooms(&janus_);
  auto group = rooms.Create(Person("user:1"), "Tuesday group", GroupKind::kTherapy, Members(3));
  ASSERT_TRUE(group.ok()) << MessageOf(group.status());
  EXPECT_EQ(spaces_.opened.size(), 4u);
  ASSERT_EQ(janus_.created.size(), 1u);
  EXPECT_EQ(janus_.created[0].room, group->room);
  EXPECT_EQ(janus_.created[0].publishers, 12);
  EXPECT_EQ(janus_.created[0].secret.size(), 48u);
  EXPECT_TRUE(janus_.created[0].allowed.empty());  // nobody until they ask
  EXPECT_LT(group->room, uint64_t{1} << 53);
  EXPECT_EQ(rooms.ListFor("user:11").size(), 1u);
  EXPECT_TRUE(rooms.ListFor("user:99").empty());
  EXPECT_EQ(ErrorCode(rooms.Get(group->id, "user:99").status()), "group_not_found");
}

TEST_F(GroupRoomsTest, APlanPicksThePlacesTemplateAndKeepsTheStart) {
  GroupRooms rooms = Rooms(&janus_);
  auto plain =
      rooms.Create(Person("user:1"), "Now", GroupKind::kTherapy, Members(1));
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(plain->space, "group-room~1");
  EXPECT_EQ(plain->plan.starts_unix_ms, 0);
  auto beach =
      rooms.Create(Person("user:1"), "Beach", GroupKind::kTherapy, Members(1),
                   GroupPlan{GroupPlace::kBeach, 1'767'277'800'000});
  ASSERT_TRUE(beach.ok());
  EXPECT_EQ(beach->space, "therapy-beach~1");
  EXPECT_EQ(rooms.Get(beach->id, "user:10")->plan.starts_unix_ms,
            1'767'277'800'000);
  auto forest = rooms.Create(Person("user:1"), "Forest", GroupKind::kTherapy,
                             Members(1), GroupPlan{GroupPlace::kForest, 0});
  EXPECT_EQ(forest->space, "therapy-forest~1");
  EXPECT_EQ(*ParseGroupPlace("forest"), GroupPlace::kForest);
  EXPECT_EQ(GroupPlaceName(GroupPlace::kBeach), "beach");
  EXPECT_EQ(ErrorCode(ParseGroupPlace("moon").status()), "invalid_place");
}

TEST_F(GroupRoomsTest, RoomsHoldTheirKindsNumberAndTwelveForTherapy) {
  GroupRooms rooms = Rooms(&janus_);
  EXPECT_TRUE(rooms.Create(Person("user:1"), "Full", GroupKind::kTherapy, Members(11)).ok());
  EXPECT_EQ(ErrorCode(rooms.Create(Person("user:1"), "Over", GroupKind::kTherapy,
                                   Members(12)).status()),
            "too_many_members");
  EXPECT_TRUE(rooms.Create(Person("user:1"), "Class", GroupKind::kClass, Members(49)).ok());
  EXPECT_EQ(ErrorCode(rooms.Create(Person("user:1"), "", GroupKind::kClass, {}).status()),
            "invalid_title");
  GroupRooms peer_to_peer = Rooms(nullptr);
  EXPECT_EQ(ErrorCode(peer_to_peer.Create(Person("user:1"), "P2P", GroupKind::kTherapy,
                                          Members(6)).status()),
            "too_many_members");
  auto small = peer_to_peer.Create(Person("user:1"), "P2P", GroupKind::kTherapy, Members(5));
  ASSERT_TRUE(small.ok());
  auto ticket = peer_to_peer.Join(small->id, "user:12");
  ASSERT_TRUE(ticket.ok());
  EXPECT_FALSE(ticket->janus);
  EXPECT_TRUE(ticket->room_token.empty());
}

TEST_F(GroupRoomsTest, OnlyMembersGetTokensAndEachIsForThemAndThisRoom) {
  GroupRooms rooms = Rooms(&janus_);
  auto group = rooms.Create(Person("user:1"), "G", GroupKind::kTherapy, Members(2));
  ASSERT_TRUE(group.ok());
  EXPECT_EQ(ErrorCode(rooms.Join(group->id, "user:99").status()), "group_not_found");
  auto ticket = rooms.Join(group->id, "user:10");
  ASSERT_TRUE(ticket.ok());
  EXPECT_TRUE(janus_.allowed.count(ticket->room_token));
  EXPECT_EQ(janus_.last_secret, group->secret);
  const int64_t now_s = clock_.NowUnixMs() / 1000;
  EXPECT_TRUE(VerifyRoomToken(key_, ticket->room_token, group->room, "user:10", now_s).ok());
  EXPECT_FALSE(VerifyRoomToken(key_, ticket->room_token, group->room, "user:11", now_s).ok());
  EXPECT_EQ(ticket->core_token, "core:" + std::to_string(now_s + 600));
  EXPECT_EQ(ticket->participant, group->Find("user:10")->participant);
  // An hour on, the old token leaves the list when a new one is made.
  clock_.AdvanceMs(3600 * 1000);
  auto later = rooms.Join(group->id, "user:11");
  ASSERT_TRUE(later.ok());
  EXPECT_FALSE(janus_.allowed.count(ticket->room_token));
  EXPECT_TRUE(janus_.allowed.count(later->room_token));
}

TEST_F(GroupRoomsTest, TheHostsDecisionsBecomeJanusRequests) {
  GroupRooms rooms = Rooms(&janus_);
  auto group = rooms.Create(Person("user:1"), "G", GroupKind::kTherapy, Members(3));
  ASSERT_TRUE(group.ok());
  ASSERT_TRUE(rooms.Join(group->id, "user:10").ok());
  ASSERT_TRUE(rooms.Joined(group->id, "user:10").ok());
  const uint64_t id = group->Find("user:10")->participant;
  janus_.moderated.clear();

  EXPECT_EQ(ErrorCode(rooms.Mute(group->id, "user:11", "user:10", true)), "host_only");
  ASSERT_TRUE(rooms.Mute(group->id, "user:1", "user:10", true).ok());
  ASSERT_FALSE(janus_.moderated.empty());
  EXPECT_EQ(janus_.moderated[0].id, id);
  EXPECT_EQ(janus_.moderated[0].mid, "0");
  EXPECT_TRUE(janus_.moderated[0].mute);
  // Rejoining after a reload keeps the mute.
  janus_.moderated.clear();
  ASSERT_TRUE(rooms.Joined(group->id, "user:10").ok());
  EXPECT_TRUE(janus_.moderated[0].mute);

  ASSERT_TRUE(rooms.Stage(group->id, "user:1", "user:10", true).ok());
  EXPECT_EQ(janus_.moderated.back().mid, "1");
  EXPECT_FALSE(janus_.moderated.back().mute);

  auto token = rooms.Join(group->id, "user:10")->room_token;
  ASSERT_TRUE(rooms.Remove(group->id, "user:1", "user:10").ok());
  EXPECT_FALSE(janus_.allowed.count(token));
  EXPECT_EQ(janus_.kicked, std::vector<uint64_t>{id});
  EXPECT_EQ(spaces_.removed, std::vector<std::string>{"user:10"});
  EXPECT_EQ(ErrorCode(rooms.Join(group->id, "user:10").status()), "group_not_found");
  EXPECT_EQ(ErrorCode(rooms.Mute(group->id, "user:1", "user:99", true)), "member_not_found");
}

TEST_F(GroupRoomsTest, ALockedRoomKeepsOutThoseNotYetInside) {
  GroupRooms rooms = Rooms(&janus_);
  auto group = rooms.Create(Person("user:1"), "G", GroupKind::kTherapy, Members(2));
  ASSERT_TRUE(group.ok());
  ASSERT_TRUE(rooms.Join(group->id, "user:10").ok());
  ASSERT_TRUE(rooms.Joined(group->id, "user:10").ok());
  const std::string unused = rooms.Join(group->id, "user:11")->room_token;
  ASSERT_TRUE(rooms.Lock(group->id, "user:1", true).ok());
  EXPECT_FALSE(janus_.allowed.count(unused));
  EXPECT_EQ(ErrorCode(rooms.Join(group->id, "user:11").status()), "room_locked");
  EXPECT_TRUE(rooms.Join(group->id, "user:10").ok());  // inside already
  ASSERT_TRUE(rooms.Lock(group->id, "user:1", false).ok());
  EXPECT_TRUE(rooms.Join(group->id, "user:11").ok());
}

TEST_F(GroupRoomsTest, EndingClosesBothAndARestartRemakesOpenRooms) {
  GroupRooms rooms = Rooms(&janus_);
  auto kept = rooms.Create(Person("user:1"), "Kept", GroupKind::kConference, Members(2));
  auto ended = rooms.Create(Person("user:1"), "Ended", GroupKind::kTherapy, Members(2));
  ASSERT_TRUE(kept.ok() && ended.ok());
  const std::string token = rooms.Join(kept->id, "user:10")->room_token;
  EXPECT_EQ(ErrorCode(rooms.End(ended->id, "user:10")), "host_only");
  ASSERT_TRUE(rooms.End(ended->id, "user:1").ok());
  EXPECT_EQ(janus_.destroyed, std::vector<uint64_t>{ended->room});
  EXPECT_EQ(spaces_.closed.size(), 1u);
  janus_.created.clear();
  rooms.MediaRestarted();
  ASSERT_EQ(janus_.created.size(), 1u);
  EXPECT_EQ(janus_.created[0].room, kept->room);
  EXPECT_EQ(janus_.created[0].publishers, 30);
  EXPECT_EQ(janus_.created[0].allowed, std::vector<std::string>{token});
}

// The last audio mute Janus was told for `participant`.
std::optional<bool> AudioMuted(const FakeJanus& janus, uint64_t participant) {
  std::optional<bool> muted;
  for (const auto& moderation : janus.moderated)
    if (moderation.id == participant && moderation.mid == "0") muted = moderation.mute;
  return muted;
}

TEST_F(GroupRoomsTest, TheTalkingStickMutesEveryoneButItsHolderAndTheHostInJanus) {
  GroupRooms rooms = Rooms(&janus_);
  auto group = rooms.Create(Person("user:1"), "G", GroupKind::kTherapy, Members(3));
  ASSERT_TRUE(group.ok());
  for (const char* key : {"user:1", "user:10", "user:11", "user:12"}) {
    ASSERT_TRUE(rooms.Join(group->id, key).ok());
    ASSERT_TRUE(rooms.Joined(group->id, key).ok());
  }
  auto participant = [&](const char* key) { return group->Find(key)->participant; };
  ASSERT_TRUE(rooms.Mute(group->id, "user:1", "user:12", true).ok());
  EXPECT_EQ(ErrorCode(rooms.GiveStick(group->id, "user:10", "user:10")), "host_only");
  EXPECT_EQ(ErrorCode(rooms.GiveStick(group->id, "user:1", "user:99")), "member_not_found");
  ASSERT_TRUE(rooms.RaiseHand(group->id, "user:11", true).ok());
  ASSERT_TRUE(rooms.GiveStick(group->id, "user:1", "user:11").ok());
  EXPECT_EQ(AudioMuted(janus_, participant("user:10")), true);
  EXPECT_EQ(AudioMuted(janus_, participant("user:11")), false);
  EXPECT_EQ(AudioMuted(janus_, participant("user:1")), false);
  auto now = rooms.Get(group->id, "user:10");
  EXPECT_EQ(now->stick, "user:11");
  EXPECT_TRUE(now->hands.empty());  // the holder's hand went down
  EXPECT_TRUE(now->Silenced(*now->Find("user:10")));
  // Rejoining (a reload) does not get round it.
  janus_.moderated.clear();
  ASSERT_TRUE(rooms.Joined(group->id, "user:10").ok());
  EXPECT_EQ(AudioMuted(janus_, participant("user:10")), true);
  // Taken back: everyone's own state returns; the host's mute stays.
  ASSERT_TRUE(rooms.GiveStick(group->id, "user:1", "").ok());
  EXPECT_EQ(AudioMuted(janus_, participant("user:10")), false);
  EXPECT_EQ(AudioMuted(janus_, participant("user:12")), true);
  // Removing the holder takes the stick back too.
  ASSERT_TRUE(rooms.GiveStick(group->id, "user:1", "user:10").ok());
  ASSERT_TRUE(rooms.Remove(group->id, "user:1", "user:10").ok());
  EXPECT_TRUE(rooms.Get(group->id, "user:1")->stick.empty());
  EXPECT_EQ(AudioMuted(janus_, participant("user:11")), false);
}

TEST_F(GroupRoomsTest, HandsQueueInTheOrderRaisedAndLeaveWithTheirOwner) {
  GroupRooms rooms = Rooms(&janus_);
  auto group = rooms.Create(Person("user:1"), "G", GroupKind::kTherapy, Members(3));
  ASSERT_TRUE(group.ok());
  ASSERT_TRUE(rooms.RaiseHand(group->id, "user:12", true).ok());
  ASSERT_TRUE(rooms.RaiseHand(group->id, "user:10", true).ok());
  ASSERT_TRUE(rooms.RaiseHand(group->id, "user:12", true).ok());  // keeps its place
  ASSERT_TRUE(rooms.RaiseHand(group->id, "user:11", true).ok());
  EXPECT_EQ(rooms.Get(group->id, "user:1")->hands,
            (std::vector<std::string>{"user:12", "user:10", "user:11"}));
  ASSERT_TRUE(rooms.RaiseHand(group->id, "user:10", false).ok());
  ASSERT_TRUE(rooms.Joined(group->id, "user:12").ok());
  ASSERT_TRUE(rooms.Left(group->id, "user:12").ok());
  EXPECT_EQ(rooms.Get(group->id, "user:1")->hands, std::vector<std::string>{"user:11"});
  ASSERT_TRUE(rooms.Remove(group->id, "user:1", "user:11").ok());
  EXPECT_TRUE(rooms.Get(group->id, "user:1")->hands.empty());
  EXPECT_EQ(ErrorCode(rooms.RaiseHand(group->id, "user:11", true)), "group_not_found");
}

TEST_F(GroupRoomsTest, ArrivalsAndDeparturesAreCountedOnce) {
  GroupRooms rooms = Rooms(&janus_);
  auto group = rooms.Create(Person("user:1"), "G", GroupKind::kTherapy, Members(1));
  ASSERT_TRUE(group.ok());
  EXPECT_TRUE(*rooms.Joined(group->id, "user:10"));
  EXPECT_FALSE(*rooms.Joined(group->id, "user:10"));  // published: not a second arrival
  EXPECT_TRUE(*rooms.Left(group->id, "user:10"));
  EXPECT_FALSE(*rooms.Left(group->id, "user:10"));
  EXPECT_TRUE(*rooms.Joined(group->id, "user:10"));
  EXPECT_EQ(ErrorCode(rooms.Left(group->id, "user:99").status()), "group_not_found");
}

TEST_F(GroupRoomsTest, ReportsGoToTheRoomWithTheirLimits) {
  GroupRooms rooms = Rooms(&janus_);
  auto group = rooms.Create(Person("user:1"), "G", GroupKind::kTherapy, Members(2));
  ASSERT_TRUE(group.ok());
  EXPECT_EQ(ErrorCode(rooms.Report(group->id, "user:10", "user:11", "")), "invalid_reason");
  EXPECT_EQ(ErrorCode(rooms.Report(group->id, "user:10", "user:11", std::string(301, 'x'))),
            "invalid_reason");
  EXPECT_EQ(ErrorCode(rooms.Report(group->id, "user:10", "user:11", "\xff")), "invalid_reason");
  EXPECT_EQ(ErrorCode(rooms.Report(group->id, "user:10", "user:10", "me")), "cannot_report_self");
  EXPECT_EQ(ErrorCode(rooms.Report(group->id, "user:10", "user:99", "who")), "member_not_found");
  EXPECT_EQ(ErrorCode(rooms.Report(group->id, "user:99", "user:10", "who")), "group_not_found");
  ASSERT_TRUE(rooms.Report(group->id, "user:10", "user:11", "Keeps interrupting").ok());
  auto now = rooms.Get(group->id, "user:1");
  ASSERT_EQ(now->reports.size(), 1u);
  EXPECT_EQ(now->reports[0].about, "user:11");
  EXPECT_EQ(now->reports[0].unix_ms, clock_.NowUnixMs());
  for (size_t i = 1; i < kMaxReportsPerGroup; ++i)
    ASSERT_TRUE(rooms.Report(group->id, "user:10", "user:11", "again").ok());
  EXPECT_EQ(ErrorCode(rooms.Report(group->id, "user:10", "user:11", "again")),
            "too_many_reports");
}

TEST_F(GroupRoomsTest, FirstNameOnlyReachesTheWorldAndOthersButNotTheHost) {
  GroupRooms rooms = Rooms(&janus_);
  GroupMember alex{"user:10", "Alex Morgan"};
  auto group = rooms.Create(Person("user:1"), "G", GroupKind::kTherapy,
                            {alex, Person("user:11")});
  ASSERT_TRUE(group.ok());
  ASSERT_TRUE(rooms.Join(group->id, "user:10", {.silhouette = true, .first_name_only = true}).ok());
  EXPECT_EQ(spaces_.names["user:10"], "Alex");
  const GroupMember& shown = *rooms.Get(group->id, "user:11")->Find("user:10");
  EXPECT_TRUE(shown.silhouette);
  EXPECT_EQ(NameFor(shown, false), "Alex");
  EXPECT_EQ(NameFor(shown, true), "Alex Morgan");
  // Changing their mind on the next join gives the world their name back.
  ASSERT_TRUE(rooms.Join(group->id, "user:10", {}).ok());
  EXPECT_EQ(spaces_.names["user:10"], "");
}

TEST_F(GroupRoomsTest, OnlyTheHostStartsTheSharedPacerAndItsTimingIsChecked) {
  GroupRooms rooms = Rooms(&janus_);
  auto group = rooms.Create(Person("user:1"), "Group", GroupKind::kTherapy, Members(2));
  ASSERT_TRUE(group.ok());
  GroupPacer box{"box", {4, 4, 4, 4}};
  EXPECT_EQ(ErrorCode(rooms.SetPacer(group->id, "user:10", box)), "host_only");
  EXPECT_EQ(ErrorCode(rooms.SetPacer(group->id, "user:99", box)), "group_not_found");
  EXPECT_EQ(ErrorCode(rooms.SetPacer(group->id, "user:1", GroupPacer{"square", {4, 4, 4, 4}})),
            "invalid_pattern");
  EXPECT_EQ(ErrorCode(rooms.SetPacer(group->id, "user:1", GroupPacer{"box", {4, 4, 4}})),
            "invalid_phase_seconds");
  EXPECT_EQ(ErrorCode(rooms.SetPacer(group->id, "user:1", GroupPacer{"resonance", {5, 0.5}})),
            "invalid_phase_seconds");
  EXPECT_EQ(ErrorCode(rooms.SetPacer(group->id, "user:1", GroupPacer{"resonance", {5, 13}})),
            "invalid_phase_seconds");
  EXPECT_EQ(ErrorCode(rooms.SetPacer(group->id, "user:1",
                                     GroupPacer{"resonance", {5, std::nan("")}})),
            "invalid_phase_seconds");
  EXPECT_FALSE(rooms.Get(group->id, "user:10")->pacer.has_value());

  clock_.AdvanceMs(1234);
  ASSERT_TRUE(rooms.SetPacer(group->id, "user:1", GroupPacer{"sighing", {2, 1, 6.5}, 42}).ok());
  auto seen = rooms.Get(group->id, "user:11");
  ASSERT_TRUE(seen->pacer.has_value());
  EXPECT_EQ(seen->pacer->pattern, "sighing");
  EXPECT_EQ(seen->pacer->phase_seconds, (std::vector<double>{2, 1, 6.5}));
  // The start is the server's, whatever the request said.
  EXPECT_EQ(seen->pacer->started_unix_ms, 1'700'000'001'234);
  ASSERT_TRUE(rooms.SetPacer(group->id, "user:1", std::nullopt).ok());
  EXPECT_FALSE(rooms.Get(group->id, "user:10")->pacer.has_value());
}

}  // namespace
}  // namespace mc::media
