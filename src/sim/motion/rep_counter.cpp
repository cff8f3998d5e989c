#include "sim/motion/rep_counter.h"

#include <cmath>

namespace mc::motion {

RepCounter::RepCounter(double rest_deg, double target_deg)
    : rest_deg_(rest_deg),
      target_deg_(target_deg),
      direction_(target_deg >= rest_deg ? 1 : -1),
      range_deg_(std::fabs(target_deg - rest_deg)) {}

double RepCounter::Progress(double angle_deg) const {
  return (angle_deg - rest_deg_) * direction_;
}

std::optional<RepCounter::Closed> RepCounter::Push(
    double t_ms, std::optional<double> angle_deg) {
  if (!angle_deg) return std::nullopt;
  double progress = Progress(*angle_deg);
  double zone_edge = kStartZoneFraction * range_deg_;
  bool in_zone = progress <= zone_edge;
  switch (phase_) {
    case RepPhase::kWaitingForStart:
      if (in_zone) {
        phase_ = RepPhase::kAtStart;
        last_start_ms_ = t_ms;
      }
      return std::nullopt;
    case RepPhase::kAtStart:
      if (in_zone) {
        last_start_ms_ = t_ms;
      } else if (progress > zone_edge + kHysteresisDeg) {
        current_ = Rep{last_start_ms_, 0, *angle_deg, t_ms};
        phase_ = progress >= range_deg_ ? RepPhase::kTargetReached
                                        : RepPhase::kMoving;
      }
      return std::nullopt;
    case RepPhase::kMoving:
    case RepPhase::kTargetReached: {
      if (progress > Progress(current_.peak_deg)) {
        current_.peak_deg = *angle_deg;
        current_.peak_ms = t_ms;
      }
      if (progress >= range_deg_) phase_ = RepPhase::kTargetReached;
      if (!in_zone) return std::nullopt;
      Closed closed{current_, phase_ == RepPhase::kTargetReached};
      closed.rep.end_ms = t_ms;
      (closed.counted ? reps_ : partials_).push_back(closed.rep);
      phase_ = RepPhase::kAtStart;
      last_start_ms_ = t_ms;
      return closed;
    }
  }
  return std::nullopt;
}

}  // namespace mc::motion
