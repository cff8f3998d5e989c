#include "sim/glucose/model.h"

#include <cmath>

#include "gtest/gtest.h"
#include "sim/glucose/simulation.h"
#include "sim/glucose/test_support.h"

namespace mc::glucose {
namespace {

using testing::Parameters;

const VirtualPatient& Adult001() { return *Parameters().FindPatient("adult#001"); }

TEST(GlucoseModelTest, BasalStateIsSteadyForAllPatients) {
  ASSERT_EQ(Parameters().patients.size(), 30u);
  for (const VirtualPatient& patient : Parameters().patients) {
    const PatientParams& p = patient.params;
    ModelInputs inputs;
    inputs.insulin_u_per_min = p.BasalRateUPerMin();
    State dx = Derivatives(p, p.x0, inputs);
    for (int i = 0; i < kStateSize; ++i) {
      double scale = std::max(1.0, std::fabs(p.x0[i]));
      EXPECT_NEAR(dx[i] / scale, 0.0, 1e-10) << p.name << " " << kStateNames[i];
    }
  }
}

TEST(GlucoseModelTest, NoMealDayStaysFlatAtGb) {
  const SensorParams& sensor = *Parameters().FindSensor("Dexcom");
  for (const VirtualPatient& patient : Parameters().patients) {
    SimulationOptions options;
    options.minutes = 1440;
    options.sensor = sensor;
    auto trace = SimulateTrace(patient, options, 60);
    ASSERT_TRUE(trace.ok()) << MessageOf(trace.status());
    for (const TraceRow& row : trace->rows) {
      ASSERT_NEAR(row.record.bg_mg_dl, patient.params.Gb, 1e-6) << patient.params.name;
      ASSERT_NEAR(row.record.plasma_glucose_mg_dl, patient.params.Gb, 1e-6);
    }
  }
}

// The reference (simglucose) for adult#001, basal insulin only, meals of
// 50/70/80 g at 07:00/12:00/18:00 over 24 h: BG min 138.6, max 285.5,
// mean 209.2 mg/dL.
TEST(GlucoseModelTest, MatchesReferenceSanityValues) {
  SimulationOptions options;
  options.minutes = 1440;
  options.sensor = *Parameters().FindSensor("Dexcom");
  options.scenario = *Scenario::ParseDaily("07:00=50,12:00=70,18:00=80");
  auto trace = SimulateTrace(Adult001(), options, 1);
  ASSERT_TRUE(trace.ok());
  double min = 1e9, max = 0, sum = 0;
  int n = 0;
  for (const TraceRow& row : trace->rows) {
    min = std::min(min, row.record.bg_mg_dl);
    max = std::max(max, row.record.bg_mg_dl);
    sum += row.record.bg_mg_dl;
    ++n;
  }
  // The reference's history: BG at t = 0, then the mean of each 3-min sample period.
  double min3 = trace->rows[0].record.bg_mg_dl, max3 = min3, sum3 = min3;
  int n3 = 1;
  for (size_t k = 1; k + 2 < trace->rows.size(); k += 3) {
    double mean = (trace->rows[k].record.bg_mg_dl + trace->rows[k + 1].record.bg_mg_dl +
                   trace->rows[k + 2].record.bg_mg_dl) / 3;
    min3 = std::min(min3, mean);
    max3 = std::max(max3, mean);
    sum3 += mean;
    ++n3;
  }
  std::printf("per-minute: min %.3f max %.3f mean %.3f (n=%d, rhs=%ld)\n", min, max, sum / n, n,
              trace->summary.rhs_evaluations);
  std::printf("3-min means: min %.3f max %.3f mean %.3f (n=%d)\n", min3, max3, sum3 / n3, n3);
  EXPECT_NEAR(min, 138.6, 0.5);
  EXPECT_NEAR(max, 285.5, 0.5);
  EXPECT_NEAR(sum / n, 209.2, 0.5);
}


TEST(GlucoseModelTest, KidneyExcretesOnlyAboveThreshold) {
  const PatientParams& p = Adult001().params;
  State x = p.x0;
  x[kGp] = p.ke2 - 1;
  EXPECT_EQ(Fluxes(p, x, {}).kidney_excretion, 0.0);
  x[kGp] = p.ke2;
  EXPECT_EQ(Fluxes(p, x, {}).kidney_excretion, 0.0);
  x[kGp] = p.ke2 + 100;
  EXPECT_NEAR(Fluxes(p, x, {}).kidney_excretion, p.ke1 * 100, 1e-15);
  EXPECT_GT(Fluxes(p, x, {}).kidney_excretion, 0.0);
  // The excretion enters dGp/dt with a minus sign.
  State below = p.x0, above = p.x0;
  below[kGp] = p.ke2;
  above[kGp] = p.ke2 + 100;
  double without = Derivatives(p, below, {})[kGp];
  double slope = (Derivatives(p, above, {})[kGp] - without) / 100;
  EXPECT_NEAR(slope, -p.kp2 - p.k1 - p.ke1, 1e-12);
}

TEST(GlucoseModelTest, ClampsNegativeStates) {
  const PatientParams& p = Adult001().params;
  State x = p.x0;
  x[kGp] = -1;
  x[kIsc1] = -1;
  EXPECT_EQ(Derivatives(p, x, {})[kGp], 0.0);
  EXPECT_EQ(Derivatives(p, x, {})[kIsc1], 0.0);
}

TEST(GlucoseModelTest, GastricEmptyingIsKmaxWithoutMealAndDipsInBetween) {
  const PatientParams& p = Adult001().params;
  EXPECT_EQ(GastricEmptyingRate(p, 1000, 0), p.kmax);
  double dbar = 50000;
  EXPECT_NEAR(GastricEmptyingRate(p, dbar, dbar), p.kmax, (p.kmax - p.kmin) * 0.1);
  EXPECT_LT(GastricEmptyingRate(p, (p.b + p.d) / 2 * dbar, dbar), p.kmax);
  EXPECT_GE(GastricEmptyingRate(p, (p.b + p.d) / 2 * dbar, dbar), p.kmin);
}

// Simpson's rule over per-minute samples.
double Integral(const std::vector<double>& values) {
  double sum = values.front() + values.back();
  for (size_t i = 1; i + 1 < values.size(); ++i) sum += (i % 2 ? 4 : 2) * values[i];
  return sum / 3;
}

TEST(GlucoseModelTest, MealMassIsConserved) {
  const PatientParams& p = Adult001().params;
  PatientState state = BasalState(p);
  MinuteInputs inputs{60, p.BasalRateUPerMin()};
  std::vector<double> absorbed_mg_per_min;  // kabs·Qgut
  double eaten_mg = 0;
  for (int m = 0; m <= 600; ++m) {
    absorbed_mg_per_min.push_back(p.kabs * state.x[kQgut]);
    if (m == 600) break;
    PatientState before = state;
    eaten_mg += BeginMinute(&before, inputs).carbs_mg_per_min;
    state = Step(p, state, inputs, 1).state;
    inputs.announced_meal_g = 0;
  }
  EXPECT_DOUBLE_EQ(eaten_mg, 60000);
  double in_gut = state.x[kQsto1] + state.x[kQsto2] + state.x[kQgut];
  EXPECT_NEAR(in_gut + Integral(absorbed_mg_per_min), eaten_mg, eaten_mg * 1e-4);
  // Ra = f·kabs·Qgut/BW: a fraction f of what leaves the gut reaches plasma.
  EXPECT_NEAR(Step(p, state, {}, 0).fluxes.gut_absorption, p.f * absorbed_mg_per_min.back() / p.BW,
              1e-12);
}

TEST(GlucoseModelTest, InsulinMassIsConserved) {
  const PatientParams& p = Adult001().params;
  PatientState state = BasalState(p);
  const double bolus_u_per_min = 2.0;
  const double infused = (bolus_u_per_min + p.BasalRateUPerMin()) * 6000 / p.BW * 3 +
                         p.BasalRateUPerMin() * 6000 / p.BW * 597;  // pmol/kg
  std::vector<double> leaving;  // ka1·Isc1 + ka2·Isc2
  double initial = state.x[kIsc1] + state.x[kIsc2];
  for (int m = 0; m <= 600; ++m) {
    leaving.push_back(p.ka1 * state.x[kIsc1] + p.ka2 * state.x[kIsc2]);
    if (m == 600) break;
    double rate = p.BasalRateUPerMin() + (m < 3 ? bolus_u_per_min : 0);
    state = Step(p, state, {0, rate}, 1).state;
  }
  double remaining = state.x[kIsc1] + state.x[kIsc2];
  // Simpson is inexact across the kink at minute 3; allow a small error.
  EXPECT_NEAR(initial + infused - remaining, Integral(leaving), infused * 2e-3);
}

TEST(GlucoseModelTest, StepSplitsAndMatchesSimulation) {
  const PatientParams& p = Adult001().params;
  PatientState one = Step(p, BasalState(p), {50, p.BasalRateUPerMin()}, 240).state;
  PatientState many = BasalState(p);
  MinuteInputs inputs{50, p.BasalRateUPerMin()};
  for (int m = 0; m < 240; ++m) {
    many = Step(p, many, inputs, 1).state;
    inputs.announced_meal_g = 0;
  }
  for (int i = 0; i < kStateSize; ++i) {
    EXPECT_NEAR(one.x[i], many.x[i], 1e-4 * std::max(1.0, std::fabs(one.x[i])))
        << kStateNames[i];
  }
}

// The reference restarts dopri5 every minute at rtol 1e-6; our integrator
// runs across minutes. Compare with per-minute restarts at rtol 1e-10.
TEST(GlucoseModelTest, ContinuousIntegrationMatchesPerMinuteRestarts) {
  const PatientParams& p = Adult001().params;
  IntegratorOptions tight;
  tight.relative_tolerance = 1e-10;
  tight.absolute_tolerance = 1e-12;
  SimulationOptions options;
  options.minutes = 1440;
  options.sensor = *Parameters().FindSensor("Dexcom");
  options.scenario = *Scenario::ParseDaily("07:00=50,12:00=70,18:00=80");
  auto trace = SimulateTrace(Adult001(), options, 1);
  ASSERT_TRUE(trace.ok());
  PatientState state = BasalState(p);
  double worst = 0;
  for (int m = 0; m < 1440; ++m) {
    MinuteInputs inputs{trace->rows[m].record.meal_g, trace->rows[m].record.insulin_u_per_min};
    ModelInputs model_inputs = BeginMinute(&state, inputs);
    state.x = Integrate(p, state.x, model_inputs, 1.0, tight);
    worst = std::max(worst, std::fabs(state.x[kGs] / p.Vg - trace->rows[m + 1].record.bg_mg_dl));
  }
  EXPECT_LT(worst, 0.01) << "mg/dL";
}

TEST(GlucoseModelTest, IntegrateSolvesLinearDecayAccurately) {
  // With no glucose dynamics active the subcutaneous depot decays exactly:
  // Isc1' = -(ka1+kd)·Isc1 once insulin input stops.
  const PatientParams& p = Adult001().params;
  State x = p.x0;
  long evaluations = 0;
  State y = Integrate(p, x, {}, 30.0, {}, &evaluations);
  EXPECT_NEAR(y[kIsc1], x[kIsc1] * std::exp(-(p.ka1 + p.kd) * 30), 1e-6 * x[kIsc1]);
  EXPECT_GT(evaluations, 0);
}

}  // namespace
}  // namespace mc::glucose
