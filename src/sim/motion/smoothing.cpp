#include "sim/motion/smoothing.h"

#include <cmath>
#include <numbers>

namespace mc::motion {
namespace {

double Alpha(double cutoff_hz, double dt_s) {
  double tau_s = 1.0 / (2 * std::numbers::pi * cutoff_hz);
  return 1.0 / (1.0 + tau_s / dt_s);
}

}  // namespace

double AngleFilter::Filter(double t_ms, double value_deg) {
  if (!last_ || !(t_ms > last_->t_ms)) {
    last_ = Sample{t_ms, value_deg};
    speed_deg_per_s_ = 0;
    return value_deg;
  }
  double dt_s = (t_ms - last_->t_ms) / 1000.0;
  double raw_speed = (value_deg - last_->value_deg) / dt_s;
  double derivative_alpha = Alpha(options_.derivative_cutoff_hz, dt_s);
  speed_deg_per_s_ += derivative_alpha * (raw_speed - speed_deg_per_s_);
  double cutoff_hz = options_.min_cutoff_hz +
                     options_.speed_coefficient * std::fabs(speed_deg_per_s_);
  double smoothed =
      last_->value_deg + Alpha(cutoff_hz, dt_s) * (value_deg - last_->value_deg);
  last_ = Sample{t_ms, smoothed};
  return smoothed;
}

}  // namespace mc::motion
