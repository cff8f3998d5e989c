// The body explorer's simulation through the World: actions from clients,
// shared sim_state, version gating. Driven by World::Tick with a fake clock.
#include "world/body_simulation.h"

#include <gtest/gtest.h>

#include "sim/glucose/params.h"
#include "world/world_test_support.h"

namespace mc::world {
namespace {

using namespace protocol;  // NOLINT: the test speaks the protocol
using testing::FakeConnection;
using testing::SpaceFromJson;

std::shared_ptr<const glucose::ParameterSet> Parameters() {
  return testing::GlucoseParameters();
}

std::vector<SpaceDefinition> Spaces() {
  std::vector<SpaceDefinition> spaces;
  spaces.push_back(SpaceFromJson(R"({
    "id": "body", "name": "Body explorer", "policy": "public", "capacity": 10,
    "simulation": "glucose",
    "bounds": {"min": [-20, 0, -20], "max": [20, 30, 20]},
    "spawn_points": [{"position": [0, 0, -15]}]})"));
  spaces.push_back(SpaceFromJson(R"({
    "id": "plain", "name": "Plain", "policy": "public", "capacity": 10,
    "bounds": {"min": [-5, 0, -5], "max": [5, 3, 5]},
    "spawn_points": [{"position": [0, 0, 0]}]})"));
  return spaces;
}

class BodySimulationTest : public testing::WorldFixture {
 protected:
  void SetUp() override {
    WorldOptions options;
    options.glucose_parameters = Parameters();
    MakeWorld(Spaces(), options);
  }

  FakeConnection& EnterV2(const std::string& space = "body",
                          const std::string& role = "patient",
                          uint16_t version = kVersion) {
    FakeConnection& connection = Connect(role, next_user_++);
    Greet(connection, 0, version);
    Send(connection, Join{space});
    Tick();
    EXPECT_EQ(connection.All<Joined>().size(), 1u);
    return connection;
  }

  void Act(FakeConnection& connection, SimActionKind action,
           uint32_t amount = 0) {
    Send(connection, SimAction{action, amount});
  }

