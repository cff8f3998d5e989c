#include "sim/glucose/batch_integrator.h"

namespace mc::glucose::internal {
namespace {

void SetLaneOptions(Dopri5Lanes::Store* store, int lane, const PatientParams& params,
                    const IntegratorOptions& options) {
  store->patient.Set(lane, params);
  store->absolute_tolerance[lane] = options.absolute_tolerance;
  store->relative_tolerance[lane] = options.relative_tolerance;
}

// The vector work of Step, built for AVX2 (x86-64-v3) where the CPU has it
// and for baseline x86-64 otherwise; both give the same bits (no FMA).
// `flatten` inlines the templates, so they are built for the clone's ISA too.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
__attribute__((target_clones("arch=x86-64-v3", "default"), flatten))
#endif
void StepLanes(Dopri5Lanes::Lane* lanes, Dopri5Lanes::Store* store) {
  Lanes h{};
  bool stepping[kLaneCount];
  for (int lane = 0; lane < kLaneCount; ++lane) {
    Dopri5Lanes::Lane& l = lanes[lane];
    stepping[lane] = l.attached && l.control.NeedsStep();
    if (stepping[lane]) h[lane] = l.control.NextStepSize(l.options.max_step_min);
  }
  Dopri5Attempt<Lanes> attempt;
  AttemptDopri5Step(store->patient, store->prepared, store->y, store->f, h,
                    store->absolute_tolerance, store->relative_tolerance, &attempt);
  const Lanes factor = StepShrinkFactor(attempt.error_squared);
  LaneBits accepted{};
  for (int lane = 0; lane < kLaneCount; ++lane) {
    if (!stepping[lane]) continue;
    Dopri5Lanes::Lane& l = lanes[lane];
    l.rhs_evaluations += 6;
    if (l.control.Finish(h[lane], attempt.error_squared[lane], factor[lane],
                         l.options.max_step_min)) {
      accepted[lane] = -1;
    }
  }
  if (!AnyLane(accepted)) return;
  for (int i = 0; i < kStateSize; ++i) {
    store->r1[i] = Where(accepted, store->y[i], store->r1[i]);
    store->r2[i] = Where(accepted, attempt.r2[i], store->r2[i]);
    store->r3[i] = Where(accepted, attempt.r3[i], store->r3[i]);
    store->r4[i] = Where(accepted, attempt.r4[i], store->r4[i]);
    store->r5[i] = Where(accepted, attempt.r5[i], store->r5[i]);
    store->y[i] = Where(accepted, attempt.y1[i], store->y[i]);
    store->f[i] = Where(accepted, attempt.k7[i], store->f[i]);
  }
}

}  // namespace

void Dopri5Lanes::Attach(int lane, const PatientParams& params, const IntegratorOptions& options) {
  Lane& l = lanes_[lane];
  l = Lane{};
  l.params = &params;
  l.options = options;
  l.attached = true;
  if (!any_attached_) {
    // Lanes never attached compute on this patient's numbers: no 0/0 there.
    for (int other = 0; other < kLaneCount; ++other) {
      SetLaneOptions(&store_, other, params, options);
      SetLane(&store_.prepared, other, Prepare(params, ModelInputs{}));
      for (int i = 0; i < kStateSize; ++i) store_.y[i][other] = params.x0[i];
    }
    any_attached_ = true;
  }
  SetLaneOptions(&store_, lane, params, options);
}

void Dopri5Lanes::Reset(int lane, double t, const State& y, const ModelInputs& inputs) {
  Lane& l = lanes_[lane];
  l.inputs = inputs;
  const PreparedInputs<double> prepared = Prepare(*l.params, inputs);
  SetLane(&store_.prepared, lane, prepared);
  l.control.Restart(t);
  State f;
  Rhs(*l.params, prepared, y.data(), f.data());
  ++l.rhs_evaluations;
  for (int i = 0; i < kStateSize; ++i) {
    store_.y[i][lane] = y[i];
    store_.f[i][lane] = f[i];
    store_.r1[i][lane] = y[i];
    store_.r2[i][lane] = 0;
    store_.r3[i][lane] = 0;
    store_.r4[i][lane] = 0;
    store_.r5[i][lane] = 0;
  }
}

void Dopri5Lanes::StateAt(int lane, double t, State* out) const {
  const bool at_end = t >= lanes_[lane].control.time();
  for (int i = 0; i < kStateSize; ++i) {
    (*out)[i] = at_end ? store_.y[i][lane] : ValueAt(lane, i, t);
  }
}

void Dopri5Lanes::Step() { StepLanes(lanes_, &store_); }

}  // namespace mc::glucose::internal
