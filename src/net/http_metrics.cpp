#include "net/http_metrics.h"

#include <algorithm>
#include <array>
#include <map>
#include <vector>

#include <fmt/format.h>

namespace mc {
namespace {

std::string_view KnownMethod(std::string_view method) {
  static constexpr std::array<std::string_view, 7> kMethods = {
      "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"};
  auto found = std::find(kMethods.begin(), kMethods.end(), method);
  return found == kMethods.end() ? "other" : *found;
}

std::string_view RouteLabel(std::string_view route) { return route.empty() ? "none" : route; }

}  // namespace

void HttpMetrics::Observe(std::string_view method, std::string_view route, int status,
                          double seconds) {
  const std::string key = fmt::format("{}\n{}\n{}", RouteLabel(route), KnownMethod(method),
                                      std::clamp(status, 0, 999));
  absl::MutexLock lock(&mutex_);
  ++requests_[key];
  auto& histogram = durations_[std::string(RouteLabel(route))];
  if (histogram == nullptr) {
    histogram = std::make_unique<Histogram>(Histogram::LatencyBoundsSeconds());
  }
  histogram->Observe(seconds);
}

void HttpMetrics::Write(MetricsText& text) const {
  std::map<std::string, uint64_t> requests;  // sorted: a stable exposition
  std::map<std::string, HistogramSnapshot> durations;
  {
    absl::MutexLock lock(&mutex_);
    requests.insert(requests_.begin(), requests_.end());
    for (const auto& [route, histogram] : durations_) durations[route] = histogram->Snapshot();
  }
  text.Family("metaclinic_http_requests", MetricsText::Type::kCounter,
              "HTTP requests answered, by route pattern, method and status.");
  for (const auto& [key, count] : requests) {
    const size_t first = key.find('\n');
    const size_t second = key.find('\n', first + 1);
    text.Sample({{"route", key.substr(0, first)},
                 {"method", key.substr(first + 1, second - first - 1)},
                 {"status", key.substr(second + 1)}},
                static_cast<double>(count));
  }
  text.Family("metaclinic_http_request_duration_seconds", MetricsText::Type::kHistogram,
              "Time from the request's first byte to the answer, by route pattern.");
  for (const auto& [route, snapshot] : durations) text.Sample({{"route", route}}, snapshot);
}

}  // namespace mc
