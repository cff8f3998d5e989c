// The research lab's routes (docs/api.md "Research"): in-silico trials run as
// background jobs on the server's trial pool (sim/glucose/trial_jobs.h), and
// the catalogue a design form needs.
//
//   GET  /api/research/catalog                      patients, groups, arm settings, limits
//   POST /api/research/trials                       a design -> 202 {id}
//   GET  /api/research/trials/{id}                  state, progress, results when done
//   POST /api/research/trials/{id}/cancel           204
//   GET  /api/research/trials/{id}/results.csv      per-patient rows (the CLI's patients.csv)
//   GET  /api/research/trials/{id}/results.json     the results object alone
//   GET  /api/research/trials/{id}/report.html      the CLI's report.html
//
// Every route needs the "run_trials" capability (403 "access_denied",
// audited). Starting and cancelling a job append an audit record
// ("research.trial.start", "research.trial.cancel"; resource "Trial/{id}",
// no patient: the virtual patients are synthetic). Jobs are in memory: after
// a restart every id is unknown (404 "trial_not_found").
//
// Handlers run on the server's worker threads; they only decode, queue and
// encode: no trial runs on them.
#pragma once

#include <nlohmann/json.hpp>

#include "core/status.h"
#include "net/api.h"
#include "net/router.h"
#include "sim/glucose/trial_design.h"
#include "sim/glucose/trial_jobs.h"

namespace mc {

inline constexpr size_t kMaxTrialDesignBytes = size_t{16} * 1024;

// Adds the routes above. With services.trials null they answer 503
// "trials_unavailable".
void AddResearchRoutes(Router& router, ApiServices& services);

namespace api {

// The request body -> a design. Errors (invalid_argument): "invalid_json",
// "unknown_field", "invalid_cohort", "invalid_days", "invalid_meals",
// "invalid_seed", "invalid_arms", "invalid_arm", "invalid_outcome". Ranges
// and names are checked by glucose::ResolveTrialDesign.
StatusOr<glucose::TrialDesign> ParseTrialDesign(const nlohmann::json& body);

// The design as JSON again (what GET returns as "design").
nlohmann::json TrialDesignJson(const glucose::TrialDesign& design);

// The "results" object of a finished job: outcome, arms (metrics, paired
// differences against the first arm, AGP percentiles), per-patient rows.
nlohmann::json TrialResultsJson(const glucose::TrialJobResult& result,
                                glucose::TrialOutcome outcome);

}  // namespace api
}  // namespace mc
