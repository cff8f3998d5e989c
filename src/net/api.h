// The REST API: routes, and the request context they share.
//
// Authentication: the session cookie "mc_session" (HttpOnly, SameSite=Strict,
// Secure under TLS). State-changing requests authenticated by the cookie
// must carry the session's CSRF token in "X-CSRF-Token" and, when the
// browser sends Origin, an Origin matching the Host. See docs/api.md.
#pragma once

#include <string>

#include "auth/accounts.h"
#include "auth/sessions.h"
#include "auth/visit_links.h"
#include "net/router.h"
#include "records/vault.h"
#include "store/store.h"

namespace mc {

struct ApiServices {
  Store& store;
  Accounts& accounts;
  SessionManager& sessions;
  VisitLinks& visit_links;
  Vault& vault;
  std::string static_root;  // web/dist; "" serves no files
};

// All routes of the server, including /healthz, /readyz and static files.
Router BuildRouter(ApiServices& services);

// Checks a WebSocket upgrade: a live session and a same-origin request.
Status AuthorizeWebSocket(ApiServices& services, const HttpRequest& request);

}  // namespace mc
