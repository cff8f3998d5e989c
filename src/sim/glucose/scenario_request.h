// A bounded scenario for one virtual patient, as the REST endpoint
// POST /api/sim/glucose asks for it (docs/api.md "Simulation"): validation
// with stable error codes and a runner that returns sampled BG, CGM, organ
// fluxes and metrics. Transport-free: the JSON codec lives in net/api_sim.cpp.
//
// The run steps the patient minute by minute through PatientRuntime
// (patient_runtime.h), from the basal steady state at 00:00 of day 0.
//
// Pure and deterministic: the only side effect, a wall-time budget, is handed
// in as a callback. Thread-safety: no shared state; run many at once.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "sim/glucose/controller.h"
#include "sim/glucose/metrics.h"
#include "sim/glucose/model.h"
#include "sim/glucose/params.h"
#include "sim/glucose/patient_runtime.h"

namespace mc::glucose {

struct ScenarioMeal {
  enum class Repeat { kOnce, kDaily };
  Repeat repeat = Repeat::kOnce;
  int minute =
      0;  // kOnce: since the start of the run; kDaily: time of day 0..1439
  double grams = 0;
};

struct ScenarioDose {
  int minute = 0;  // since the start of the run
  double units = 0;
};

struct ScenarioRequest {
  std::string patient;  // e.g. "adolescent#001"
  int minutes = 1440;
  std::vector<ScenarioMeal> meals;
  std::vector<ScenarioDose> doses;  // added to what the controller gives
  ControllerKind controller = ControllerKind::kBasalOnly;
  TherapyOverrides therapy;
  int every_min = 5;  // minutes between returned samples
  uint64_t seed = 1;
  std::string sensor = "Dexcom";
  std::string pump = "Insulet";
};

struct ScenarioLimits {
  int max_minutes = 14 * 1440;
  int max_samples = 5000;
  int max_meals = 200;
  int max_doses = 500;
  double max_meal_g = 200;
  double max_dose_u = 50;
};

// One returned sample: the state at t_min and what was given during
// [t_min, t_min + every_min).
struct ScenarioSample {
  int t_min = 0;
  double bg_mg_dl = 0;
  double cgm_mg_dl = 0;
  OrganFluxes fluxes;  // mg/kg/min
  double insulin_on_board_u = 0;
  double meal_g = 0;
  double insulin_u = 0;
};

struct ScenarioResult {
  std::string patient;
  int minutes = 0;
  int every_min = 0;
  std::vector<ScenarioSample> samples;  // t = 0, every, 2·every, ... <= minutes
  GlycemicMetrics metrics;              // of BG every minute 0..minutes
  double total_carbs_g = 0;
  double total_insulin_u = 0;  // basal + bolus
  double total_bolus_u = 0;    // manual doses + controller boluses
  // The settings the run used (the patient's own unless overridden).
  double carb_ratio_g_per_u = 0;
  double correction_factor_mg_dl_per_u = 0;
  double basal_u_per_h = 0;
};

// "HH:MM" (00:00..23:59) -> minute of the day. invalid_argument "invalid_time".
StatusOr<int> ParseTimeOfDay(std::string_view text);

// Ok when `request` can run within `limits`. Errors (invalid_argument):
// "unknown_patient", "unknown_sensor", "unknown_pump", "invalid_hours",
// "invalid_every", "too_many_samples", "too_many_meals", "invalid_meal",
// "too_many_doses", "invalid_dose", and those of ValidateTherapyOverrides.
// Messages name the offending item (e.g. "meals[2]").
Status ValidateScenarioRequest(const ParameterSet& parameters,
                               const ScenarioRequest& request,
                               const ScenarioLimits& limits);

// Validates, then runs. `out_of_time` is polled once per simulated hour;
// when it returns true the run stops with unavailable "deadline_exceeded".
StatusOr<ScenarioResult> RunScenario(const ParameterSet& parameters,
                                     const ScenarioRequest& request,
                                     const ScenarioLimits& limits,
                                     const std::function<bool()>& out_of_time);

}  // namespace mc::glucose
