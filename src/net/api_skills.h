// The skills lab routes of the REST API (docs/api.md "Skills lab"): a
// learner's scored attempts per task, the record educators read. The
// record itself (scoring, who may read what) is skills::TrainingRecord;
// this module authenticates, decodes and encodes JSON.
#pragma once

#include "net/api.h"
#include "net/router.h"

namespace mc {

// Adds POST /api/skills/{task}/attempts (a signed-in account with
// `simulate`; X-CSRF-Token required), GET /api/skills/{task}/attempts
// [?learner=LOGIN], GET /api/skills/{task}/attempts/{id} (with its events,
// for a replay), PUT /api/skills/{task}/attempts/{id}/rating (OSATS) and
// GET /api/skills/{task}/learners (educators: `teach_skills`). 503
// "skills_unavailable" without services.training.
void AddSkillsRoutes(Router& router, ApiServices& services);

}  // namespace mc
