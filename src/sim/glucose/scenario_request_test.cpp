#include "sim/glucose/scenario_request.h"

#include <cmath>
#include <limits>

#include "gtest/gtest.h"
#include "sim/glucose/simulation.h"
#include "sim/glucose/test_support.h"

namespace mc::glucose {
namespace {

using testing::Parameters;

const auto kNeverOutOfTime = [] { return false; };

ScenarioRequest ThreeMeals(const std::string& patient) {
  ScenarioRequest request;
  request.patient = patient;
  request.minutes = 1440;
  request.every_min = 1;
  request.meals = {{ScenarioMeal::Repeat::kDaily, 7 * 60, 50},
                   {ScenarioMeal::Repeat::kDaily, 12 * 60, 70},
                   {ScenarioMeal::Repeat::kDaily, 18 * 60, 80}};
  return request;
}

ScenarioResult RunOk(const ScenarioRequest& request) {
  auto result =
      RunScenario(Parameters(), request, ScenarioLimits{}, kNeverOutOfTime);
  EXPECT_TRUE(result.ok()) << MessageOf(result.status());
  return result.ok() ? *std::move(result) : ScenarioResult{};
}

void ExpectInvalid(const ScenarioRequest& request, const std::string& code,
                   const ScenarioLimits& limits = {}) {
  Status status = ValidateScenarioRequest(Parameters(), request, limits);
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument) << code;
  EXPECT_EQ(ErrorCode(status), code) << MessageOf(status);
  auto run = RunScenario(Parameters(), request, limits, kNeverOutOfTime);
  EXPECT_EQ(ErrorCode(run.status()), code);
}

TEST(ScenarioRequestTest, ParsesTimeOfDay) {
  EXPECT_EQ(*ParseTimeOfDay("00:00"), 0);
  EXPECT_EQ(*ParseTimeOfDay("07:30"), 450);
  EXPECT_EQ(*ParseTimeOfDay("23:59"), 1439);
  for (const char* bad :
       {"24:00", "12:60", "7:30", "07-30", "07:3x", "", "07:300"}) {
    EXPECT_EQ(ErrorCode(ParseTimeOfDay(bad).status()), "invalid_time") << bad;
  }
}

TEST(ScenarioRequestTest, AcceptsAValidRequest) {
  ScenarioRequest request = ThreeMeals("adolescent#001");
  request.doses = {{420, 4}};
  request.therapy.basal_u_per_h = 0.8;
  EXPECT_TRUE(ValidateScenarioRequest(Parameters(), request, {}).ok());
}

TEST(ScenarioRequestTest, RejectsUnknownPatientSensorPump) {
  ScenarioRequest request = ThreeMeals("adult#099");
  ExpectInvalid(request, "unknown_patient");
  request.patient = "adult#001";
  request.sensor = "Libre";
  ExpectInvalid(request, "unknown_sensor");
  request.sensor = "Dexcom";
  request.pump = "Omnipod";
  ExpectInvalid(request, "unknown_pump");
  request.pump = "none";
  EXPECT_TRUE(ValidateScenarioRequest(Parameters(), request, {}).ok());
}

TEST(ScenarioRequestTest, RejectsBadDuration) {
  ScenarioRequest request = ThreeMeals("adult#001");
  request.minutes = 0;
  ExpectInvalid(request, "invalid_hours");
  request.minutes = 14 * 1440 + 1;
  ExpectInvalid(request, "invalid_hours");
  request.minutes = 14 * 1440;
  request.every_min = 5;
  EXPECT_TRUE(ValidateScenarioRequest(Parameters(), request, {}).ok());
}

TEST(ScenarioRequestTest, RejectsBadSampling) {
  ScenarioRequest request = ThreeMeals("adult#001");
  request.every_min = 0;
  ExpectInvalid(request, "invalid_every");
  request.every_min = 1441;
  ExpectInvalid(request, "invalid_every");
  request.minutes = 14 * 1440;
  request.every_min = 1;
  ExpectInvalid(request, "too_many_samples");
  Status status = ValidateScenarioRequest(Parameters(), request, {});
  EXPECT_NE(MessageOf(status).find("every >= 5"), std::string::npos)
      << MessageOf(status);
  request.every_min = 5;  // 4033 samples
  EXPECT_TRUE(ValidateScenarioRequest(Parameters(), request, {}).ok());
}

TEST(ScenarioRequestTest, RejectsBadMeals) {
  ScenarioRequest request = ThreeMeals("adult#001");
  request.meals[1].grams = 0;
  ExpectInvalid(request, "invalid_meal");
  EXPECT_NE(MessageOf(ValidateScenarioRequest(Parameters(), request, {}))
                .find("meals[1]"),
            std::string::npos);
  request.meals[1].grams = 201;
  ExpectInvalid(request, "invalid_meal");
  request.meals[1].grams = std::numeric_limits<double>::quiet_NaN();
  ExpectInvalid(request, "invalid_meal");
  request.meals[1].grams = 70;
  request.meals[1].minute = 1440;  // a daily time must be within the day
  ExpectInvalid(request, "invalid_meal");
  request.meals[1] = {ScenarioMeal::Repeat::kOnce, 1440,
                      70};  // past the run's end
  ExpectInvalid(request, "invalid_meal");
  request.meals[1].minute = -1;
  ExpectInvalid(request, "invalid_meal");
  request.meals.assign(201, {ScenarioMeal::Repeat::kOnce, 60, 10});
  ExpectInvalid(request, "too_many_meals");
}

TEST(ScenarioRequestTest, RejectsBadDoses) {
  ScenarioRequest request = ThreeMeals("adult#001");
  request.doses = {{420, 0}};
  ExpectInvalid(request, "invalid_dose");
  request.doses = {{420, 51}};
  ExpectInvalid(request, "invalid_dose");
  request.doses = {{420, std::numeric_limits<double>::infinity()}};
  ExpectInvalid(request, "invalid_dose");
  request.doses = {{1440, 5}};
  ExpectInvalid(request, "invalid_dose");
  request.doses = {{-5, 5}};
  ExpectInvalid(request, "invalid_dose");
  request.doses.assign(501, {60, 1});
  ExpectInvalid(request, "too_many_doses");
}

TEST(ScenarioRequestTest, RejectsBadTherapyOverrides) {
  ScenarioRequest request = ThreeMeals("adult#001");
  request.therapy.carb_ratio_g_per_u = 0.5;
  ExpectInvalid(request, "invalid_carb_ratio");
  request.therapy = {};
  request.therapy.correction_factor_mg_dl_per_u = 501;
  ExpectInvalid(request, "invalid_correction_factor");
  request.therapy = {};
  request.therapy.basal_u_per_h = -0.1;
  ExpectInvalid(request, "invalid_basal_rate");
  request.therapy.basal_u_per_h = std::numeric_limits<double>::quiet_NaN();
  ExpectInvalid(request, "invalid_basal_rate");
}

TEST(ScenarioRequestTest, NoMealsStaysAtBasal) {
  ScenarioRequest request;
  request.patient = "child#004";
  request.minutes = 720;
  request.every_min = 60;
  request.pump = "none";
  ScenarioResult result = RunOk(request);
  ASSERT_EQ(result.samples.size(), 13u);
  const PatientParams& params = Parameters().FindPatient("child#004")->params;
  for (size_t i = 0; i < result.samples.size(); ++i) {
    const ScenarioSample& sample = result.samples[i];
    EXPECT_EQ(sample.t_min, static_cast<int>(i) * 60);
    EXPECT_NEAR(sample.bg_mg_dl, params.Gb, 1e-6);
    EXPECT_NEAR(sample.insulin_on_board_u, 0, 1e-9);
    EXPECT_EQ(sample.fluxes.kidney_excretion, 0);
    EXPECT_EQ(sample.fluxes.gut_absorption, 0);
    // Steady state: liver output balances brain and muscle/fat use.
    EXPECT_NEAR(sample.fluxes.liver_egp,
                sample.fluxes.brain_fsnc + sample.fluxes.muscle_fat_uptake,
                1e-6);
  }
  EXPECT_EQ(result.metrics.samples, 721);
  EXPECT_NEAR(result.total_insulin_u, params.BasalRateUPerMin() * 720, 1e-9);
  EXPECT_EQ(result.total_bolus_u, 0);
}

// The sanity values of the reference (issue 7): adult#001, basal only,
// meals 50/70/80 g at 07:00/12:00/18:00, 24 h.
TEST(ScenarioRequestTest, MatchesTheReferenceSanityValues) {
  ScenarioResult result = RunOk(ThreeMeals("adult#001"));
  EXPECT_NEAR(result.metrics.min_mg_dl, 138.6, 0.5);
  EXPECT_NEAR(result.metrics.max_mg_dl, 285.5, 0.5);
  EXPECT_NEAR(result.metrics.mean_mg_dl, 209.2, 0.5);
  EXPECT_EQ(result.total_carbs_g, 200);
  EXPECT_EQ(result.samples.size(), 1441u);
  double interval_sum = 0;
  for (const ScenarioSample& sample : result.samples)
    interval_sum += sample.insulin_u;
  EXPECT_NEAR(interval_sum, result.total_insulin_u, 1e-9);
}

TEST(ScenarioRequestTest, AgreesWithTheSimulationRunner) {
  for (ControllerKind kind :
       {ControllerKind::kBasalOnly, ControllerKind::kBasalBolus}) {
    ScenarioRequest request = ThreeMeals("adolescent#002");
    request.minutes = 2 * 1440;
    request.controller = kind;
    ScenarioResult result = RunOk(request);
    SimulationOptions options;
    options.minutes = request.minutes;
    options.scenario = *Scenario::ParseDaily("07:00=50,12:00=70,18:00=80");
    options.controller.kind = kind;
    options.sensor = *Parameters().FindSensor("Dexcom");
    options.pump = *Parameters().FindPump("Insulet");
    auto trace =
        SimulateTrace(*Parameters().FindPatient("adolescent#002"), options, 1);
    ASSERT_TRUE(trace.ok());
    ASSERT_EQ(trace->rows.size(), result.samples.size());
    for (size_t i = 0; i < result.samples.size(); ++i) {
      ASSERT_NEAR(result.samples[i].bg_mg_dl, trace->rows[i].record.bg_mg_dl,
                  0.05)
          << i;
      if (i + 1 == result.samples.size())
        break;  // nothing is given after the end
      ASSERT_NEAR(result.samples[i].insulin_u,
                  trace->rows[i].record.insulin_u_per_min, 1e-3)
          << i;
    }
  }
}

TEST(ScenarioRequestTest, ADoseLowersGlucoseAndShowsOnBoard) {
  ScenarioRequest request = ThreeMeals("adult#001");
  ScenarioResult without = RunOk(request);
  request.doses = {{7 * 60, 6}};
  ScenarioResult with = RunOk(request);
  EXPECT_LT(with.metrics.mean_mg_dl, without.metrics.mean_mg_dl - 10);
  EXPECT_NEAR(with.total_bolus_u, 6, 1e-9);
  EXPECT_NEAR(
      with.samples[7 * 60].insulin_u - without.samples[7 * 60].insulin_u, 6,
      1e-9);
  EXPECT_GT(with.samples[7 * 60 + 1].insulin_on_board_u, 5.5);
  EXPECT_LT(with.samples[7 * 60 + 1].insulin_on_board_u, 6.0 + 1e-9);
  EXPECT_LT(with.samples[12 * 60].insulin_on_board_u,
            with.samples[8 * 60].insulin_on_board_u);
}

TEST(ScenarioRequestTest, BasalBolusControllerDosesMeals) {
  ScenarioRequest request = ThreeMeals("adult#001");
  request.controller = ControllerKind::kBasalBolus;
  ScenarioResult standard = RunOk(request);
  EXPECT_GT(standard.total_bolus_u, 5);
  request.therapy.carb_ratio_g_per_u =
      2 * Parameters().FindPatient("adult#001")->therapy.carb_ratio_g_per_u;
  ScenarioResult weaker = RunOk(request);
  EXPECT_LT(weaker.total_bolus_u, standard.total_bolus_u);
  EXPECT_GT(weaker.metrics.mean_mg_dl, standard.metrics.mean_mg_dl);
}

TEST(ScenarioRequestTest, BasalOverrideChangesInsulin) {
  ScenarioRequest request;
  request.patient = "adult#003";
  request.minutes = 600;
  request.therapy.basal_u_per_h = 0;
  ScenarioResult none = RunOk(request);
  EXPECT_EQ(none.total_insulin_u, 0);
  EXPECT_GT(none.samples.back().bg_mg_dl, none.samples.front().bg_mg_dl + 20);
  request.therapy.basal_u_per_h = 1.5;
  request.therapy.correction_factor_mg_dl_per_u = 33;
  request.pump = "none";
  ScenarioResult fixed = RunOk(request);
  EXPECT_NEAR(fixed.total_insulin_u, 1.5 * 10, 1e-9);
  EXPECT_NEAR(fixed.basal_u_per_h, 1.5, 1e-12);
  EXPECT_EQ(fixed.correction_factor_mg_dl_per_u, 33);
  EXPECT_EQ(fixed.carb_ratio_g_per_u,
            Parameters().FindPatient("adult#003")->therapy.carb_ratio_g_per_u);
}

TEST(ScenarioRequestTest, HighGlucoseSpillsIntoTheKidneys) {
  ScenarioRequest request;
  request.patient = "adult#001";
  request.minutes = 360;
  request.meals = {{ScenarioMeal::Repeat::kOnce, 30, 200}};
  request.therapy.basal_u_per_h = 0;
  ScenarioResult result = RunOk(request);
  EXPECT_EQ(result.samples.front().fluxes.kidney_excretion, 0);
  double peak_excretion = 0, peak_absorption = 0;
  for (const ScenarioSample& sample : result.samples) {
    peak_excretion = std::max(peak_excretion, sample.fluxes.kidney_excretion);
    peak_absorption = std::max(peak_absorption, sample.fluxes.gut_absorption);
  }
  EXPECT_GT(peak_excretion, 0);
  EXPECT_GT(peak_absorption, 1);
}

TEST(ScenarioRequestTest, SameSeedSameResult) {
  ScenarioRequest request = ThreeMeals("child#002");
  request.seed = 9;
  ScenarioResult a = RunOk(request), b = RunOk(request);
  request.seed = 10;
  ScenarioResult c = RunOk(request);
  bool differs = false;
  for (size_t i = 0; i < a.samples.size(); ++i) {
    ASSERT_EQ(a.samples[i].cgm_mg_dl, b.samples[i].cgm_mg_dl);
    ASSERT_EQ(a.samples[i].bg_mg_dl, b.samples[i].bg_mg_dl);
    differs |= a.samples[i].cgm_mg_dl != c.samples[i].cgm_mg_dl;
  }
  EXPECT_TRUE(differs);
}

TEST(ScenarioRequestTest, StopsWhenOutOfTime) {
  ScenarioRequest request = ThreeMeals("adult#001");
  int polls = 0;
  auto counted = RunScenario(Parameters(), request, {}, [&] {
    ++polls;
    return false;
  });
  ASSERT_TRUE(counted.ok());
  EXPECT_EQ(polls, 24);
  polls = 0;
  auto stopped =
      RunScenario(Parameters(), request, {}, [&] { return ++polls > 3; });
  EXPECT_EQ(stopped.status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(ErrorCode(stopped.status()), "deadline_exceeded");
  EXPECT_EQ(polls, 4);
}

}  // namespace
}  // namespace mc::glucose
