#include "sim/glucose/integrator.h"

#include <algorithm>
#include <cmath>

namespace mc::glucose::internal {
namespace {

constexpr int N = kStateSize;
constexpr double c2 = 1.0 / 5, c3 = 3.0 / 10, c4 = 4.0 / 5, c5 = 8.0 / 9;
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
constexpr double kSafety = 0.9, kMinRatio = 0.2, kMaxRatio = 10.0;
constexpr double kMinStep = 1e-10;

}  // namespace

Dopri5::Dopri5(const PatientParams& params, const IntegratorOptions& options)
    : params_(params), options_(options) {}

void Dopri5::Reset(double t, const State& y, const ModelInputs& inputs) {
  inputs_ = inputs;
  prepared_ = Prepare(params_, inputs);
  t_ = t_prev_ = t;
  y_ = y;
  Eval(y_.data(), f_.data());
  r1_ = y_;
  r2_.fill(0);
  r3_.fill(0);
  r4_.fill(0);
  r5_.fill(0);
  if (!(h_ > 0)) h_ = 1.0;
}

bool Dopri5::TryStep(double h) {
  alignas(64) double k2[N], k3[N], k4[N], k5[N], k6[N], k7[N], ys[N], y1[N];
  const double* y = y_.data();
  const double* k1 = f_.data();
  for (int i = 0; i < N; ++i) ys[i] = y[i] + h * a21 * k1[i];
  Eval(ys, k2);
  for (int i = 0; i < N; ++i) ys[i] = y[i] + h * (a31 * k1[i] + a32 * k2[i]);
  Eval(ys, k3);
  for (int i = 0; i < N; ++i) ys[i] = y[i] + h * (a41 * k1[i] + a42 * k2[i] + a43 * k3[i]);
  Eval(ys, k4);
  for (int i = 0; i < N; ++i) {
    ys[i] = y[i] + h * (a51 * k1[i] + a52 * k2[i] + a53 * k3[i] + a54 * k4[i]);
  }
  Eval(ys, k5);
  for (int i = 0; i < N; ++i) {
    ys[i] = y[i] + h * (a61 * k1[i] + a62 * k2[i] + a63 * k3[i] + a64 * k4[i] + a65 * k5[i]);
  }
  Eval(ys, k6);
  for (int i = 0; i < N; ++i) {
    y1[i] = y[i] + h * (a71 * k1[i] + a73 * k3[i] + a74 * k4[i] + a75 * k5[i] + a76 * k6[i]);
  }
  Eval(y1, k7);
  double sum = 0;
  for (int i = 0; i < N; ++i) {
    double err = h * (e1 * k1[i] + e3 * k3[i] + e4 * k4[i] + e5 * k5[i] + e6 * k6[i] +
                      e7 * k7[i]);
    double scale = options_.absolute_tolerance +
                   options_.relative_tolerance * std::max(std::fabs(y[i]), std::fabs(y1[i]));
    double ratio = err / scale;
    sum += ratio * ratio;
  }
  double err = std::sqrt(sum / N);
  double factor = err > 0 ? std::pow(err, 0.2) / kSafety : 1.0 / kMaxRatio;
  factor = std::clamp(factor, 1.0 / kMaxRatio, 1.0 / kMinRatio);
  if (err > 1.0 && h > kMinStep) {
    h_ = h / std::max(factor, 1.0);  // rejected: shrink
    return false;
  }
  for (int i = 0; i < N; ++i) {
    double ydiff = y1[i] - y[i];
    double bspl = h * k1[i] - ydiff;
    r1_[i] = y[i];
    r2_[i] = ydiff;
    r3_[i] = bspl;
    r4_[i] = ydiff - h * k7[i] - bspl;
    r5_[i] = h * (d1 * k1[i] + d3 * k3[i] + d4 * k4[i] + d5 * k5[i] + d6 * k6[i] + d7 * k7[i]);
  }
  t_prev_ = t_;
  t_ += h;
  for (int i = 0; i < N; ++i) {
    y_[i] = y1[i];
    f_[i] = k7[i];
  }
  h_ = std::min(h / factor, options_.max_step_min);
  return true;
}

void Dopri5::AdvanceTo(double t, bool land_exactly) {
  while (t_ < t) {
    double h = std::min(h_, options_.max_step_min);
    bool shortened = false;
    if (land_exactly && t_ + h >= t) {
      h = t - t_;
      shortened = true;
    }
    double proposal = h_;
    if (TryStep(h)) {
      // Don't let a step shortened to hit `t` shrink the next guess.
      if (shortened) h_ = std::max(h_, std::min(proposal, options_.max_step_min));
      if (land_exactly && t_ > t - 1e-12 * std::max(1.0, t)) t_ = std::max(t_, t);
    }
  }
}

double Dopri5::ValueAt(int i, double t) const {
  double h = t_ - t_prev_;
  if (h <= 0) return y_[i];
  double s = (t - t_prev_) / h;
  double s1 = 1.0 - s;
  return r1_[i] + s * (r2_[i] + s1 * (r3_[i] + s * (r4_[i] + s1 * r5_[i])));
}

void Dopri5::StateAt(double t, State* out) const {
  if (t >= t_) {
    *out = y_;
    return;
  }
  for (int i = 0; i < N; ++i) (*out)[i] = ValueAt(i, t);
}

}  // namespace mc::glucose::internal
