// AngleFilter: the One Euro filter (Casiez, Roussel, Vogel, CHI 2012) over
// one angle stream. Its cutoff rises with the angle's speed, so it smooths
// jitter while the joint is still and follows a moving joint with little
// lag: reps keep their timing and most of their peak (docs/motion.md has
// the measured peak loss). Causal, so the live count in the browser and the
// server's re-analysis read the same values.
//
// Time is handed in (t_ms of each sample, strictly increasing). Reset()
// forgets the past: the analyser resets after a low-confidence gap so no
// value is smoothed across it. Plain value; not thread-safe.
#pragma once

#include <optional>

namespace mc::motion {

struct AngleFilterOptions {
  double min_cutoff_hz = 1.0;      // cutoff while still
  double speed_coefficient = 0.02;  // cutoff gained per degree per second
  double derivative_cutoff_hz = 1.0;
};

class AngleFilter {
 public:
  explicit AngleFilter(AngleFilterOptions options = {}) : options_(options) {}

  // The smoothed value at `t_ms`. REQUIRES: t_ms greater than the last.
  double Filter(double t_ms, double value_deg);

  // The smoothed speed (degrees per second) after the last Filter; 0 before.
  double speed_deg_per_s() const { return speed_deg_per_s_; }

  void Reset() { last_.reset(); speed_deg_per_s_ = 0; }

 private:
  struct Sample {
    double t_ms;
    double value_deg;
  };
  AngleFilterOptions options_;
  std::optional<Sample> last_;
  double speed_deg_per_s_ = 0;
};

}  // namespace mc::motion
