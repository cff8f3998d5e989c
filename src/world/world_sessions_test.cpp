// Personal body-explorer sessions through the World: each person gets their
// own instance, invites let one other person in, the log names who did
// what, and doses are bounded and confirmed. Driven by World::Tick.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "sim/glucose/params.h"
#include "world/body_simulation.h"
#include "world/world_test_support.h"

namespace mc::world {
namespace {

using namespace protocol;  // NOLINT: the test speaks the protocol
using testing::FakeConnection;
using testing::SpaceFromJson;

class WorldSessionsTest : public testing::WorldFixture {
 protected:
  void SetUp() override {
    std::vector<SpaceDefinition> spaces;
    spaces.push_back(SpaceFromJson(R"({
      "id": "body-explorer", "name": "Body explorer", "policy": "public",
      "capacity": 10, "simulation": "glucose", "instancing": "personal",
      "bounds": {"min": [-20, 0, -20], "max": [20, 30, 20]},
      "spawn_points": [{"position": [0, 0, -15]}]})"));
    spaces.push_back(SpaceFromJson(R"({
      "id": "lobby", "name": "Lobby", "policy": "public", "capacity": 10,
      "bounds": {"min": [-5, 0, -5], "max": [5, 3, 5]},
      "spawn_points": [{"position": [0, 0, 0]}]})"));
    WorldOptions options;
    options.glucose_parameters = testing::GlucoseParameters();
    MakeWorld(std::move(spaces), options);
  }

  // Connects, greets at `version` and joins `space`; returns the connection.
  FakeConnection& Person(const std::string& name, const std::string& role,
                         const std::string& space = "body-explorer",
                         uint16_t version = kVersion) {
    FakeConnection& connection = Connect(role, next_user_++, name);
    Greet(connection, 0, version);
    Send(connection, Join{space});
    Tick();
    return connection;
  }
  std::string SpaceOf(const FakeConnection& connection) {
    auto joined = connection.All<Joined>();
    return joined.empty() ? "" : joined.back().space;
  }
  void Act(FakeConnection& connection, SimActionKind action,
           uint32_t amount = 0) {
    Send(connection, SimAction{action, amount});
  }
  std::string Invite(FakeConnection& owner) {
    Act(owner, SimActionKind::kInvite);
    Tick();
    auto invites = owner.All<SimInvite>();
    EXPECT_FALSE(invites.empty());
    return invites.empty() ? "" : invites.back().code;
  }

