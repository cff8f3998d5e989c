// RepCounter: the rep state machine of one set, over a smoothed angle
// stream (docs/motion.md, "Counting reps").
//
// Progress is the angle measured from the rest angle towards the target
// (so knee extension, which moves down, counts like the others). The start
// zone is progress <= 30% of the way to the target. A rep begins when the
// angle leaves the start zone (beyond it by kHysteresisDeg) and ends when
// it is back in it: it counts if the angle reached the target in between,
// otherwise it is a partial rep, reported and never counted. Until the
// angle is first seen in the start zone nothing is counted (a set that
// starts mid-movement does not count its first half rep).
//
// Push(t, nullopt) is a low-confidence sample: no number, the state is
// kept, and a target reached only during the gap is not seen. Time is
// handed in. Plain value; not thread-safe.
#pragma once

#include <optional>
#include <vector>

#include "sim/motion/exercises.h"

namespace mc::motion {

inline constexpr double kStartZoneFraction = 0.3;
inline constexpr double kHysteresisDeg = 3;

struct Rep {
  double start_ms = 0;  // last sample in the start zone before the rep
  double end_ms = 0;    // first sample back in the start zone
  double peak_deg = 0;  // the farthest angle towards the target
  double peak_ms = 0;
};

enum class RepPhase {
  kWaitingForStart,  // not yet seen in the start zone
  kAtStart,
  kMoving,           // out of the start zone, target not reached yet
  kTargetReached,    // out of the start zone, target reached
};

class RepCounter {
 public:
  RepCounter(double rest_deg, double target_deg);

  // Feeds one sample. Returns the rep or partial that this sample closed.
  struct Closed {
    Rep rep;
    bool counted = false;  // false: a partial rep
  };
  std::optional<Closed> Push(double t_ms, std::optional<double> angle_deg);

  RepPhase phase() const { return phase_; }
  const std::vector<Rep>& reps() const { return reps_; }
  const std::vector<Rep>& partials() const { return partials_; }
  double rest_deg() const { return rest_deg_; }
  double target_deg() const { return target_deg_; }

 private:
  double Progress(double angle_deg) const;

  double rest_deg_;
  double target_deg_;
  double direction_;  // +1 when the target is above the rest angle
  double range_deg_;  // |target - rest|
  RepPhase phase_ = RepPhase::kWaitingForStart;
  double last_start_ms_ = 0;
  Rep current_;
  std::vector<Rep> reps_;
  std::vector<Rep> partials_;
};

}  // namespace mc::motion
