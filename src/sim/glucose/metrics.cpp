#include "sim/glucose/metrics.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace mc::glucose {

double RiskSymmetrised(double bg_mg_dl) {
  return 1.509 * (std::pow(std::log(bg_mg_dl), 1.084) - 5.381);
}

namespace {
// f(BG) tabulated every 0.1 mg/dL from 10 to 1000 mg/dL with linear
// interpolation (absolute error < 1e-5): pow and log per sample dominated
// a trial's profile.
constexpr double kTableStep = 0.1;
constexpr int kTableSize = 10001;
const std::vector<double>& RiskTable() {
  static const std::vector<double> table = [] {
    std::vector<double> values(kTableSize);
    for (int i = 0; i < kTableSize; ++i) {
      double f = RiskSymmetrised(std::max(1.0, i * kTableStep));
      values[i] = f;
    }
    return values;
  }();
  return table;
}
double RiskF(double bg) {
  double position = bg / kTableStep;
  if (!(position >= 100) || position >= kTableSize - 1) return RiskSymmetrised(std::max(bg, 1.0));
  const std::vector<double>& table = RiskTable();
  int i = static_cast<int>(position);
  double fraction = position - i;
  return table[i] + fraction * (table[i + 1] - table[i]);
}
}  // namespace

void MetricsAccumulator::Add(double bg) {
  if (count_ == 0) {
    min_ = max_ = bg;
  } else {
    min_ = std::min(min_, bg);
    max_ = std::max(max_, bg);
  }
  ++count_;
  sum_ += bg;
  sum_squares_ += bg * bg;
  if (bg >= 70 && bg <= 180) ++in_range_;
  if (bg < 70) ++below_70_;
  if (bg < 54) ++below_54_;
  if (bg > 180) ++above_180_;
  if (bg > 250) ++above_250_;
  double f = RiskF(bg);
  double r = 10 * f * f;
  if (f < 0) {
    ++low_count_;
    low_risk_ += r;
  } else if (f > 0) {
    ++high_count_;
    high_risk_ += r;
  }
}

void MetricsAccumulator::Merge(const MetricsAccumulator& o) {
  if (o.count_ == 0) return;
  if (count_ == 0) {
    *this = o;
    return;
  }
  min_ = std::min(min_, o.min_);
  max_ = std::max(max_, o.max_);
  count_ += o.count_;
  sum_ += o.sum_;
  sum_squares_ += o.sum_squares_;
  in_range_ += o.in_range_;
  below_70_ += o.below_70_;
  below_54_ += o.below_54_;
  above_180_ += o.above_180_;
  above_250_ += o.above_250_;
  low_count_ += o.low_count_;
  high_count_ += o.high_count_;
  low_risk_ += o.low_risk_;
  high_risk_ += o.high_risk_;
}

GlycemicMetrics MetricsAccumulator::Result() const {
  GlycemicMetrics m;
  m.samples = count_;
  if (count_ == 0) return m;
  double n = static_cast<double>(count_);
  m.mean_mg_dl = sum_ / n;
  m.sd_mg_dl = std::sqrt(std::max(0.0, sum_squares_ / n - m.mean_mg_dl * m.mean_mg_dl));
  m.cv_percent = m.mean_mg_dl > 0 ? 100 * m.sd_mg_dl / m.mean_mg_dl : 0;
  m.gmi_percent = 3.31 + 0.02392 * m.mean_mg_dl;
  m.min_mg_dl = min_;
  m.max_mg_dl = max_;
  m.tir_70_180_percent = 100.0 * in_range_ / n;
  m.below_70_percent = 100.0 * below_70_ / n;
  m.below_54_percent = 100.0 * below_54_ / n;
  m.above_180_percent = 100.0 * above_180_ / n;
  m.above_250_percent = 100.0 * above_250_ / n;
  m.lbgi = low_count_ > 0 ? low_risk_ / low_count_ : 0;
  m.hbgi = high_count_ > 0 ? high_risk_ / high_count_ : 0;
  m.risk_index = m.lbgi + m.hbgi;
  return m;
}

GlycemicMetrics ComputeMetrics(std::span<const double> bg_mg_dl) {
  MetricsAccumulator accumulator;
  for (double bg : bg_mg_dl) accumulator.Add(bg);
  return accumulator.Result();
}

}  // namespace mc::glucose
