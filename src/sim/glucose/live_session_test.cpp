#include "sim/glucose/live_session.h"

#include <cmath>
#include <limits>

#include "gtest/gtest.h"
#include "sim/glucose/test_support.h"

namespace mc::glucose {
namespace {

using testing::Parameters;

LiveSessionOptions Options(
    ControllerKind controller = ControllerKind::kBasalOnly) {
  LiveSessionOptions options;
  options.runtime.sensor = *Parameters().FindSensor("Dexcom");
  options.runtime.pump = *Parameters().FindPump("Insulet");
  options.runtime.controller = controller;
  options.runtime.seed = 5;
  return options;
}

LiveSession NewSession(const std::string& patient = "adolescent#001",
                       const LiveSessionOptions& options = Options()) {
  auto session =
      LiveSession::Create(*Parameters().FindPatient(patient), options);
  EXPECT_TRUE(session.ok()) << MessageOf(session.status());
  return *std::move(session);
}

double Bg(const LiveSession& session) {
  return session.Snapshot().patient.bg_mg_dl;
}
int Minute(const LiveSession& session) {
  return session.Snapshot().patient.t_min;
}

TEST(LiveSessionTest, StartsAtTheBasalSteadyState) {
  LiveSession session = NewSession();
  const PatientParams& params =
      Parameters().FindPatient("adolescent#001")->params;
  LiveSnapshot snapshot = session.Snapshot();
  EXPECT_EQ(snapshot.patient.t_min, 0);
  EXPECT_FALSE(snapshot.paused);
  EXPECT_EQ(snapshot.speed, kDefaultLiveSpeed);
  EXPECT_NEAR(snapshot.patient.bg_mg_dl, params.Gb, 1e-9);
  EXPECT_NEAR(snapshot.patient.fluxes.liver_egp, params.EGPb, 1e-6);
  EXPECT_EQ(snapshot.patient.fluxes.kidney_excretion, 0);
  EXPECT_NEAR(snapshot.patient.insulin_on_board_u, 0, 1e-9);
  EXPECT_NEAR(snapshot.patient.basal_u_per_h, params.BasalRateUPerMin() * 60,
              1e-12);
  ASSERT_EQ(session.trace().size(), 1u);
  GlycemicMetrics metrics = session.Metrics();
  EXPECT_EQ(metrics.samples, 1);
  EXPECT_NEAR(metrics.gmi_percent, 3.31 + 0.02392 * params.Gb, 1e-9);
}

TEST(LiveSessionTest, OneSimulatedHourPerTenSecondsByDefault) {
  LiveSession session = NewSession();
  EXPECT_EQ(session.Advance(10'000), 60);
  EXPECT_EQ(Minute(session), 60);
  // Small ticks carry their remainder exactly: 50 ms is 18 simulated seconds.
  int stepped = 0;
  for (int i = 0; i < 200; ++i) stepped += session.Advance(50);
  EXPECT_EQ(stepped, 60);
  EXPECT_EQ(Minute(session), 120);
  EXPECT_EQ(session.Advance(0), 0);
}

TEST(LiveSessionTest, ChunkingDoesNotChangeTheResult) {
  LiveSession whole = NewSession(), ticks = NewSession();
  ASSERT_TRUE(whole.EatMeal(40).ok());
  ASSERT_TRUE(ticks.EatMeal(40).ok());
  whole.Advance(30'000);
  for (int i = 0; i < 600; ++i) ticks.Advance(50);
  EXPECT_EQ(Minute(whole), Minute(ticks));
  EXPECT_EQ(whole.Snapshot().patient.bg_mg_dl,
            ticks.Snapshot().patient.bg_mg_dl);
  EXPECT_EQ(whole.Snapshot().patient.cgm_mg_dl,
            ticks.Snapshot().patient.cgm_mg_dl);
}

TEST(LiveSessionTest, PauseStopsTimeAndBanksNothing) {
  LiveSession session = NewSession();
  session.Advance(5'000);
  session.Pause();
  EXPECT_TRUE(session.Snapshot().paused);
  EXPECT_EQ(session.Advance(60'000), 0);
  EXPECT_EQ(Minute(session), 30);
  session.Resume();
  EXPECT_EQ(session.Advance(10'000), 60);
  EXPECT_EQ(Minute(session), 90);
}

TEST(LiveSessionTest, SpeedIsAdjustableAndValidated) {
  LiveSession session = NewSession();
  EXPECT_EQ(ErrorCode(session.SetSpeed(0)), "invalid_speed");
  EXPECT_EQ(ErrorCode(session.SetSpeed(kMaxLiveSpeed + 1)), "invalid_speed");
  EXPECT_EQ(session.speed(), kDefaultLiveSpeed);
  ASSERT_TRUE(session.SetSpeed(60).ok());  // one simulated minute per second
  EXPECT_EQ(session.Advance(3'000), 3);
  ASSERT_TRUE(session.SetSpeed(kMaxLiveSpeed).ok());
  EXPECT_EQ(session.Advance(10'000), 1440);
  LiveSessionOptions options = Options();
  options.speed = -3;
  EXPECT_EQ(ErrorCode(LiveSession::Create(
                          *Parameters().FindPatient("adult#001"), options)
                          .status()),
            "invalid_speed");
}

TEST(LiveSessionTest, OneAdvanceIsCapped) {
  LiveSession session = NewSession();
  ASSERT_TRUE(session.SetSpeed(kMaxLiveSpeed).ok());
  EXPECT_EQ(session.Advance(3'600'000), kMaxAdvanceMinutes);
  EXPECT_EQ(Minute(session), kMaxAdvanceMinutes);
  EXPECT_EQ(session.Advance(10'000), 1440);  // the excess was dropped
}

TEST(LiveSessionTest, JumpAheadWorksWhilePausedAndIsValidated) {
  LiveSession session = NewSession();
  session.Pause();
  ASSERT_TRUE(session.JumpAhead(6 * 60).ok());
  EXPECT_EQ(Minute(session), 360);
  EXPECT_TRUE(session.Snapshot().paused);
  EXPECT_EQ(ErrorCode(session.JumpAhead(0)), "invalid_jump");
  EXPECT_EQ(ErrorCode(session.JumpAhead(kMaxJumpMinutes + 1)), "invalid_jump");
  EXPECT_EQ(Minute(session), 360);
  ASSERT_EQ(session.events().size(), 1u);
  EXPECT_EQ(session.events()[0].kind, SessionEventKind::kJump);
  EXPECT_EQ(session.events()[0].amount, 360);
}

TEST(LiveSessionTest, AMealRaisesGlucose) {
  LiveSession meal = NewSession(), fasting = NewSession();
  ASSERT_TRUE(meal.EatMeal(60).ok());
  EXPECT_EQ(meal.Snapshot().uneaten_meal_g, 60);
  ASSERT_TRUE(meal.JumpAhead(5).ok());
  EXPECT_NEAR(meal.Snapshot().uneaten_meal_g, 35, 1e-9);  // 5 g/min
  ASSERT_TRUE(meal.JumpAhead(25).ok());
  EXPECT_GT(meal.Snapshot().patient.fluxes.gut_absorption, 1);
  ASSERT_TRUE(meal.JumpAhead(60).ok());
  ASSERT_TRUE(fasting.JumpAhead(90).ok());
  EXPECT_GT(Bg(meal), Bg(fasting) + 25);
  ASSERT_EQ(meal.events().size(), 4u);
  EXPECT_EQ(meal.events()[0].kind, SessionEventKind::kMeal);
  EXPECT_EQ(meal.events()[0].t_min, 0);
}

TEST(LiveSessionTest, InsulinLowersGlucose) {
  LiveSession dosed = NewSession(), control = NewSession();
  ASSERT_TRUE(dosed.TakeInsulin(4).ok());
  ASSERT_TRUE(dosed.JumpAhead(2).ok());
  const double on_board = dosed.Snapshot().patient.insulin_on_board_u;
  EXPECT_GT(on_board, 3.8);
  EXPECT_LE(on_board, 4.0);
  ASSERT_TRUE(dosed.JumpAhead(178).ok());
  ASSERT_TRUE(control.JumpAhead(180).ok());
  EXPECT_LT(Bg(dosed), Bg(control) - 30);
  EXPECT_LT(dosed.Snapshot().patient.insulin_on_board_u, on_board);
}

TEST(LiveSessionTest, MealInsulinOnTimeBeatsLateInsulin) {
  LiveSession on_time = NewSession(), late = NewSession();
  const double units = on_time.SuggestedBolusUnits(60);
  EXPECT_GT(units, 60 / Parameters()
                               .FindPatient("adolescent#001")
                               ->therapy.carb_ratio_g_per_u -
                       1e-9);
  ASSERT_TRUE(on_time.EatMeal(60).ok());
  ASSERT_TRUE(on_time.TakeInsulin(units).ok());
  ASSERT_TRUE(late.EatMeal(60).ok());
  ASSERT_TRUE(late.JumpAhead(120).ok());
  ASSERT_TRUE(late.TakeInsulin(units).ok());
  ASSERT_TRUE(on_time.JumpAhead(360).ok());
  ASSERT_TRUE(late.JumpAhead(240).ok());
  EXPECT_LT(on_time.Metrics().max_mg_dl, late.Metrics().max_mg_dl - 10);
}

TEST(LiveSessionTest, AWalkLowersGlucose) {
  LiveSession walker = NewSession(), sitter = NewSession();
  ASSERT_TRUE(walker.TakeWalk(45).ok());
  EXPECT_TRUE(walker.Snapshot().patient.walking);
  EXPECT_GT(walker.Snapshot().patient.fluxes.muscle_fat_uptake,
            sitter.Snapshot().patient.fluxes.muscle_fat_uptake * 1.5);
  ASSERT_TRUE(walker.JumpAhead(45).ok());
  ASSERT_TRUE(sitter.JumpAhead(45).ok());
  EXPECT_FALSE(walker.Snapshot().patient.walking);
  const double drop = Bg(sitter) - Bg(walker);
  EXPECT_GT(drop, 5);
  EXPECT_LT(drop, 60);
  EXPECT_EQ(ErrorCode(walker.TakeWalk(kMinWalkMinutes - 1)), "invalid_walk");
  EXPECT_EQ(ErrorCode(walker.TakeWalk(kMaxWalkMinutes + 1)), "invalid_walk");
  EXPECT_FALSE(walker.Snapshot().patient.walking);
}

TEST(LiveSessionTest, SkippingInsulinStopsTheAutomaticMealBolus) {
  const LiveSessionOptions options = Options(ControllerKind::kBasalBolus);
  LiveSession dosed = NewSession("adult#002", options),
              skipped = NewSession("adult#002", options);
  ASSERT_TRUE(dosed.EatMeal(50).ok());
  ASSERT_TRUE(skipped.EatMeal(50).ok());
  skipped.SkipInsulin();
  ASSERT_TRUE(dosed.JumpAhead(15).ok());
  ASSERT_TRUE(skipped.JumpAhead(15).ok());
  EXPECT_GT(dosed.Snapshot().patient.insulin_on_board_u, 1);
  EXPECT_NEAR(skipped.Snapshot().patient.insulin_on_board_u, 0, 1e-6);
  ASSERT_TRUE(dosed.JumpAhead(165).ok());
  ASSERT_TRUE(skipped.JumpAhead(165).ok());
  EXPECT_GT(Bg(skipped), Bg(dosed) + 20);
  EXPECT_EQ(skipped.events()[1].kind, SessionEventKind::kSkippedInsulin);
  // The next meal gets its bolus again.
  ASSERT_TRUE(skipped.EatMeal(50).ok());
  ASSERT_TRUE(skipped.JumpAhead(15).ok());
  EXPECT_GT(skipped.Snapshot().patient.insulin_on_board_u, 1);
}

TEST(LiveSessionTest, ActionsAreValidated) {
  LiveSession session = NewSession();
  const double nan = std::numeric_limits<double>::quiet_NaN();
  for (double grams : {0.0, -10.0, kMaxLiveMealG + 1, nan}) {
    EXPECT_EQ(ErrorCode(session.EatMeal(grams)), "invalid_meal") << grams;
  }
  for (double units : {0.0, -1.0, kMaxLiveDoseU + 0.5, nan}) {
    EXPECT_EQ(ErrorCode(session.TakeInsulin(units)), "invalid_dose") << units;
  }
  ASSERT_TRUE(session.EatMeal(200).ok());
  EXPECT_EQ(ErrorCode(session.EatMeal(101)), "too_much_food");
  ASSERT_TRUE(session.EatMeal(100).ok());
  EXPECT_EQ(session.Snapshot().uneaten_meal_g, 300);
  EXPECT_EQ(session.events().size(), 2u);  // rejected actions leave no trace
}

TEST(LiveSessionTest, TraceKeepsTheLastDayInFiveMinuteSteps) {
  LiveSession session = NewSession();
  ASSERT_TRUE(session.JumpAhead(2 * 1440 + 7).ok());
  const auto& trace = session.trace();
  ASSERT_EQ(trace.size(), 288u);
  EXPECT_EQ(trace.back().t_min, 2 * 1440 + 5);
  EXPECT_EQ(trace.front().t_min, 1440 + 10);
  for (size_t i = 1; i < trace.size(); ++i) {
    EXPECT_EQ(trace[i].t_min - trace[i - 1].t_min, kTraceStepMinutes);
  }
  // The jump itself happened more than a day ago and has been dropped.
  EXPECT_TRUE(session.events().empty());
  EXPECT_EQ(session.Metrics().samples, 2 * 1440 + 8);
}

TEST(LiveSessionTest, HighGlucoseRaisesGmiAndSpillsIntoTheKidneys) {
  LiveSessionOptions options = Options();
  options.runtime.therapy.basal_u_per_h = 0;
  LiveSession session = NewSession("adult#001", options);
  const double start_gmi = session.Metrics().gmi_percent;
  ASSERT_TRUE(session.EatMeal(150).ok());
  ASSERT_TRUE(session.JumpAhead(120).ok());
  EXPECT_GT(session.Snapshot().patient.fluxes.kidney_excretion, 0);
  EXPECT_GT(session.Metrics().gmi_percent, start_gmi + 0.5);
  EXPECT_LT(session.Metrics().tir_70_180_percent, 100);
}

TEST(LiveSessionTest, ClinicianSettingsAreValidated) {
  LiveSessionOptions options = Options();
  options.runtime.therapy.carb_ratio_g_per_u = 0;
  EXPECT_EQ(ErrorCode(LiveSession::Create(
                          *Parameters().FindPatient("child#001"), options)
                          .status()),
            "invalid_carb_ratio");
  options.runtime.therapy.carb_ratio_g_per_u = 20;
  options.runtime.therapy.correction_factor_mg_dl_per_u = 60;
  LiveSession session = NewSession("child#001", options);
  // grams/CR, plus (CGM - 140)/CF above 150 mg/dL.
  const double cgm = session.Snapshot().patient.cgm_mg_dl;
  const double expected = 40.0 / 20 + (cgm > 150 ? (cgm - 140) / 60 : 0);
  EXPECT_NEAR(session.SuggestedBolusUnits(40), expected, 1e-12);
}

TEST(LiveSessionTest, SameActionsSameSession) {
  auto play = [] {
    LiveSession session = NewSession("child#003");
    EXPECT_TRUE(session.EatMeal(45).ok());
    session.Advance(7'000);
    EXPECT_TRUE(session.TakeInsulin(2.5).ok());
    session.Advance(20'000);
    EXPECT_TRUE(session.TakeWalk(30).ok());
    EXPECT_TRUE(session.JumpAhead(300).ok());
    return session;
  };
  LiveSession a = play(), b = play();
  EXPECT_EQ(a.Snapshot().patient.bg_mg_dl, b.Snapshot().patient.bg_mg_dl);
  EXPECT_EQ(a.Snapshot().patient.cgm_mg_dl, b.Snapshot().patient.cgm_mg_dl);
  ASSERT_EQ(a.trace().size(), b.trace().size());
  for (size_t i = 0; i < a.trace().size(); ++i) {
    EXPECT_EQ(a.trace()[i].cgm_mg_dl, b.trace()[i].cgm_mg_dl);
  }
}

}  // namespace
}  // namespace mc::glucose