  int64_t next_user_ = 1;
};

TEST_F(BodySimulationTest, JoinerGetsTheStateAtOnce) {
  FakeConnection& a = EnterV2();
  auto states = a.All<SimState>();
  ASSERT_EQ(states.size(), 1u);
  EXPECT_EQ(states[0].t_min, 0u);
  EXPECT_EQ(states[0].patient, SimPatient::kAdolescent);
  EXPECT_EQ(states[0].speed, glucose::kDefaultLiveSpeed);
  EXPECT_GT(states[0].bg, 500);  // > 50 mg/dL
  EXPECT_GT(states[0].liver_egp, 0);
  EXPECT_GT(states[0].brain_fsnc, 0);
}

TEST_F(BodySimulationTest, RunsAtTheChosenSpeedOnTheTick) {
  FakeConnection& a = EnterV2();
  Tick(200);  // 10 s at the default speed: one simulated hour
  EXPECT_EQ(a.Last<SimState>().t_min, 60u);
  // Broadcast every 250 ms, not every tick.
  EXPECT_LE(a.All<SimState>().size(), 45u);
  EXPECT_GE(a.All<SimState>().size(), 39u);
}

TEST_F(BodySimulationTest, EveryoneInTheSpaceSeesTheSameMealAndInsulin) {
  FakeConnection& patient = EnterV2();
  FakeConnection& clinician = EnterV2();
  Act(patient, SimActionKind::kPause);
  Tick();
  const uint16_t before = clinician.Last<SimState>().bg;
  Act(patient, SimActionKind::kEat, 60);
  Act(clinician, SimActionKind::kJumpAhead, 180);  // near the meal's peak
  Tick();
  const SimState fed = clinician.Last<SimState>();
  EXPECT_EQ(patient.Last<SimState>(), fed);
  EXPECT_GT(fed.bg, before + 300);  // up by over 30 mg/dL
  EXPECT_GT(fed.gut_ra, 0);
  ASSERT_EQ(fed.events.size(), 2u);
  EXPECT_EQ(fed.events[0].kind, SimEventKind::kMeal);
  EXPECT_EQ(fed.events[0].amount, 600);

  Act(clinician, SimActionKind::kInsulin, 60);  // 6 U
  AdvanceMs(1000);  // the social bucket refills for the next jump
  Tick();
  Act(patient, SimActionKind::kJumpAhead, 180);
  Tick();
  const SimState treated = patient.Last<SimState>();
  EXPECT_EQ(clinician.Last<SimState>(), treated);
  EXPECT_LT(treated.bg, fed.bg);
  EXPECT_GT(treated.muscle_fat_uid, fed.muscle_fat_uid / 2);
  EXPECT_EQ(treated.t_min, 360u);
  EXPECT_TRUE(treated.flags & kSimPaused);
}

TEST_F(BodySimulationTest, PauseStopsTimeAndResumeRestartsIt) {
  FakeConnection& a = EnterV2();
  Act(a, SimActionKind::kPause);
  Tick(200);
  EXPECT_EQ(a.Last<SimState>().t_min, 0u);
  EXPECT_TRUE(a.Last<SimState>().flags & kSimPaused);
  Act(a, SimActionKind::kResume);
  Act(a, SimActionKind::kSetSpeed, 720);
  Tick(101);  // the first tick's time passed while paused; then 5 s at 720
  EXPECT_EQ(a.Last<SimState>().t_min, 60u);
  EXPECT_EQ(a.Last<SimState>().speed, 720);
}

TEST_F(BodySimulationTest, ChoosingAPatientRestartsTheSession) {
  FakeConnection& a = EnterV2();
  Tick(200);
  Act(a, SimActionKind::kChoosePatient, static_cast<uint32_t>(SimPatient::kChild));
  Tick();
  EXPECT_EQ(a.Last<SimState>().patient, SimPatient::kChild);
  EXPECT_LT(a.Last<SimState>().t_min, 2u);
}

TEST_F(BodySimulationTest, RefusedActionsAnswerWithStableCodes) {
  FakeConnection& a = EnterV2();
  a.Clear();
  Act(a, SimActionKind::kEat, 0);
  Act(a, SimActionKind::kInsulin, 1000);  // 100 U
  Act(a, SimActionKind::kJumpAhead, 13 * 60);
  Act(a, SimActionKind::kChoosePatient, 7);
  Tick(6);  // past the next periodic sim_state
  auto errors = a.All<Error>();
  ASSERT_EQ(errors.size(), 4u);
  EXPECT_EQ(errors[0].code, "invalid_meal");
  EXPECT_EQ(errors[0].in_reply_to, 0x0c);
  EXPECT_EQ(errors[1].code, "dose_too_large");
  EXPECT_EQ(errors[2].code, "invalid_jump");
  EXPECT_EQ(errors[3].code, "invalid_patient");
  EXPECT_TRUE(a.Last<SimState>().events.empty());
}

TEST_F(BodySimulationTest, JumpsAreRateLimited) {
  FakeConnection& a = EnterV2();
  a.Clear();
  for (int i = 0; i < 8; ++i) Act(a, SimActionKind::kJumpAhead, 10);
  Tick();
  EXPECT_EQ(a.Last<SimState>().t_min, 50u);  // the burst of 5
  ASSERT_FALSE(a.All<Error>().empty());
  EXPECT_EQ(a.All<Error>()[0].code, "rate_limited");
}

TEST_F(BodySimulationTest, SpacesWithoutASimulationSaySo) {
  FakeConnection& a = EnterV2("plain");
  EXPECT_TRUE(a.All<SimState>().empty());
  Act(a, SimActionKind::kEat, 50);
  Tick();
  EXPECT_EQ(a.Last<Error>().code, "simulation_unavailable");
}

TEST_F(BodySimulationTest, VersionOneClientsNeitherSendNorReceiveIt) {
  FakeConnection& old_client = Enter("patient", "body", 99);
  EXPECT_TRUE(old_client.All<SimState>().empty());
  Tick(10);
  EXPECT_TRUE(old_client.All<SimState>().empty());
  Act(old_client, SimActionKind::kEat, 50);
  EXPECT_EQ(old_client.close_code, 1003);
}

SimAction Therapy(uint16_t carb_ratio, uint16_t correction_factor,
                  uint16_t basal_rate) {
  SimAction action{SimActionKind::kTherapy, 0};
  action.carb_ratio = carb_ratio;
  action.correction_factor = correction_factor;
  action.basal_rate = basal_rate;
  return action;
}

TEST_F(BodySimulationTest, TherapyIsTheCareTeamsToSet) {
  FakeConnection& patient = EnterV2();
  FakeConnection& clinician = EnterV2("body", "clinician");
  Tick(200);
  patient.Clear();
  clinician.Clear();
  Send(patient, Therapy(120, 400, 90));
  Tick(6);  // past the next periodic sim_state
  EXPECT_EQ(patient.Last<Error>().code, "care_team_only");
  EXPECT_GT(patient.Last<SimState>().t_min, 5u);  // nothing restarted

  Send(clinician, Therapy(120, 400, 90));  // 12 g/U, 40 mg/dL/U, 0.9 U/h
  Tick();
  EXPECT_TRUE(clinician.All<Error>().empty());
  EXPECT_LT(clinician.Last<SimState>().t_min, 2u);  // restarted with them
  EXPECT_EQ(patient.Last<SimState>().t_min, clinician.Last<SimState>().t_min);
}

TEST_F(BodySimulationTest, TherapyOutOfRangeAnswersWithStableCodes) {
  FakeConnection& admin = EnterV2("body", "admin");
  admin.Clear();
  Send(admin, Therapy(0, kTherapyUnset, kTherapyUnset));
  Send(admin, Therapy(kTherapyUnset, 6000, kTherapyUnset));
  Send(admin, Therapy(kTherapyUnset, kTherapyUnset, 2001));
  Tick();
  auto errors = admin.All<Error>();
  ASSERT_EQ(errors.size(), 3u);
  EXPECT_EQ(errors[0].code, "invalid_carb_ratio");
  EXPECT_EQ(errors[1].code, "invalid_correction_factor");
  EXPECT_EQ(errors[2].code, "invalid_basal_rate");
}

TEST_F(BodySimulationTest, VersionTwoClientsCannotSendTherapy) {
  FakeConnection& old_client = EnterV2("body", "clinician", 2);
  Send(old_client, Therapy(100, 400, 90));
  EXPECT_EQ(old_client.close_code, 1002);
}

TEST(BodySimulationUnitTest, TherapyChangesHowThePatientResponds) {
  auto usual = BodySimulation::Create(Parameters(), 0);
  auto no_basal = BodySimulation::Create(Parameters(), 0);
  ASSERT_TRUE(usual.ok() && no_basal.ok());
  ASSERT_TRUE((*no_basal)->Apply(Therapy(kTherapyUnset, kTherapyUnset, 0)).ok());
  ASSERT_TRUE((*no_basal)->therapy().basal_u_per_h.has_value());
  for (auto* simulation : {usual->get(), no_basal->get()}) {
    ASSERT_TRUE(simulation->Apply({SimActionKind::kJumpAhead, 6 * 60}).ok());
  }
  // Without basal insulin the liver keeps releasing sugar: BG climbs.
  EXPECT_GT((*no_basal)->State().bg, (*usual)->State().bg + 200);
  // Choosing a patient clears the clinician's settings.
  ASSERT_TRUE((*no_basal)->Apply({SimActionKind::kChoosePatient, 2}).ok());
  EXPECT_FALSE((*no_basal)->therapy().basal_u_per_h.has_value());
}

TEST_F(BodySimulationTest, TheBodyWaitsWhileNobodyIsThere) {
  FakeConnection& a = EnterV2();
  Tick(200);
  Send(a, Leave{});
  Tick(400);
  FakeConnection& b = EnterV2();
  EXPECT_LE(b.Last<SimState>().t_min, 61u);
}

TEST(BodySimulationUnitTest, UnavailableWithoutParameters) {
  auto simulation = BodySimulation::Create(nullptr, 0);
  ASSERT_FALSE(simulation.ok());
  EXPECT_EQ(ErrorCode(simulation.status()), "simulation_unavailable");
}

TEST(BodySimulationUnitTest, SpaceDefinitionsNameOnlyKnownSimulations) {
  auto parsed = ParseSpaceDefinition(R"({
    "id": "x", "name": "X", "policy": "public", "capacity": 1,
    "simulation": "weather",
    "bounds": {"min": [0, 0, 0], "max": [1, 1, 1]},
    "spawn_points": [{"position": [0, 0, 0]}]})",
                                     "x.json");
  ASSERT_FALSE(parsed.ok());
  EXPECT_NE(MessageOf(parsed.status()).find("simulation"), std::string::npos);
}

}  // namespace
}  // namespace mc::world
