#include "sim/glucose/simulation.h"

#include <algorithm>

#include "fmt/format.h"
#include "sim/glucose/integrator.h"
#include "sim/glucose/pump.h"
#include "sim/glucose/sensor.h"

namespace mc::glucose {
namespace {

constexpr int kMinutesPerDay = 1440;

// Per-minute announced grams for one day, refilled at each day boundary.
class MealClock {
 public:
  explicit MealClock(const Scenario& scenario) : scenario_(scenario) {}
  double AnnouncedAt(int minute) {
    int day = minute / kMinutesPerDay;
    if (day != day_) {
      day_ = day;
      meals_ = scenario_.MealsOfDay(day);
      next_ = 0;
    }
    int minute_of_day = minute % kMinutesPerDay;
    while (next_ < meals_.size() && meals_[next_].minute < minute_of_day) ++next_;
    if (next_ < meals_.size() && meals_[next_].minute == minute_of_day) {
      return meals_[next_].grams;
    }
    return 0;
  }

 private:
  const Scenario& scenario_;
  int day_ = -1;
  std::vector<Meal> meals_;
  size_t next_ = 0;
};

}  // namespace

StatusOr<SimulationSummary> Simulate(const VirtualPatient& patient,
                                     const SimulationOptions& options,
                                     SimulationObserver* observer) {
  if (options.minutes < 1 || options.minutes > kMaxSimulationMinutes) {
    return InvalidArgument("bad_duration",
                           fmt::format("duration must be 1..{} minutes, got {}",
                                       kMaxSimulationMinutes, options.minutes));
  }
  if (options.replay != nullptr && options.replay->size() < static_cast<size_t>(options.minutes)) {
    return InvalidArgument("replay_too_short",
                           fmt::format("the inputs cover {} minutes, the run needs {}",
                                       options.replay->size(), options.minutes));
  }
  if (options.sensor.sample_time_min < 1 || options.sensor.sample_time_min > 150) {
    return InvalidArgument("bad_sensor", "sensor sample time must be 1..150 minutes");
  }
  const PatientParams& params = patient.params;
  const int sample_time = options.sensor.sample_time_min;
  internal::Dopri5 solver(params, options.integrator);
  CgmSensor sensor(options.sensor, options.seed);
  MealClock meals(options.scenario);
  PatientState state = BasalState(params);
  solver.Reset(0, state.x, ModelInputs{});
  bool need_reset = true;

  InsulinAction action;
  double cgm_sum = 0, meal_sum = 0;
  MinuteRecord record;
  for (int m = 0; m <= options.minutes; ++m) {
    const double gs = solver.ValueAt(kGs, m);
    record.t_min = m;
    record.bg_mg_dl = gs / params.Vg;
    record.plasma_glucose_mg_dl = solver.ValueAt(kGp, m) / params.Vg;
    record.cgm_mg_dl = sensor.Measure(m, record.bg_mg_dl);
    if (m > 0) cgm_sum += record.cgm_mg_dl;

    MinuteInputs inputs;
    if (options.replay != nullptr) {
      if (m < options.minutes) inputs = (*options.replay)[m];
    } else {
      if (m % sample_time == 0) {
        ControllerObservation observation;
        observation.cgm_mg_dl = m == 0 ? record.cgm_mg_dl : cgm_sum / sample_time;
        observation.announced_meal_g = meal_sum;
        observation.sample_time_min = sample_time;
        action = Decide(patient, options.controller, observation);
        cgm_sum = meal_sum = 0;
      }
      inputs.announced_meal_g = meals.AnnouncedAt(m);
      meal_sum += inputs.announced_meal_g;
      inputs.insulin_u_per_min =
          DeliveredBasal(options.pump, options.controller.kind, action.basal_u_per_min) +
          (options.pump ? PumpBolus(*options.pump, action.bolus_u_per_min)
                        : action.bolus_u_per_min);
    }
    record.meal_g = inputs.announced_meal_g;
    record.insulin_u_per_min = inputs.insulin_u_per_min;

    // The full state is needed when a meal may start (Dbar reads Qsto), when
    // the inputs change (restart) and when the observer asks for it.
    const bool wants_state = observer != nullptr && observer->WantsState(m);
    bool have_state = false;
    auto load_state = [&] {
      if (!have_state) solver.StateAt(m, &state.x);
      have_state = true;
    };
    if (inputs.announced_meal_g > 0 || state.planned_meal_g > 0) load_state();
    ModelInputs model_inputs = BeginMinute(&state, inputs);
    if (wants_state) {
      load_state();
      record.state = &state.x;
      record.fluxes = Fluxes(params, state.x, model_inputs);
    } else {
      record.state = nullptr;
    }
    if (observer != nullptr) observer->OnMinute(record);
    if (m == options.minutes) break;

    if (need_reset || !(model_inputs == solver.inputs())) {
      load_state();
      solver.Reset(m, state.x, model_inputs);
      need_reset = false;
    }
    const bool changes_next = state.eating || state.planned_meal_g > 0;
    solver.AdvanceTo(m + 1, changes_next);
  }
  solver.StateAt(options.minutes, &state.x);
  SimulationSummary summary;
  summary.final_state = state;
  summary.rhs_evaluations = solver.rhs_evaluations();
  return summary;
}

namespace {
class TraceObserver : public SimulationObserver {
 public:
  TraceObserver(Trace* trace, int every) : trace_(trace), every_(std::max(1, every)) {}
  bool WantsState(int t_min) const override { return t_min % every_ == 0; }
  void OnMinute(const MinuteRecord& record) override {
    if (record.t_min % every_ != 0) return;
    TraceRow row;
    row.record = record;
    row.record.state = nullptr;
    if (record.state != nullptr) row.state = *record.state;
    trace_->rows.push_back(row);
  }

 private:
  Trace* trace_;
  int every_;
};
}  // namespace

StatusOr<Trace> SimulateTrace(const VirtualPatient& patient, const SimulationOptions& options,
                              int every_min) {
  Trace trace;
  trace.rows.reserve(static_cast<size_t>(options.minutes / std::max(1, every_min) + 2));
  TraceObserver observer(&trace, every_min);
  MC_ASSIGN_OR_RETURN(trace.summary, Simulate(patient, options, &observer));
  return trace;
}

}  // namespace mc::glucose
