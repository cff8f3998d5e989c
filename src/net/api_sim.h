// The simulation routes of the REST API: POST /api/sim/glucose runs a bounded
// glucose scenario for one virtual patient (docs/api.md "Simulation").
//
// The engine (sim/glucose/scenario_request.h) validates and runs; this module
// only authenticates, decodes and encodes JSON, and caps the work: at most
// kMaxConcurrentSimRuns runs at once (more: 503 "sim_busy") and
// kSimWallTimeBudgetMs of wall time per run (more: 503 "deadline_exceeded").
// Handlers run on the server's worker threads; the shared state (parameter
// tables, run counter) is read-only or atomic.
#pragma once

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>

#include "core/status.h"
#include "net/api.h"
#include "net/router.h"
#include "sim/glucose/scenario_request.h"

namespace mc {

inline constexpr int kMaxConcurrentSimRuns = 2;
inline constexpr int64_t kSimWallTimeBudgetMs = 2000;
inline constexpr size_t kMaxSimRequestBytes = size_t{64} * 1024;

// Adds POST /api/sim/glucose (any signed-in user; X-CSRF-Token required).
// Loads the virtual patients from ShareDir()/uva-padova now, once; when that
// fails it logs why and the route answers 503 "sim_unavailable".
void AddSimRoutes(Router& router, ApiServices& services);

namespace api {

// The request body -> a scenario. Shape errors are invalid_argument with the
// engine's codes where one fits ("invalid_hours", "invalid_meal",
// "invalid_dose", "invalid_time", "unknown_controller", "too_many_meals",
// "too_many_doses"), otherwise "invalid_field" (wrong type, missing patient)
// or "unknown_field" (a key this API does not know). Ranges and names are
// checked later by glucose::ValidateScenarioRequest.
StatusOr<glucose::ScenarioRequest> ParseSimRequest(
    const nlohmann::json& body, const glucose::ScenarioLimits& limits);

// The response body for a finished run (columns of samples, metrics, totals).
nlohmann::json SimResponseJson(const glucose::ScenarioResult& result,
                               const glucose::ScenarioRequest& request);

}  // namespace api
}  // namespace mc
