// Internal: Dormand–Prince 5(4) integrator specialised for the 13-state model,
// with Hairer's 4th-order dense output. It runs ahead of the caller across
// minute boundaries while the inputs stay the same and answers values at any
// time it has covered by interpolation, so a quiet hour costs a few steps
// instead of sixty restarts (the reference restarts every minute).
//
// The step itself and its control live in dopri5_step.h, shared with the
// batch integrator (batch_integrator.h), which advances several patients at
// once and gives the same trajectories bit for bit. One object per
// simulation; not thread-safe.
#pragma once

#include "sim/glucose/dopri5_step.h"
#include "sim/glucose/model.h"
#include "sim/glucose/model_rhs.h"

namespace mc::glucose::internal {

class Dopri5 {
 public:
  Dopri5(const PatientParams& params, const IntegratorOptions& options);

  // Restarts at (t, y) with `inputs` from now on. Keeps the last step size as
  // the first guess.
  void Reset(double t, const State& y, const ModelInputs& inputs);

  // Integrates until the covered interval reaches `t` (REQUIRES t >= time()).
  // With `land_exactly`, the last step is shortened to end at `t` exactly.
  void AdvanceTo(double t, bool land_exactly);

  // AdvanceTo in two halves, for callers that step in between (the
  // simulation's minute loop): SetTarget, then AdvanceToTarget.
  void SetTarget(double t, bool land_exactly) { control_.SetTarget(t, land_exactly); }
  bool NeedsStep() const { return control_.NeedsStep(); }
  void AdvanceToTarget();

  // Solution at `t`, REQUIRES t_start() <= t <= time() (last accepted step).
  double ValueAt(int component, double t) const;
  void StateAt(double t, State* out) const;

  double time() const { return control_.time(); }
  const ModelInputs& inputs() const { return inputs_; }
  long rhs_evaluations() const { return rhs_evaluations_; }

 private:
  const PatientParams& params_;
  IntegratorOptions options_;
  ModelInputs inputs_;
  PreparedInputs<double> prepared_;
  StepControl control_;
  State y_{}, f_{};  // solution and derivative at time() (FSAL)
  // Dense output of the last accepted step [previous_time(), time()].
  State r1_{}, r2_{}, r3_{}, r4_{}, r5_{};
  long rhs_evaluations_ = 0;
};

}  // namespace mc::glucose::internal
