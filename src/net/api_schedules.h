// The admin console's Departments and availability routes (docs/api.md
// "Departments and availability"), over care::ScheduleAdmin (the operate
// capability; every change audited). Times on the wire are "HH:MM" in the
// department's time zone; days are "YYYY-MM-DD".
#pragma once

#include "net/api.h"
#include "net/router.h"

namespace mc {

// GET /api/admin/schedules, PATCH /api/admin/departments/{slug},
// POST /api/admin/availability,
// DELETE /api/admin/availability/{department}/{clinician}/{weekday}/{start},
// POST /api/admin/days-off, DELETE /api/admin/days-off/{clinician}/{day}.
// 503 "schedules_unavailable" when services.schedule_admin is null.
void AddScheduleRoutes(Router& router, ApiServices& services);

}  // namespace mc
