#include "sim/glucose/integrator.h"

#include <algorithm>

namespace mc::glucose::internal {

Dopri5::Dopri5(const PatientParams& params, const IntegratorOptions& options)
    : params_(params), options_(options) {}

void Dopri5::Reset(double t, const State& y, const ModelInputs& inputs) {
  inputs_ = inputs;
  prepared_ = Prepare(params_, inputs);
  control_.Restart(t);
  y_ = y;
  Rhs(params_, prepared_, y_.data(), f_.data());
  ++rhs_evaluations_;
  r1_ = y_;
  r2_.fill(0);
  r3_.fill(0);
  r4_.fill(0);
  r5_.fill(0);
}

void Dopri5::AdvanceTo(double t, bool land_exactly) {
  SetTarget(t, land_exactly);
  AdvanceToTarget();
}

void Dopri5::AdvanceToTarget() {
  Dopri5Attempt<double> attempt;
  while (control_.NeedsStep()) {
    const double h = control_.NextStepSize(options_.max_step_min);
    AttemptDopri5Step(params_, prepared_, y_.data(), f_.data(), h, options_.absolute_tolerance,
                      options_.relative_tolerance, &attempt);
    rhs_evaluations_ += 6;
    const double factor = StepShrinkFactor(attempt.error_squared);
    if (!control_.Finish(h, attempt.error_squared, factor, options_.max_step_min)) continue;
    r1_ = y_;
    std::copy_n(attempt.r2, kStateSize, r2_.begin());
    std::copy_n(attempt.r3, kStateSize, r3_.begin());
    std::copy_n(attempt.r4, kStateSize, r4_.begin());
    std::copy_n(attempt.r5, kStateSize, r5_.begin());
    std::copy_n(attempt.y1, kStateSize, y_.begin());
    std::copy_n(attempt.k7, kStateSize, f_.begin());
  }
}

double Dopri5::ValueAt(int i, double t) const {
  const double h = control_.time() - control_.previous_time();
  if (h <= 0) return y_[i];
  const double s = (t - control_.previous_time()) / h;
  return DenseValue(r1_[i], r2_[i], r3_[i], r4_[i], r5_[i], s);
}

void Dopri5::StateAt(double t, State* out) const {
  if (t >= control_.time()) {
    *out = y_;
    return;
  }
  for (int i = 0; i < kStateSize; ++i) (*out)[i] = ValueAt(i, t);
}

}  // namespace mc::glucose::internal
