// Internal: Dormand–Prince 5(4) integrator specialised for the 13-state model,
// with Hairer's 4th-order dense output. It runs ahead of the caller across
// minute boundaries while the inputs stay the same and answers values at any
// time it has covered by interpolation, so a quiet hour costs a few steps
// instead of sixty restarts (the reference restarts every minute).
//
// Error norm and step control follow Hairer's dopri5 (and scipy's): RMS of
// err_i / (atol + rtol·max(|y0_i|, |y1_i|)), safety 0.9, step ratio in
// [0.2, 10]. One object per simulation; not thread-safe.
#pragma once

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

  // Solution at `t`, REQUIRES t_start() <= t <= time() (last accepted step).
  double ValueAt(int component, double t) const;
  void StateAt(double t, State* out) const;

  double time() const { return t_; }
  const ModelInputs& inputs() const { return inputs_; }
  long rhs_evaluations() const { return rhs_evaluations_; }

 private:
  bool TryStep(double h);
  void Eval(const double* y, double* dy) {
    Rhs(params_, prepared_, y, dy);
    ++rhs_evaluations_;
  }

  const PatientParams& params_;
  IntegratorOptions options_;
  ModelInputs inputs_;
  PreparedInputs prepared_;
  double t_ = 0;        // end of the last accepted step
  double t_prev_ = 0;   // start of the last accepted step
  double h_ = 1.0;      // next step size to try
  State y_{}, f_{};     // solution and derivative at t_ (FSAL)
  // Dense output of the last accepted step [t_prev_, t_].
  State r1_{}, r2_{}, r3_{}, r4_{}, r5_{};
  long rhs_evaluations_ = 0;
};

}  // namespace mc::glucose::internal
