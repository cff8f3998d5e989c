// The safety routes (docs/api.md "Safety"): the deployment's crisis help for
// anyone signed in, and the care team's safety alerts (active safety Flags
// no one has acknowledged) with their acknowledgement. The rules live in
// fhir/fhir_service.h (SafetyAlerts, AcknowledgeSafetyFlag).
#pragma once

#include "net/api.h"
#include "net/router.h"

namespace mc {

// GET /api/safety/crisis-help, GET /api/safety/alerts and
// POST /api/safety/alerts/{flag}/acknowledge (503 "fhir_unavailable" when
// services.fhir is null).
void AddSafetyRoutes(Router& router, ApiServices& services);

}  // namespace mc
