// The admin console's routes (docs/api.md "Users" and "Audit"): accounts
// (list, create with a one-time password, role and disabled changes,
// password resets) and the audit log (search newest first, chain
// verification, break-glass alerts and their acknowledgement). The rules
// live in auth/accounts.h (admin only, "admin_only") and
// records/audit_review.h (the audit_review capability, "access_denied").
#pragma once

#include "net/api.h"
#include "net/router.h"

namespace mc {

// GET/POST /api/users, PATCH /api/users/{id},
// POST /api/users/{id}/password-reset, GET /api/audit,
// POST /api/audit/verify, GET /api/admin/alerts,
// POST /api/admin/alerts/{seq}/acknowledge. The audit routes answer 503
// "audit_unavailable" when services.audit_review is null; the alerts 503
// "fhir_unavailable" without services.fhir.
void AddAdminRoutes(Router& router, ApiServices& services);

}  // namespace mc
