// Internal: the Dormand–Prince 5(4) integrator of integrator.h for
// `kLaneCount` patients at once, one per SIMD lane (lane_math.h). The state,
// derivative and dense output are stored lane-interleaved (structure of
// arrays); every lane has its own patient, inputs, time, target and step
// size (dopri5_step.h's StepControl), so each lane takes exactly the steps the
// scalar integrator would and its trajectory equals the scalar one bit for
// bit. Step() attempts one step in every lane that needs one; lanes that
// don't (covered their target, or empty) compute on their old values and
// keep them.
//
// The per-lane calls mirror Dopri5's; `lane` is in [0, kLaneCount).
// Not thread-safe; one owner.
#pragma once

#include "sim/glucose/dopri5_step.h"
#include "sim/glucose/model.h"
#include "sim/glucose/model_rhs.h"

namespace mc::glucose::internal {

class Dopri5Lanes {
 public:
  // Puts a patient in `lane`, forgetting what it held; then Reset it.
  // `params` must outlive its use.
  void Attach(int lane, const PatientParams& params, const IntegratorOptions& options);
  // The lane stops stepping (its values stay, as scratch for Step).
  void Detach(int lane) { lanes_[lane].attached = false; }

  void Reset(int lane, double t, const State& y, const ModelInputs& inputs);
  void SetTarget(int lane, double t, bool land_exactly) {
    lanes_[lane].control.SetTarget(t, land_exactly);
  }
  bool NeedsStep(int lane) const {
    return lanes_[lane].attached && lanes_[lane].control.NeedsStep();
  }
  double ValueAt(int lane, int component, double t) const {
    const StepControl& control = lanes_[lane].control;
    const double h = control.time() - control.previous_time();
    if (h <= 0) return store_.y[component][lane];
    const double s = (t - control.previous_time()) / h;
    return DenseValue(store_.r1[component][lane], store_.r2[component][lane],
                      store_.r3[component][lane], store_.r4[component][lane],
                      store_.r5[component][lane], s);
  }
  void StateAt(int lane, double t, State* out) const;
  const ModelInputs& inputs(int lane) const { return lanes_[lane].inputs; }
  long rhs_evaluations(int lane) const { return lanes_[lane].rhs_evaluations; }

  // One attempted step in every lane that NeedsStep().
  void Step();

  // What Step works on; public only for the SIMD kernel in the .cpp.
  struct Lane {
    const PatientParams* params = nullptr;
    IntegratorOptions options;
    ModelInputs inputs;
    StepControl control;
    long rhs_evaluations = 0;
    bool attached = false;
  };
  struct Store {
    PatientLanes patient;
    PreparedInputs<Lanes> prepared;
    Lanes absolute_tolerance{}, relative_tolerance{};
    Lanes y[kStateSize]{}, f[kStateSize]{};
    Lanes r1[kStateSize]{}, r2[kStateSize]{}, r3[kStateSize]{}, r4[kStateSize]{},
        r5[kStateSize]{};
  };

 private:
  Lane lanes_[kLaneCount];
  Store store_;
  bool any_attached_ = false;
};

}  // namespace mc::glucose::internal
