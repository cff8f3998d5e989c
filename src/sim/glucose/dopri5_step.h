// Internal: one attempted Dormand–Prince 5(4) step with Hairer's dense
// output, and the step-size control around it, written once for the scalar
// integrator (integrator.h, T = double) and the batch integrator
// (batch_integrator.h, T = Lanes: every lane its own patient, step size and
// error).
//
// Error norm and step control follow Hairer's dopri5 (and scipy's): RMS of
// err_i / (atol + rtol·max(|y0_i|, |y1_i|)), safety 0.9, step ratio in
// [0.2, 10]. The RMS is kept squared (`error_squared`), and the ratio is
// (error²)^0.1 through lane_math's Exp/Log, so no sqrt or pow is needed per
// lane.
#pragma once

#include <algorithm>

#include "sim/glucose/lane_math.h"
#include "sim/glucose/model_rhs.h"

namespace mc::glucose::internal {

inline constexpr double kStepSafety = 0.9, kStepMinRatio = 0.2, kStepMaxRatio = 10.0;
inline constexpr double kMinStep = 1e-10;

// Outputs of an attempt. The dense output of the step [t, t + h] is
// r1 = y0 and r2..r5 here.
template <class T>
struct Dopri5Attempt {
  T y1[kStateSize], k7[kStateSize];
  T r2[kStateSize], r3[kStateSize], r4[kStateSize], r5[kStateSize];
  T error_squared;
};

// Attempts the step y(t) -> y(t + h) from `y` with derivative `k1` (FSAL).
// Six right-hand-side evaluations.
template <class T, class P>
void AttemptDopri5Step(const P& p, const PreparedInputs<T>& in, const T* y, const T* k1, T h,
                       T absolute_tolerance, T relative_tolerance, Dopri5Attempt<T>* out) {
  constexpr int N = kStateSize;
  constexpr double a21 = 1.0 / 5;
  constexpr double a31 = 3.0 / 40, a32 = 9.0 / 40;
  constexpr double a41 = 44.0 / 45, a42 = -56.0 / 15, a43 = 32.0 / 9;
  constexpr double a51 = 19372.0 / 6561, a52 = -25360.0 / 2187, a53 = 64448.0 / 6561,
                   a54 = -212.0 / 729;
  constexpr double a61 = 9017.0 / 3168, a62 = -355.0 / 33, a63 = 46732.0 / 5247,
                   a64 = 49.0 / 176, a65 = -5103.0 / 18656;
  constexpr double a71 = 35.0 / 384, a73 = 500.0 / 1113, a74 = 125.0 / 192,
                   a75 = -2187.0 / 6784, a76 = 11.0 / 84;
  constexpr double e1 = 71.0 / 57600, e3 = -71.0 / 16695, e4 = 71.0 / 1920,
                   e5 = -17253.0 / 339200, e6 = 22.0 / 525, e7 = -1.0 / 40;
  constexpr double d1 = -12715105075.0 / 11282082432, d3 = 87487479700.0 / 32700410799,
                   d4 = -10690763975.0 / 1880347072, d5 = 701980252875.0 / 199316789632,
                   d6 = -1453857185.0 / 822651844, d7 = 69997945.0 / 29380423;
  T k2[N], k3[N], k4[N], k5[N], k6[N], ys[N];
  T* y1 = out->y1;
  T* k7 = out->k7;
  for (int i = 0; i < N; ++i) ys[i] = y[i] + h * a21 * k1[i];
  Rhs(p, in, ys, k2);
  for (int i = 0; i < N; ++i) ys[i] = y[i] + h * (a31 * k1[i] + a32 * k2[i]);
  Rhs(p, in, ys, k3);
  for (int i = 0; i < N; ++i) ys[i] = y[i] + h * (a41 * k1[i] + a42 * k2[i] + a43 * k3[i]);
  Rhs(p, in, ys, k4);
  for (int i = 0; i < N; ++i) {
    ys[i] = y[i] + h * (a51 * k1[i] + a52 * k2[i] + a53 * k3[i] + a54 * k4[i]);
  }
  Rhs(p, in, ys, k5);
  for (int i = 0; i < N; ++i) {
    ys[i] = y[i] + h * (a61 * k1[i] + a62 * k2[i] + a63 * k3[i] + a64 * k4[i] + a65 * k5[i]);
  }
  Rhs(p, in, ys, k6);
  for (int i = 0; i < N; ++i) {
    y1[i] = y[i] + h * (a71 * k1[i] + a73 * k3[i] + a74 * k4[i] + a75 * k5[i] + a76 * k6[i]);
  }
  Rhs(p, in, y1, k7);
  T sum = Splat<T>(0.0);
  for (int i = 0; i < N; ++i) {
    const T err =
        h * (e1 * k1[i] + e3 * k3[i] + e4 * k4[i] + e5 * k5[i] + e6 * k6[i] + e7 * k7[i]);
    const T a = Where(y[i] < 0.0, -y[i], y[i]);
    const T b = Where(y1[i] < 0.0, -y1[i], y1[i]);
    const T scale = absolute_tolerance + relative_tolerance * Where(a < b, b, a);
    const T ratio = err / scale;
    sum = sum + ratio * ratio;
  }
  out->error_squared = sum / static_cast<double>(N);
  for (int i = 0; i < N; ++i) {
    const T ydiff = y1[i] - y[i];
    const T bspl = h * k1[i] - ydiff;
    out->r2[i] = ydiff;
    out->r3[i] = bspl;
    out->r4[i] = ydiff - h * k7[i] - bspl;
    out->r5[i] =
        h * (d1 * k1[i] + d3 * k3[i] + d4 * k4[i] + d5 * k5[i] + d6 * k6[i] + d7 * k7[i]);
  }
}

// The step-size ratio h_old/h_new the error asks for: error^0.2 / safety,
// clamped to [1/10, 1/0.2].
template <class T>
T StepShrinkFactor(T error_squared) {
  const T positive = Where(error_squared > 0.0, error_squared, Splat<T>(1.0));
  T factor = Exp(0.1 * Log(positive)) / kStepSafety;
  factor = Where(error_squared > 0.0, factor, Splat<T>(1.0 / kStepMaxRatio));
  factor = Where(factor < 1.0 / kStepMaxRatio, Splat<T>(1.0 / kStepMaxRatio), factor);
  return Where(factor > 1.0 / kStepMinRatio, Splat<T>(1.0 / kStepMinRatio), factor);
}

// Dense output at fraction s of the last step from its coefficients.
inline double DenseValue(double r1, double r2, double r3, double r4, double r5, double s) {
  const double s1 = 1.0 - s;
  return r1 + s * (r2 + s1 * (r3 + s * (r4 + s1 * r5)));
}

// The time bookkeeping of one integration: where it is, where it must get
// to, and the next step size. Runs ahead across minute boundaries; with
// `land_exactly` the last step is shortened to end on the target.
class StepControl {
 public:
  void Restart(double t) {
    t_ = t_previous_ = target_ = t;
    if (!(h_ > 0)) h_ = 1.0;
  }
  // REQUIRES t >= time().
  void SetTarget(double t, bool land_exactly) {
    target_ = t;
    land_exactly_ = land_exactly;
  }
  bool NeedsStep() const { return t_ < target_; }

