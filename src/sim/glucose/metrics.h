// Glycaemic metrics of a BG series (mg/dL), as consensus reports define them
// (Battelino et al. 2019) and the reference computes risk:
//   mean, SD (population), CV = SD/mean·100 %, GMI = 3.31 + 0.02392·mean (%),
//   time in range 70–180 (inclusive), below 70, below 54, above 180, above
//   250 (percent of samples);
//   f = 1.509·((ln BG)^1.084 − 5.381), r = 10·f²; LBGI = mean of r over samples
//   with f < 0, HBGI = mean of r over samples with f > 0 (simglucose's
//   risk_index; Kovatchev's papers divide by all samples instead), risk index
//   = LBGI + HBGI.
// `MetricsAccumulator` streams samples (one per minute in a year is fine).
// Plain values; not thread-safe.
#pragma once

#include <cstdint>
#include <span>

namespace mc::glucose {

struct GlycemicMetrics {
  int64_t samples = 0;
  double mean_mg_dl = 0, sd_mg_dl = 0, cv_percent = 0, gmi_percent = 0;
  double min_mg_dl = 0, max_mg_dl = 0;
  double tir_70_180_percent = 0, below_70_percent = 0, below_54_percent = 0;
  double above_180_percent = 0, above_250_percent = 0;
  double lbgi = 0, hbgi = 0, risk_index = 0;
};

class MetricsAccumulator {
 public:
  void Add(double bg_mg_dl);
  void Merge(const MetricsAccumulator& other);
  GlycemicMetrics Result() const;

 private:
  int64_t count_ = 0;
  double sum_ = 0, sum_squares_ = 0, min_ = 0, max_ = 0;
  int64_t in_range_ = 0, below_70_ = 0, below_54_ = 0, above_180_ = 0, above_250_ = 0;
  int64_t low_count_ = 0, high_count_ = 0;
  double low_risk_ = 0, high_risk_ = 0;
};

GlycemicMetrics ComputeMetrics(std::span<const double> bg_mg_dl);

// Kovatchev's risk function value f(BG) (0 at 112.5 mg/dL). REQUIRES bg > 0.
double RiskSymmetrised(double bg_mg_dl);

}  // namespace mc::glucose
