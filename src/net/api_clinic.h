// The clinic routes of the REST API (docs/api.md "Clinic"): departments with
// their clinicians, open slots, and appointments booked, listed and
// cancelled. Scheduling rules live in care/scheduling.h; this module only
// authenticates, decodes query and JSON, and encodes the answers.
#pragma once

#include "net/api.h"
#include "net/router.h"

namespace mc {

// Adds GET /api/departments, GET /api/departments/{id}/slots,
// GET and POST /api/appointments and DELETE /api/appointments/{id}. When
// services.scheduling is null the departments are listed without clinicians
// and the other routes answer 503 "clinic_unavailable".
void AddClinicRoutes(Router& router, ApiServices& services);

}  // namespace mc
