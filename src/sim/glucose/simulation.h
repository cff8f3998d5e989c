// The simulation runner: one virtual patient through a scenario, in the loop
// of the reference (simglucose's T1DSimEnv): each minute the scenario
// announces meals, the pump delivers the controller's action, the model
// advances one minute and the CGM reads BG. The controller decides every
// sensor sample period from the mean CGM of the period and the grams
// announced in it. With `replay`, exact per-minute inputs replace scenario,
// controller and pump.
//
// Minute 0 is 00:00 at the basal steady state. The observer sees minutes
// 0..minutes inclusive: the state at minute t and the inputs applied during
// [t, t+1). Deterministic: same options, same records.
// Thread-safety: Simulate has no shared state; run many at once on
// different observers.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "core/status.h"
#include "sim/glucose/controller.h"
#include "sim/glucose/model.h"
#include "sim/glucose/params.h"
#include "sim/glucose/scenario.h"

namespace mc::glucose {

inline constexpr int kMaxSimulationMinutes = 1440 * 3660;  // ten years

struct MinuteRecord {
  int t_min = 0;
  double bg_mg_dl = 0;               // Gs/Vg
  double plasma_glucose_mg_dl = 0;   // Gp/Vg
  double cgm_mg_dl = 0;
  double meal_g = 0;                 // announced at this minute
  double insulin_u_per_min = 0;      // delivered during [t, t+1)
  // Filled only when the observer's WantsState(t) is true.
  const State* state = nullptr;
  OrganFluxes fluxes;
};

class SimulationObserver {
 public:
  virtual ~SimulationObserver() = default;
  // Whether OnMinute(t) needs the full state and fluxes (costs an interpolation).
  virtual bool WantsState(int t_min) const { (void)t_min; return false; }
  virtual void OnMinute(const MinuteRecord& record) = 0;
};

struct SimulationOptions {
  int minutes = 1440;
  Scenario scenario;
  ControllerSettings controller;
  // When set: one entry per minute (at least `minutes`), used as is.
  const std::vector<MinuteInputs>* replay = nullptr;
  SensorParams sensor;                 // REQUIRES sample_time_min in 1..150
  std::optional<PumpParams> pump;      // none: rates delivered exactly
  uint64_t seed = 1;                   // CGM noise
  IntegratorOptions integrator;
};

struct SimulationSummary {
  PatientState final_state;
  long rhs_evaluations = 0;
};

// Runs the simulation, calling observer->OnMinute for t = 0..minutes.
// Errors: invalid_argument "bad_duration" (minutes outside 1..ten years),
// "replay_too_short" (replay covers fewer minutes than the run).
StatusOr<SimulationSummary> Simulate(const VirtualPatient& patient,
                                     const SimulationOptions& options,
                                     SimulationObserver* observer);

// A recorded run: every `every_min`-th minute with full state.
struct TraceRow {
  MinuteRecord record;  // record.state is null; see `state`
  State state{};
};
struct Trace {
  std::vector<TraceRow> rows;
  SimulationSummary summary;
};
StatusOr<Trace> SimulateTrace(const VirtualPatient& patient, const SimulationOptions& options,
                              int every_min = 1);

}  // namespace mc::glucose
