#include "core/metrics.h"

#include <cmath>

#include <fmt/format.h>

namespace mc {
namespace {

std::string Escaped(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (c == '\\') out += "\\\\";
    else if (c == '"') out += "\\\"";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

std::string LabelText(const MetricLabels& labels, std::string_view extra_name = {},
                      std::string_view extra_value = {}) {
  std::string text;
  auto add = [&](std::string_view name, std::string_view value) {
    text += text.empty() ? "{" : ",";
    text += fmt::format("{}=\"{}\"", name, Escaped(value));
  };
  for (const auto& [name, value] : labels) add(name, value);
  if (!extra_name.empty()) add(extra_name, extra_value);
  if (!text.empty()) text += "}";
  return text;
}

std::string Number(double value) {
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  if (std::isnan(value)) return "NaN";
  if (value == std::floor(value) && std::fabs(value) < 1e15) {
    return fmt::format("{}", static_cast<int64_t>(value));
  }
  return fmt::format("{}", value);
}

}  // namespace

Histogram::Histogram(std::vector<double> upper_bounds)
    : upper_bounds_(std::move(upper_bounds)), counts_(upper_bounds_.size() + 1) {}

void Histogram::Observe(double value) {
  size_t bucket = 0;
  while (bucket < upper_bounds_.size() && value > upper_bounds_[bucket]) ++bucket;
  counts_[bucket].fetch_add(1, std::memory_order_relaxed);
  const double micros = std::max(0.0, value) * 1e6;
  sum_micros_.fetch_add(static_cast<uint64_t>(std::llround(micros)), std::memory_order_relaxed);
}

HistogramSnapshot Histogram::Snapshot() const {
  HistogramSnapshot snapshot;
  snapshot.upper_bounds = upper_bounds_;
  for (const auto& count : counts_) snapshot.counts.push_back(count.load(std::memory_order_relaxed));
  snapshot.sum = static_cast<double>(sum_micros_.load(std::memory_order_relaxed)) / 1e6;
  return snapshot;
}

std::vector<double> Histogram::LatencyBoundsSeconds() {
  return {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10};
}

void MetricsText::Family(std::string_view name, Type type, std::string_view help) {
  family_ = std::string(name);
  type_ = type;
  const char* type_name = type == Type::kCounter ? "counter"
                          : type == Type::kGauge ? "gauge"
                                                 : "histogram";
  const std::string written = type == Type::kCounter ? family_ + "_total" : family_;
  text_ += fmt::format("# HELP {} {}\n# TYPE {} {}\n", written, help, written, type_name);
}

void MetricsText::Sample(const MetricLabels& labels, double value) {
  const std::string name = type_ == Type::kCounter ? family_ + "_total" : family_;
  text_ += fmt::format("{}{} {}\n", name, LabelText(labels), Number(value));
}

void MetricsText::Sample(const MetricLabels& labels, const HistogramSnapshot& histogram) {
  uint64_t cumulative = 0;
  for (size_t i = 0; i < histogram.counts.size(); ++i) {
    cumulative += histogram.counts[i];
    const std::string bound = i < histogram.upper_bounds.size()
                                  ? Number(histogram.upper_bounds[i])
                                  : std::string("+Inf");
    text_ += fmt::format("{}_bucket{} {}\n", family_, LabelText(labels, "le", bound), cumulative);
  }
  text_ += fmt::format("{}_count{} {}\n", family_, LabelText(labels), cumulative);
  text_ += fmt::format("{}_sum{} {}\n", family_, LabelText(labels), Number(histogram.sum));
}

std::string MetricsText::Finish() {
  return std::move(text_);
}

}  // namespace mc
