// Metrics for `GET /metrics`, in the Prometheus text exposition format
// 0.0.4 (what every Prometheus scrapes and `promtool check metrics` checks),
// named as OpenMetrics names them.
//
// Two parts:
//  - Histogram: fixed bucket bounds, updated lock-free from any thread
//    (Observe is a few relaxed atomic adds); Snapshot copies it for a scrape.
//  - MetricsText: writes one exposition. Each family is opened once with its
//    help and type, then its samples. A counter family `x` is written as
//    `x_total` (its HELP, TYPE and samples); a histogram `x` writes
//    `x_bucket{le=...}` (cumulative, ending at +Inf), `x_count` and `x_sum`.
//    Label values are escaped (\\, \", \n).
//
// Threading: Histogram is thread-safe; MetricsText is a local builder.
#pragma once

#include <atomic>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mc {

struct HistogramSnapshot {
  std::vector<double> upper_bounds;  // ascending, +Inf implied after the last
  std::vector<uint64_t> counts;      // per bucket (not cumulative); one more than bounds
  double sum = 0;
};

class Histogram {
 public:
  // REQUIRES: `upper_bounds` ascending and non-empty.
  explicit Histogram(std::vector<double> upper_bounds);
  Histogram(const Histogram&) = delete;
  Histogram& operator=(const Histogram&) = delete;

  void Observe(double value);
  HistogramSnapshot Snapshot() const;

  // Bounds in seconds from 1 ms to 10 s, for request and tick durations.
  static std::vector<double> LatencyBoundsSeconds();

 private:
  const std::vector<double> upper_bounds_;
  std::vector<std::atomic<uint64_t>> counts_;
  std::atomic<uint64_t> sum_micros_{0};  // the sum in millionths, as an integer
};

using MetricLabels = std::vector<std::pair<std::string, std::string>>;

class MetricsText {
 public:
  enum class Type { kCounter, kGauge, kHistogram };

  // Opens a family. REQUIRES: each name once per exposition; `name` matches
  // [a-zA-Z_:][a-zA-Z0-9_:]* and, for a counter, does not end in "_total".
  void Family(std::string_view name, Type type, std::string_view help);
  // A sample of the family opened last (counter or gauge).
  void Sample(const MetricLabels& labels, double value);
  // The samples of a histogram family opened last.
  void Sample(const MetricLabels& labels, const HistogramSnapshot& histogram);
  // The whole exposition.
  std::string Finish();

 private:
  std::string text_;
  std::string family_;
  Type type_ = Type::kGauge;
};

}  // namespace mc
