#include "app/metrics_exposition.h"

#include "auth/accounts.h"
#include "core/metrics.h"
#include "net/http_metrics.h"
#include "sim/glucose/trial_jobs.h"
#include "store/store_health.h"
#include "world/world.h"

namespace mc {
namespace {

using Type = MetricsText::Type;

void Single(MetricsText& text, std::string_view name, Type type, std::string_view help,
            double value) {
  text.Family(name, type, help);
  text.Sample({}, value);
}

void WriteWorld(MetricsText& text, const world::World& world) {
  Single(text, "metaclinic_websocket_connections", Type::kGauge,
         "Open realtime WebSocket connections.", static_cast<double>(world.Connections()));
  text.Family("metaclinic_space_people", Type::kGauge,
              "People present per space (counted once a second).");
  for (const auto& [space, people] : world.Occupancy()) {
    text.Sample({{"space", space}}, static_cast<double>(people));
  }
  text.Family("metaclinic_world_tick_duration_seconds", Type::kHistogram,
              "Time each world tick took.");
  text.Sample({}, world.TickDurations());
  const world::WorldCounters counters = world.Counters();
  Single(text, "metaclinic_world_snapshots_sent", Type::kCounter, "Snapshots sent to clients.",
         static_cast<double>(counters.snapshots_sent));
  Single(text, "metaclinic_world_snapshots_dropped", Type::kCounter,
         "Snapshots refused by a client's full send queue.",
         static_cast<double>(counters.snapshots_dropped));
  Single(text, "metaclinic_world_frames_throttled", Type::kCounter,
         "Client frames dropped by the per-connection rate limit.",
         static_cast<double>(counters.frames_throttled));
}

void WriteTrials(MetricsText& text, const glucose::TrialJobs& trials) {
  const glucose::TrialJobs::Counts counts = trials.CountJobs();
  text.Family("metaclinic_trial_jobs", Type::kGauge,
              "In-silico trial jobs held, by state (finished ones while kept).");
  const std::pair<const char*, int64_t> states[] = {{"queued", counts.queued},
                                                    {"running", counts.running},
                                                    {"done", counts.done},
                                                    {"failed", counts.failed},
                                                    {"cancelled", counts.cancelled}};
  for (const auto& [state, count] : states) {
    text.Sample({{"state", state}}, static_cast<double>(count));
  }
  Single(text, "metaclinic_trial_jobs_submitted", Type::kCounter, "Trial jobs submitted.",
         static_cast<double>(counts.submitted));
}

}  // namespace

std::string MetricsExposition(const MetricsSources& sources) {
  MetricsText text;
  text.Family("metaclinic_build_info", Type::kGauge, "The running version (value 1).");
  text.Sample({{"version", sources.version}}, 1);
  Single(text, "metaclinic_start_time_seconds", Type::kGauge,
         "When the server started, in seconds since the Unix epoch.",
         static_cast<double>(sources.started_unix_ms / 1000));
  if (sources.http != nullptr) sources.http->Write(text);
  if (sources.world != nullptr) WriteWorld(text, *sources.world);
  if (sources.store != nullptr) {
    const StoreHealth::Activity activity = sources.store->WriteActivity();
    Single(text, "metaclinic_audit_appends", Type::kCounter, "Audit records appended.",
           static_cast<double>(activity.audit_appends));
    Single(text, "metaclinic_vault_writes", Type::kCounter,
           "Encrypted record versions written.", static_cast<double>(activity.vault_writes));
  }
  if (sources.accounts != nullptr) {
    Single(text, "metaclinic_login_failures", Type::kCounter,
           "Sign-ins refused for a wrong login or password.",
           static_cast<double>(sources.accounts->login_failures()));
    Single(text, "metaclinic_logins_throttled", Type::kCounter,
           "Sign-ins refused by the throttle.",
           static_cast<double>(sources.accounts->logins_throttled()));
  }
  if (sources.trials != nullptr) WriteTrials(text, *sources.trials);
  return text.Finish();
}

}  // namespace mc
