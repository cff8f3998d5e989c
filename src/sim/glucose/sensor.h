// Continuous glucose monitor (CGM) model of the reference (Breton & Kovatchev
// 2008, as simglucose implements it): a Gaussian AR(1) variable
// e_k = PACF·(e_{k-1} + n_k) on a 15-min grid, transformed to an error
// xi + lambda·sinh((e − gamma)/delta), cubic-spline interpolated (not-a-knot,
// blocks of 10 intervals) to the sensor's sample time, added to BG = Gs/Vg,
// clipped to [min, max]. Between samples the last reading is held.
//
// Deterministic for a given seed. One object per simulated patient; not
// thread-safe.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/glucose/params.h"
#include "sim/glucose/random.h"

namespace mc::glucose {

class CgmSensor {
 public:
  // REQUIRES: params.sample_time_min in 1..150.
  CgmSensor(const SensorParams& params, uint64_t seed);

  // The reading at minute t_min given true bg: a new sample when t_min is a
  // multiple of the sample time, otherwise the last one. Call with
  // non-decreasing t_min, starting at 0.
  double Measure(int t_min, double bg_mg_dl);

  int sample_time_min() const { return params_.sample_time_min; }

 private:
  double NextError();
  double NextNoise15();
  void RefillBlock();

  SensorParams params_;
  Random random_;
  long noise15_count_ = 0;
  double e_ = 0;
  double block_start_ = 0;   // last 15-min value of the previous block
  std::vector<double> weights_;  // spline weights: one row of 11 per sample of a block
  std::vector<double> block_;
  size_t block_next_ = 0;
  double last_reading_ = 0;
};

}  // namespace mc::glucose