  // The size of the next attempt. REQUIRES NeedsStep().
  double NextStepSize(double max_step) {
    double h = std::min(h_, max_step);
    proposal_ = h_;
    shortened_ = false;
    if (land_exactly_ && t_ + h >= target_) {
      h = target_ - t_;
      shortened_ = true;
    }
    return h;
  }

  // Books an attempt of size h (from NextStepSize) with its error; true when
  // accepted (time advances by h).
  bool Finish(double h, double error_squared, double shrink_factor, double max_step) {
    if (error_squared > 1.0 && h > kMinStep) {
      h_ = h / std::max(shrink_factor, 1.0);
      return false;
    }
    t_previous_ = t_;
    t_ += h;
    h_ = std::min(h / shrink_factor, max_step);
    // Don't let a step shortened to hit the target shrink the next guess.
    if (shortened_) h_ = std::max(h_, std::min(proposal_, max_step));
    if (land_exactly_ && t_ > target_ - 1e-12 * std::max(1.0, target_)) {
      t_ = std::max(t_, target_);
    }
    return true;
  }

  double time() const { return t_; }
  double previous_time() const { return t_previous_; }

 private:
  double t_ = 0;           // end of the last accepted step
  double t_previous_ = 0;  // start of the last accepted step
  double target_ = 0;
  bool land_exactly_ = false;
  double h_ = 1.0;         // next step size to try
  double proposal_ = 1.0;  // h_ before the attempt
  bool shortened_ = false;
};

}  // namespace mc::glucose::internal
