#include "sim/glucose/batch_simulation.h"

#include <array>
#include <memory>
#include <optional>

#include "sim/glucose/batch_integrator.h"
#include "sim/glucose/simulation_run.h"

namespace mc::glucose {
namespace {

using internal::Dopri5Lanes;
using internal::kLaneCount;

// SimulationRun's handle on one lane of the batch integrator.
class LaneSolver {
 public:
  LaneSolver(Dopri5Lanes* lanes, int lane) : lanes_(lanes), lane_(lane) {}
  double ValueAt(int component, double t) const { return lanes_->ValueAt(lane_, component, t); }
  void StateAt(double t, State* out) const { lanes_->StateAt(lane_, t, out); }
  const ModelInputs& inputs() const { return lanes_->inputs(lane_); }
  void Reset(double t, const State& y, const ModelInputs& inputs) {
    lanes_->Reset(lane_, t, y, inputs);
  }
  void SetTarget(double t, bool land_exactly) { lanes_->SetTarget(lane_, t, land_exactly); }
  long rhs_evaluations() const { return lanes_->rhs_evaluations(lane_); }

 private:
  Dopri5Lanes* lanes_;
  int lane_;
};

struct Slot {
  SimulationJob job;
  std::optional<internal::SimulationRun<LaneSolver>> run;
};

class Batch {
 public:
  explicit Batch(SimulationJobSource* source) : source_(source) {}

  void Run() {
    for (int lane = 0; lane < kLaneCount; ++lane) Refill(lane);
    while (true) {
      bool busy = false;
      for (int lane = 0; lane < kLaneCount; ++lane) {
        Slot& slot = slots_[lane];
        while (slot.run && !solver_->NeedsStep(lane)) {
          if (slot.run->Minute()) continue;
          source_->Done(slot.job, slot.run->Finish());
          Refill(lane);
        }
        busy |= slot.run.has_value();
      }
      if (!busy) return;
      solver_->Step();
    }
  }

 private:
  // Ends the lane's run and starts the next valid job in it, if any.
  void Refill(int lane) {
    Slot& slot = slots_[lane];
    slot.run.reset();
    solver_->Detach(lane);
    while (open_) {
      if (!source_->Next(&slot.job)) {
        open_ = false;
        return;
      }
      Status valid = internal::ValidateSimulation(slot.job.options);
      if (!valid.ok()) {
        source_->Done(slot.job, valid);
        continue;
      }
      solver_->Attach(lane, slot.job.patient->params, slot.job.options.integrator);
      slot.run.emplace(*slot.job.patient, slot.job.options, slot.job.observer,
                       LaneSolver(solver_.get(), lane));
      return;
    }
  }

  SimulationJobSource* source_;
  std::unique_ptr<Dopri5Lanes> solver_ = std::make_unique<Dopri5Lanes>();
  std::array<Slot, kLaneCount> slots_;
  bool open_ = true;
};

}  // namespace

void SimulateBatch(SimulationJobSource* source) { Batch(source).Run(); }

}  // namespace mc::glucose
