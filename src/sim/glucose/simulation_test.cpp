#include "sim/glucose/simulation.h"

#include <cmath>

#include "gtest/gtest.h"
#include "sim/glucose/metrics.h"
#include "sim/glucose/pump.h"
#include "sim/glucose/sensor.h"
#include "sim/glucose/test_support.h"

namespace mc::glucose {
namespace {

using testing::Parameters;
using testing::RandomDays;


TEST(GlucoseSimulationTest, SameSeedSameResult) {
  const VirtualPatient& patient = *Parameters().FindPatient("adolescent#003");
  auto a = SimulateTrace(patient, RandomDays(3, 42, ControllerKind::kBasalBolus), 1);
  auto b = SimulateTrace(patient, RandomDays(3, 42, ControllerKind::kBasalBolus), 1);
  auto c = SimulateTrace(patient, RandomDays(3, 43, ControllerKind::kBasalBolus), 1);
  ASSERT_TRUE(a.ok() && b.ok() && c.ok());
  ASSERT_EQ(a->rows.size(), b->rows.size());
  bool differs = false;
  for (size_t i = 0; i < a->rows.size(); ++i) {
    ASSERT_EQ(a->rows[i].record.bg_mg_dl, b->rows[i].record.bg_mg_dl);
    ASSERT_EQ(a->rows[i].record.cgm_mg_dl, b->rows[i].record.cgm_mg_dl);
    ASSERT_EQ(a->rows[i].state, b->rows[i].state);
    differs |= a->rows[i].record.cgm_mg_dl != c->rows[i].record.cgm_mg_dl;
  }
  EXPECT_TRUE(differs);
}

TEST(GlucoseSimulationTest, RandomScenarioFollowsTheReferenceGenerator) {
  Scenario scenario = Scenario::Random(7);
  int meals = 0;
  for (int day = 0; day < 200; ++day) {
    auto day_meals = scenario.MealsOfDay(day);
    EXPECT_EQ(day_meals.size(), scenario.MealsOfDay(day).size());
    for (const Meal& meal : day_meals) {
      EXPECT_GE(meal.minute, 5 * 60);
      EXPECT_LE(meal.minute, 23 * 60);
      EXPECT_GT(meal.grams, 0);
      ++meals;
    }
  }
  // Expected 0.95·3 + 0.3·3 = 3.75 meals a day.
  EXPECT_NEAR(meals / 200.0, 3.75, 0.3);
}

TEST(GlucoseSimulationTest, ParseDailyMealsRejectsBadInput) {
  auto ok = Scenario::ParseDaily("07:00=50,12:30=70");
  ASSERT_TRUE(ok.ok());
  auto meals = ok->MealsOfDay(5);
  ASSERT_EQ(meals.size(), 2u);
  EXPECT_EQ(meals[1].minute, 750);
  for (const char* bad : {"", "7=50", "25:00=50", "07:00=-1", "07:00=x", "07:61=5"}) {
    auto parsed = Scenario::ParseDaily(bad);
    EXPECT_FALSE(parsed.ok()) << bad;
    EXPECT_EQ(ErrorCode(parsed.status()), "bad_meals");
  }
}

TEST(GlucoseSimulationTest, BasalBolusLowersGlucoseAfterMeals) {
  const VirtualPatient& patient = *Parameters().FindPatient("adult#001");
  MetricsAccumulator none, bolus;
  auto options = RandomDays(2, 5, ControllerKind::kBasalOnly);
  auto a = SimulateTrace(patient, options, 1);
  options.controller.kind = ControllerKind::kBasalBolus;
  auto b = SimulateTrace(patient, options, 1);
  double insulin_a = 0, insulin_b = 0;
  for (const auto& row : a->rows) {
    none.Add(row.record.bg_mg_dl);
    insulin_a += row.record.insulin_u_per_min;
  }
  for (const auto& row : b->rows) {
    bolus.Add(row.record.bg_mg_dl);
    insulin_b += row.record.insulin_u_per_min;
  }
  EXPECT_LT(bolus.Result().mean_mg_dl, none.Result().mean_mg_dl - 20);
  EXPECT_GT(insulin_b, insulin_a);
}

TEST(GlucoseSimulationTest, ControllerBolusFollowsCarbRatioAndCorrection) {
  const VirtualPatient& patient = *Parameters().FindPatient("adult#001");
  ControllerSettings settings;
  settings.kind = ControllerKind::kBasalBolus;
  ControllerObservation observation{120, 60, 3};
  InsulinAction action = Decide(patient, settings, observation);
  EXPECT_DOUBLE_EQ(action.basal_u_per_min, patient.params.BasalRateUPerMin());
  EXPECT_NEAR(action.bolus_u_per_min * 3, 60 / patient.therapy.carb_ratio_g_per_u, 1e-12);
  observation.cgm_mg_dl = 200;
  action = Decide(patient, settings, observation);
  EXPECT_NEAR(action.bolus_u_per_min * 3,
              60 / patient.therapy.carb_ratio_g_per_u +
                  60 / patient.therapy.correction_factor_mg_dl_per_u,
              1e-12);
  observation.announced_meal_g = 0;
  EXPECT_EQ(Decide(patient, settings, observation).bolus_u_per_min, 0.0);
}

TEST(GlucoseSimulationTest, PumpClipsAndQuantises) {
  const PumpParams& pump = *Parameters().FindPump("Insulet");
  EXPECT_EQ(PumpBasal(pump, -1), 0.0);
  EXPECT_EQ(PumpBolus(pump, 1000), pump.max_bolus);
  double rate = 0.0123456789;
  EXPECT_NEAR(PumpBasal(pump, rate), rate, pump.inc_basal / 6000);
  EXPECT_DOUBLE_EQ(PumpBasal(pump, PumpBasal(pump, rate)), PumpBasal(pump, rate));
}

TEST(GlucoseSimulationTest, SensorNoiseIsBoundedHeldAndClipped) {
  const SensorParams& params = *Parameters().FindSensor("GuardianRT");
  CgmSensor sensor(params, 3);
  double last = 0;
  MetricsAccumulator errors;
  for (int t = 0; t < 10000; ++t) {
    double reading = sensor.Measure(t, 120);
    if (t % params.sample_time_min != 0) {
      EXPECT_EQ(reading, last);
    }
    errors.Add(reading);
    last = reading;
  }
  EXPECT_NEAR(errors.Result().mean_mg_dl, 120, 10);
  EXPECT_GT(errors.Result().sd_mg_dl, 1);
  CgmSensor low(params, 3);
  EXPECT_EQ(low.Measure(0, 5), params.min_mg_dl);
}

TEST(GlucoseSimulationTest, ReplayReproducesARecordedRun) {
  const VirtualPatient& patient = *Parameters().FindPatient("child#002");
  auto options = RandomDays(1, 9, ControllerKind::kBasalBolus);
  auto recorded = SimulateTrace(patient, options, 1);
  ASSERT_TRUE(recorded.ok());
  std::vector<MinuteInputs> inputs;
  for (const auto& row : recorded->rows) {
    inputs.push_back({row.record.meal_g, row.record.insulin_u_per_min});
  }
  options.replay = &inputs;
  auto replayed = SimulateTrace(patient, options, 1);
  ASSERT_TRUE(replayed.ok());
  for (size_t i = 0; i < recorded->rows.size(); ++i) {
    ASSERT_EQ(recorded->rows[i].record.bg_mg_dl, replayed->rows[i].record.bg_mg_dl);
  }
  inputs.resize(100);
  auto short_replay = SimulateTrace(patient, options, 1);
  EXPECT_EQ(ErrorCode(short_replay.status()), "replay_too_short");
}

TEST(GlucoseSimulationTest, BadDurationFails) {
  auto options = RandomDays(1, 1, ControllerKind::kBasalOnly);
  options.minutes = 0;
  EXPECT_EQ(ErrorCode(SimulateTrace(*Parameters().FindPatient("adult#001"), options).status()),
            "bad_duration");
}

TEST(GlucoseMetricsTest, KnownValues) {
  std::vector<double> bg = {50, 60, 100, 150, 200, 260};
  GlycemicMetrics m = ComputeMetrics(bg);
  EXPECT_EQ(m.samples, 6);
  EXPECT_NEAR(m.mean_mg_dl, 136.6666667, 1e-6);
  EXPECT_NEAR(m.tir_70_180_percent, 100.0 * 2 / 6, 1e-9);
  EXPECT_NEAR(m.below_70_percent, 100.0 * 2 / 6, 1e-9);
  EXPECT_NEAR(m.below_54_percent, 100.0 / 6, 1e-9);
  EXPECT_NEAR(m.above_180_percent, 100.0 * 2 / 6, 1e-9);
  EXPECT_NEAR(m.above_250_percent, 100.0 / 6, 1e-9);
  EXPECT_NEAR(m.gmi_percent, 3.31 + 0.02392 * m.mean_mg_dl, 1e-12);
  EXPECT_NEAR(RiskSymmetrised(112.5), 0.0, 0.01);
  EXPECT_GT(m.lbgi, 0);
  EXPECT_GT(m.hbgi, 0);
  EXPECT_NEAR(m.risk_index, m.lbgi + m.hbgi, 1e-12);
  double sd = 0;
  for (double v : bg) sd += (v - m.mean_mg_dl) * (v - m.mean_mg_dl);
  EXPECT_NEAR(m.sd_mg_dl, std::sqrt(sd / 6), 1e-9);
  EXPECT_NEAR(m.cv_percent, 100 * m.sd_mg_dl / m.mean_mg_dl, 1e-9);
}

// Issue 20 (fidelity): the reference's basal-only runs drive the patient
// directly with u2ss·BW/6000 U/min, so the insulin states stay at the basal
// state the parameter table holds (x0 of vpatient_params.csv, the
// reference's own steady state) whatever the meals. The pump used to
// quantise child#001's 39.4705 pmol/min to 39.45: every insulin state sank
// 0.05% (5e-4) within hours and BG ended 1.4 mg/dL high at ~707 mg/dL.
TEST(GlucoseSimulationTest, NoControllerDeliversTheExactBasalThroughThePump) {
  for (const char* name : {"child#001", "child#003", "adult#001"}) {
    const VirtualPatient& patient = *Parameters().FindPatient(name);
    SimulationOptions options;
    options.minutes = 1440;
    options.sensor = *Parameters().FindSensor("Dexcom");
    options.pump = *Parameters().FindPump("Insulet");  // the CLI's default
    options.scenario = *Scenario::ParseDaily("07:00=50,12:00=70,18:00=80");
    auto pumped = SimulateTrace(patient, options, 60);
    options.pump.reset();
    auto exact = SimulateTrace(patient, options, 60);
    ASSERT_TRUE(pumped.ok() && exact.ok());
    const State& x0 = patient.params.x0;
    for (size_t i = 0; i < pumped->rows.size(); ++i) {
      const TraceRow& row = pumped->rows[i];
      EXPECT_EQ(row.record.insulin_u_per_min, patient.params.BasalRateUPerMin()) << name;
      for (int state : {kIp, kI1, kId, kIl, kIsc1, kIsc2}) {
        ASSERT_NEAR(row.state[state] / x0[state], 1.0, 1e-7)
            << name << " " << kStateNames[state] << " at minute " << row.record.t_min;
      }
      ASSERT_NEAR(row.record.bg_mg_dl, exact->rows[i].record.bg_mg_dl, 1e-9) << name;
    }
  }
}

// Under a controller the pump still quantises, as in the reference's loop.
TEST(GlucoseSimulationTest, ControllerCommandsGoThroughThePump) {
  const VirtualPatient& patient = *Parameters().FindPatient("child#001");
  const PumpParams& pump = *Parameters().FindPump("Insulet");
  auto trace = SimulateTrace(patient, RandomDays(1, 3, ControllerKind::kBasalBolus), 1);
  ASSERT_TRUE(trace.ok());
  EXPECT_EQ(trace->rows[1].record.insulin_u_per_min,
            PumpBasal(pump, patient.params.BasalRateUPerMin()));
  EXPECT_NE(PumpBasal(pump, patient.params.BasalRateUPerMin()),
            patient.params.BasalRateUPerMin());
  EXPECT_EQ(DeliveredBasal(pump, ControllerKind::kBasalOnly, 0.0065784),  0.0065784);
  EXPECT_EQ(DeliveredBasal(std::nullopt, ControllerKind::kBasalBolus, 0.0065784), 0.0065784);
}

}  // namespace
}  // namespace mc::glucose
