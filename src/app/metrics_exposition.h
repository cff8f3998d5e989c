// The text of GET /metrics: what the server's parts count, gathered at
// scrape time (docs/deployment.md "Metrics"). Every pointer may be null
// (that part's families are left out) and must outlive the calls.
#pragma once

#include <string>

namespace mc {
class Accounts;
class HttpMetrics;
class StoreHealth;
namespace world {
class World;
}
namespace glucose {
class TrialJobs;
}

struct MetricsSources {
  const HttpMetrics* http = nullptr;
  const world::World* world = nullptr;
  const StoreHealth* store = nullptr;
  const Accounts* accounts = nullptr;
  const glucose::TrialJobs* trials = nullptr;
  std::string version;
  int64_t started_unix_ms = 0;
};

// One exposition in the Prometheus text format (core/metrics.h).
std::string MetricsExposition(const MetricsSources& sources);

}  // namespace mc
