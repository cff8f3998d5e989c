#include "sim/glucose/simulation.h"

#include <algorithm>

#include "fmt/format.h"
#include "sim/glucose/integrator.h"
#include "sim/glucose/simulation_run.h"

namespace mc::glucose {
namespace internal {

constexpr int kMinutesPerDay = 1440;

double MealClock::AnnouncedAt(int minute) {
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

Status ValidateSimulation(const SimulationOptions& options) {
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
  return Status();
}

namespace {
// SimulationRun's handle on the scalar integrator.
class ScalarSolver {
 public:
  explicit ScalarSolver(Dopri5* solver) : solver_(solver) {}
  double ValueAt(int component, double t) const { return solver_->ValueAt(component, t); }
  void StateAt(double t, State* out) const { solver_->StateAt(t, out); }
  const ModelInputs& inputs() const { return solver_->inputs(); }
  void Reset(double t, const State& y, const ModelInputs& inputs) { solver_->Reset(t, y, inputs); }
  void SetTarget(double t, bool land_exactly) { solver_->SetTarget(t, land_exactly); }
  long rhs_evaluations() const { return solver_->rhs_evaluations(); }

 private:
  Dopri5* solver_;
};
}  // namespace

}  // namespace internal

StatusOr<SimulationSummary> Simulate(const VirtualPatient& patient,
                                     const SimulationOptions& options,
                                     SimulationObserver* observer) {
  MC_RETURN_IF_ERROR(internal::ValidateSimulation(options));
  internal::Dopri5 solver(patient.params, options.integrator);
  internal::SimulationRun<internal::ScalarSolver> run(patient, options, observer,
                                                      internal::ScalarSolver(&solver));
  while (run.Minute()) solver.AdvanceToTarget();
  return run.Finish();
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