  int64_t next_user_ = 1;
};

TEST_F(WorldSessionsTest, EachPersonGetsTheirOwnSimulation) {
  FakeConnection& alex = Person("Alex", "patient");
  FakeConnection& sam = Person("Sam", "patient");
  const std::string alex_space = SpaceOf(alex);
  const std::string sam_space = SpaceOf(sam);
  EXPECT_EQ(alex_space.rfind("body-explorer~", 0), 0u) << alex_space;
  EXPECT_EQ(sam_space.rfind("body-explorer~", 0), 0u) << sam_space;
  EXPECT_NE(alex_space, sam_space);

  Act(alex, SimActionKind::kPause);
  Act(alex, SimActionKind::kEat, 60);
  Tick();
  EXPECT_EQ(alex.Last<SimState>().events.size(), 1u);
  EXPECT_TRUE(sam.Last<SimState>().events.empty());
  EXPECT_FALSE(sam.Last<SimState>().flags & kSimPaused);

  // Coming back finds the same session, not a new one.
  Send(alex, Join{"lobby"});
  Tick();
  Send(alex, Join{"body-explorer"});
  Tick();
  EXPECT_EQ(SpaceOf(alex), alex_space);
  EXPECT_EQ(alex.Last<SimState>().events.size(), 1u);
}

TEST_F(WorldSessionsTest, ASessionNobodyUsesForHalfADayIsClosed) {
  // Alex visits the body explorer and walks back to the lobby each time.
  auto visit = [&] {
    FakeConnection& connection = Connect("patient", 77, "Alex");
    Greet(connection, 0, kVersion);
    Send(connection, Join{"body-explorer"});
    Tick();
    const std::string space = SpaceOf(connection);
    Send(connection, Join{"lobby"});
    Tick();
    return space;
  };
  const std::string first = visit();
  ASSERT_EQ(first.rfind("body-explorer~", 0), 0u);
  AdvanceMs(60 * 60 * 1000);
  Tick(30);
  EXPECT_EQ(visit(), first) << "coming back within the day finds the same session";
  AdvanceMs(WorldOptions{}.personal_session_idle_ms / 2);
  Tick(30);
  AdvanceMs(WorldOptions{}.personal_session_idle_ms / 2 + 1000);
  Tick(30);
  const std::string later = visit();
  EXPECT_EQ(later.rfind("body-explorer~", 0), 0u);
  EXPECT_NE(later, first) << "an idle session was kept for ever";
}

TEST_F(WorldSessionsTest, NobodyElseMayEnterAPersonalSession) {
  FakeConnection& alex = Person("Alex", "patient");
  FakeConnection& sam = Person("Sam", "clinician", "lobby");
  Send(sam, Join{SpaceOf(alex)});
  Tick();
  EXPECT_EQ(sam.Last<Error>().code, "members_only");
}

TEST_F(WorldSessionsTest, AnInviteLetsOnePersonInAndTheLogNamesWhoActed) {
  FakeConnection& alex = Person("Alex", "patient");
  FakeConnection& lee = Person("Dr. Lee", "clinician", "lobby");
  FakeConnection& eve = Person("Eve", "patient", "lobby");
  const std::string code = Invite(alex);
  EXPECT_EQ(code.size(), 16u);
  EXPECT_EQ(alex.Last<SimInvite>().expires_in_s, 3600u);

  Send(lee, AcceptInvite{code});
  Tick();
  EXPECT_EQ(SpaceOf(lee), SpaceOf(alex));
  // Single use: a second person with the same code is refused.
  Send(eve, AcceptInvite{code});
  Tick();
  EXPECT_EQ(eve.Last<Error>().code, "invite_not_found");
  EXPECT_EQ(eve.Last<Error>().in_reply_to, 0x0d);

  Act(alex, SimActionKind::kPause);
  Act(alex, SimActionKind::kInsulin, 40);
  Act(lee, SimActionKind::kEat, 45);
  Tick();
  EXPECT_EQ(alex.Last<SimState>(), lee.Last<SimState>());
  const SimLog log = lee.Last<SimLog>();
  EXPECT_EQ(log.owner, "Alex");
  EXPECT_EQ(log.flags, 0);
  EXPECT_EQ(alex.Last<SimLog>().flags, kSimLogYours);
  ASSERT_GE(log.entries.size(), 5u);
  const auto& entries = log.entries;
  const size_t n = entries.size();
  EXPECT_EQ(entries[n - 5].kind, SimLogKind::kInvited);
  EXPECT_EQ(entries[n - 4].kind, SimLogKind::kJoined);
  EXPECT_EQ(entries[n - 4].actor, "Dr. Lee");
  EXPECT_EQ(entries[n - 2].kind, SimLogKind::kInsulin);
  EXPECT_EQ(entries[n - 2].actor, "Alex");
  EXPECT_EQ(entries[n - 2].amount, 40u);
  EXPECT_EQ(entries[n - 1].kind, SimLogKind::kEat);
  EXPECT_EQ(entries[n - 1].actor, "Dr. Lee");

  // Leaving is logged for those who stay.
  Send(lee, Leave{});
  Tick();
  EXPECT_EQ(alex.Last<SimLog>().entries.back().kind, SimLogKind::kLeft);
}

TEST_F(WorldSessionsTest, OnlyTheOwnerInvitesAndOnlyToAPersonalSession) {
  FakeConnection& alex = Person("Alex", "patient");
  FakeConnection& lee = Person("Dr. Lee", "clinician", "lobby");
  Send(lee, AcceptInvite{Invite(alex)});
  Tick();
  Act(lee, SimActionKind::kInvite);
  Tick();
  EXPECT_EQ(lee.Last<Error>().code, "owner_only");
  Send(lee, AcceptInvite{"0000000000000000"});
  Tick();
  EXPECT_EQ(lee.Last<Error>().code, "invite_not_found");
}

TEST_F(WorldSessionsTest, InvitesExpireAfterAnHour) {
  FakeConnection& alex = Person("Alex", "patient");
  FakeConnection& lee = Person("Dr. Lee", "clinician", "lobby");
  const std::string code = Invite(alex);
  AdvanceMs(60 * 60 * 1000 + 1000);  // an hour and a second
  Send(lee, AcceptInvite{code});
  Tick();
  EXPECT_EQ(lee.Last<Error>().code, "invite_not_found");
}

TEST_F(WorldSessionsTest, VersionThreeClientsCannotInviteOrAccept) {
  FakeConnection& old_client =
      Person("Old", "patient", "body-explorer", kTherapyVersion);
  EXPECT_TRUE(old_client.All<SimLog>().empty());
  Act(old_client, SimActionKind::kInvite);
  EXPECT_EQ(old_client.close_code, 1002);
  FakeConnection& other = Person("Other", "patient", "lobby", kTherapyVersion);
  Send(other, AcceptInvite{"00"});
  EXPECT_EQ(other.close_code, 1003);
}

TEST_F(WorldSessionsTest, DosesAreBoundedAndDangerousOnesNeedConfirming) {
  FakeConnection& alex = Person("Alex", "patient");
  Act(alex, SimActionKind::kPause);
  Tick();
  alex.Clear();
  Act(alex, SimActionKind::kInsulin, 500);           // 50 U
  Act(alex, SimActionKind::kInsulinConfirmed, 251);  // 25.1 U
  Act(alex, SimActionKind::kInsulin, 0);
  Tick(6);  // past the next periodic sim_state
  auto errors = alex.All<Error>();
  ASSERT_EQ(errors.size(), 3u);
  EXPECT_EQ(errors[0].code, "dose_too_large");
  EXPECT_EQ(errors[1].code, "dose_too_large");
  EXPECT_EQ(errors[2].code, "invalid_dose");
  EXPECT_TRUE(alex.Last<SimState>().events.empty());

  // 20 U with no food for the teenager: far below 54 mg/dL.
  alex.Clear();
  AdvanceMs(5000);
  Act(alex, SimActionKind::kInsulin, 200);
  Tick();
  ASSERT_EQ(alex.All<Error>().size(), 1u);
  EXPECT_EQ(alex.Last<Error>().code, "dose_needs_confirmation");
  EXPECT_NE(alex.Last<Error>().message.find("below 40 mg/dL"),
            std::string::npos)
      << alex.Last<Error>().message;
  EXPECT_TRUE(alex.Last<SimState>().events.empty());
  Act(alex, SimActionKind::kInsulinConfirmed, 200);
  Tick();
  ASSERT_EQ(alex.Last<SimState>().events.size(), 1u);
  EXPECT_EQ(alex.Last<SimState>().events[0].amount, 200);
  EXPECT_EQ(alex.Last<SimLog>().entries.back().kind, SimLogKind::kInsulin);
}

TEST_F(WorldSessionsTest, AMealSizedDoseNeedsNoConfirmation) {
  FakeConnection& alex = Person("Alex", "patient");
  Act(alex, SimActionKind::kPause);
  Act(alex, SimActionKind::kEat, 60);
  Act(alex, SimActionKind::kInsulin, 50);  // 5 U for 60 g at CR 12
  Tick();
  EXPECT_TRUE(alex.All<Error>().empty());
  EXPECT_EQ(alex.Last<SimState>().events.size(), 2u);
}

TEST_F(WorldSessionsTest, AnActionIsLoggedAtTheMinuteItWasTaken) {
  FakeConnection& alex = Person("Alex", "patient");
  Act(alex, SimActionKind::kPause);
  Act(alex, SimActionKind::kJumpAhead, 180);
  Tick();
  EXPECT_EQ(alex.Last<SimState>().t_min, 180u);
  const SimLogEntry jump = alex.Last<SimLog>().entries.back();
  EXPECT_EQ(jump.kind, SimLogKind::kJumpAhead);
  EXPECT_EQ(jump.t_min, 0u);
  EXPECT_EQ(jump.amount, 180u);
  EXPECT_EQ(jump.actor, "Alex");
}

TEST_F(WorldSessionsTest, BotsHaveNoPersonalSession) {
  FakeConnection& bot = Connect("bot", 0, "");
  Greet(bot, 0, kVersion);
  Send(bot, Join{"body-explorer"});
  Tick();
  EXPECT_EQ(bot.Last<Error>().code, "sign_in_required");
}

TEST_F(WorldSessionsTest, TheSpaceJsonStatesTheActionBounds) {
  auto text = world_->SpaceJson("body-explorer");
  ASSERT_TRUE(text.ok());
  const auto json = nlohmann::json::parse(*text);
  EXPECT_EQ(json["instancing"], "personal");
  EXPECT_EQ(json["simulation_limits"]["insulin_u"]["max"], kMaxBodyDoseUnits);
  EXPECT_EQ(json["simulation_limits"]["meal_g"]["max"], 200);
  EXPECT_EQ(json["simulation_limits"]["model_floor_mg_dl"], kModelFloorMgDl);
  EXPECT_FALSE(nlohmann::json::parse(*world_->SpaceJson("lobby"))
                   .contains("simulation_limits"));
}

TEST(DosePredictionTest, PredictsTheLowestPointOfALargeDose) {
  auto simulation = BodySimulation::Create(testing::GlucoseParameters(), 0);
  ASSERT_TRUE(simulation.ok());
  const DosePrediction none = (*simulation)->PredictDose(0.1);
  const DosePrediction big = (*simulation)->PredictDose(10);
  EXPECT_GT(none.lowest_bg_mg_dl, 100);
  EXPECT_LT(big.lowest_bg_mg_dl, kDangerousLowMgDl);
  EXPECT_GT(big.minutes_to_lowest, 30);
  EXPECT_LE(big.minutes_to_lowest, kDoseCheckMinutes);
  // Predicting changes nothing.
  EXPECT_EQ((*simulation)->State().events.size(), 0u);
}

}  // namespace
}  // namespace mc::world
