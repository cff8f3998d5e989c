// The admin console's deployment settings (docs/api.md "Deployment
// settings (admin)"): crisis help and STUN/TURN servers, changed while the
// server runs. The rules live in net/deployment_settings.h (the `operate`
// capability, "access_denied"; the checks and their codes).
#pragma once

#include "net/api.h"
#include "net/router.h"

namespace mc {

// GET /api/admin/settings, PUT /api/admin/settings/crisis_lines,
// PUT /api/admin/settings/rtc, DELETE /api/admin/settings/{section}; 503
// "settings_unavailable" when services.settings is null.
void AddSettingsRoutes(Router& router, ApiServices& services);

}  // namespace mc
