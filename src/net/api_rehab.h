// The rehabilitation routes (docs/api.md "Rehabilitation"; issue 17): a
// patient's programme and recorded sets, the care team's prescriptions and
// progress reports. HTTP in and out only: the rules are in
// fhir/rehab_service.h, which goes through the vault (care policy, audit).
#pragma once

#include "net/api.h"
#include "net/router.h"

namespace mc {

// The largest body of POST /api/rehab/sets (a 4 MiB trace in JSON, with
// room for escapes); the HTTP session lets this route past the general
// body limit up to it.
inline constexpr size_t kRehabSetBodyLimitBytes = 5 * 1024 * 1024;
inline constexpr char kRehabSetsPath[] = "/api/rehab/sets";

// GET /api/rehab/programme, POST /api/rehab/sets, POST /api/rehab/careplans,
// GET /api/rehab/patients, GET /api/rehab/patients/{patient}/progress,
// PUT and DELETE /api/rehab/live, GET /api/rehab/patients/{patient}/live
// (503 "rehab_unavailable" when services.rehab is null).
void AddRehabRoutes(Router& router, ApiServices& services);

}  // namespace mc
