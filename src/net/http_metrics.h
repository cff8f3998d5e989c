// HttpMetrics: requests answered, by route pattern, method and status, with
// a latency histogram per route, for GET /metrics. Fed by
// HttpServerOptions::on_request. Labels are bounded: routes are the
// router's patterns (plus "static" and "" for unmatched), methods outside
// the HTTP set are "other", so no outside input can grow the series.
//
// Threading: thread-safe; Observe takes a short mutex (HTTP only, never the
// realtime path).
#pragma once

#include <absl/base/thread_annotations.h>
#include <absl/container/flat_hash_map.h>
#include <absl/synchronization/mutex.h>

#include <memory>
#include <string>
#include <string_view>

#include "core/metrics.h"

namespace mc {

class HttpMetrics {
 public:
  void Observe(std::string_view method, std::string_view route, int status, double seconds);
  // Writes the families metaclinic_http_requests (counter) and
  // metaclinic_http_request_duration_seconds (histogram).
  void Write(MetricsText& text) const;

 private:
  mutable absl::Mutex mutex_;
  // "route\nmethod\nstatus" -> requests
  absl::flat_hash_map<std::string, uint64_t> requests_ ABSL_GUARDED_BY(mutex_);
  absl::flat_hash_map<std::string, std::unique_ptr<Histogram>> durations_
      ABSL_GUARDED_BY(mutex_);
};

}  // namespace mc
