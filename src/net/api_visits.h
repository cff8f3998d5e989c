// The visit routes of the REST API (docs/api.md "Visits"): check-in, the
// waiting room's queue and messages, the clinician's dashboard, admission to
// a private consult room, the end of the visit with its record, the
// patient's visit summary, and the browser's WebRTC ICE servers. The rules
// live in care/visit_desk.h; this module authenticates, decodes and encodes.
#pragma once

#include "net/api.h"
#include "net/router.h"

namespace mc {

// When services.visits is null the visit routes answer 503
// "clinic_unavailable"; GET /api/rtc-config always works.
void AddVisitRoutes(Router& router, ApiServices& services);

}  // namespace mc
