// Internal: one Simulate run as a resumable object, so that the same minute
// loop drives the scalar integrator (Simulate) and one lane of the batch
// integrator (SimulateBatch). Each Minute() handles one minute of the
// reference's loop (BG and CGM at minute t, controller every sample period,
// meals, pump, observer), restarts the integrator when the inputs change and
// sets its target to the next minute; the owner then steps the integrator
// until it has covered that target, and calls Minute() again.
//
// `Solver` is a cheap handle with Dopri5's interface: ValueAt, StateAt,
// inputs, Reset, SetTarget, rhs_evaluations. Not thread-safe; one owner.
#pragma once

#include "core/status.h"
#include "sim/glucose/pump.h"
#include "sim/glucose/sensor.h"
#include "sim/glucose/simulation.h"

namespace mc::glucose::internal {

// Errors of SimulationOptions as Simulate reports them (simulation.h).
Status ValidateSimulation(const SimulationOptions& options);

// Per-minute announced grams for one day, refilled at each day boundary.
class MealClock {
 public:
  explicit MealClock(const Scenario& scenario) : scenario_(scenario) {}
  double AnnouncedAt(int minute);

 private:
  const Scenario& scenario_;
  int day_ = -1;
  std::vector<Meal> meals_;
  size_t next_ = 0;
};

template <class Solver>
class SimulationRun {
 public:
  // REQUIRES ValidateSimulation(options).ok(); `patient`, `options` and
  // `observer` (may be null) outlive the run. Resets the solver at minute 0.
  SimulationRun(const VirtualPatient& patient, const SimulationOptions& options,
                SimulationObserver* observer, Solver solver)
      : patient_(patient),
        options_(options),
        observer_(observer),
        solver_(solver),
        sensor_(options.sensor, options.seed),
        meals_(options.scenario),
        state_(BasalState(patient.params)) {
    solver_.Reset(0, state_.x, ModelInputs{});
  }

  // Handles the current minute. REQUIRES the solver covers it. Returns false
  // once the last minute has been observed (then call Finish).
  bool Minute();

  SimulationSummary Finish() {
    solver_.StateAt(options_.minutes, &state_.x);
    SimulationSummary summary;
    summary.final_state = state_;
    summary.rhs_evaluations = solver_.rhs_evaluations();
    return summary;
  }

 private:
  MinuteInputs InputsOf(int m, double cgm_mg_dl);
  void LoadState(int m) {
    if (!have_state_) solver_.StateAt(m, &state_.x);
    have_state_ = true;
  }

  const VirtualPatient& patient_;
  const SimulationOptions& options_;
  SimulationObserver* observer_;
  Solver solver_;
  CgmSensor sensor_;
  MealClock meals_;
  PatientState state_;
  int minute_ = 0;
  bool need_reset_ = true;
  bool have_state_ = false;
  // The controller's last decision as the pump delivers it (U/min).
  double delivered_u_per_min_ = 0;
  double cgm_sum_ = 0, meal_sum_ = 0;
  MinuteRecord record_;
};

template <class Solver>
MinuteInputs SimulationRun<Solver>::InputsOf(int m, double cgm_mg_dl) {
  MinuteInputs inputs;
  if (options_.replay != nullptr) {
    if (m < options_.minutes) inputs = (*options_.replay)[m];
    return inputs;
  }
  const int sample_time = options_.sensor.sample_time_min;
  if (m % sample_time == 0) {
    ControllerObservation observation;
    observation.cgm_mg_dl = m == 0 ? cgm_mg_dl : cgm_sum_ / sample_time;
    observation.announced_meal_g = meal_sum_;
    observation.sample_time_min = sample_time;
    const InsulinAction action = Decide(patient_, options_.controller, observation);
    delivered_u_per_min_ =
        DeliveredBasal(options_.pump, options_.controller.kind, action.basal_u_per_min) +
        (options_.pump ? PumpBolus(*options_.pump, action.bolus_u_per_min)
                       : action.bolus_u_per_min);
    cgm_sum_ = meal_sum_ = 0;
  }
  inputs.announced_meal_g = meals_.AnnouncedAt(m);
  meal_sum_ += inputs.announced_meal_g;
  inputs.insulin_u_per_min = delivered_u_per_min_;
  return inputs;
}

template <class Solver>
bool SimulationRun<Solver>::Minute() {
  const int m = minute_;
  const PatientParams& params = patient_.params;
  record_.t_min = m;
  record_.bg_mg_dl = solver_.ValueAt(kGs, m) / params.Vg;
  record_.plasma_glucose_mg_dl = solver_.ValueAt(kGp, m) / params.Vg;
  record_.cgm_mg_dl = sensor_.Measure(m, record_.bg_mg_dl);
  if (m > 0) cgm_sum_ += record_.cgm_mg_dl;

  const MinuteInputs inputs = InputsOf(m, record_.cgm_mg_dl);
  record_.meal_g = inputs.announced_meal_g;
  record_.insulin_u_per_min = inputs.insulin_u_per_min;

  // The full state is needed when a meal may start (Dbar reads Qsto), when
  // the inputs change (restart) and when the observer asks for it.
  have_state_ = false;
  if (inputs.announced_meal_g > 0 || state_.planned_meal_g > 0) LoadState(m);
  const ModelInputs model_inputs = BeginMinute(&state_, inputs);
  record_.state = nullptr;
  if (observer_ != nullptr && observer_->WantsState(m)) {
    LoadState(m);
    record_.state = &state_.x;
    record_.fluxes = Fluxes(params, state_.x, model_inputs);
  }
  if (observer_ != nullptr) observer_->OnMinute(record_);
  if (m == options_.minutes) return false;

  if (need_reset_ || !(model_inputs == solver_.inputs())) {
    LoadState(m);
    solver_.Reset(m, state_.x, model_inputs);
    need_reset_ = false;
  }
  const bool changes_next = state_.eating || state_.planned_meal_g > 0;
  solver_.SetTarget(m + 1, changes_next);
  ++minute_;
  return true;
}

}  // namespace mc::glucose::internal
