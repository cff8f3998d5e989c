// The REST API: routes, and the request context they share.
//
// Authentication: the session cookie "mc_session" (HttpOnly, SameSite=Strict,
// Secure under TLS). State-changing requests authenticated by the cookie
// must carry the session's CSRF token in "X-CSRF-Token" and, when the
// browser sends Origin, an Origin matching the Host. See docs/api.md.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "auth/accounts.h"
#include "auth/invitations.h"
#include "auth/sessions.h"
#include "auth/visit_links.h"
#include "net/deployment_settings.h"
#include "net/router.h"
#include "records/vault.h"
#include "store/scheduling_store.h"
#include "store/store_health.h"
#include "world/realtime_gateway.h"
#include "world/world.h"

namespace mc {
namespace care {
class Scheduling;
class ScheduleAdmin;
class VisitDesk;
}  // namespace care
namespace media {
class GroupRooms;
}  // namespace media
namespace fhir {
class FhirService;
class RehabService;
}  // namespace fhir
namespace glucose {
class TrialJobs;
}  // namespace glucose
namespace imaging {
class ImageArchive;
class ReviewRooms;
}  // namespace imaging
namespace skills {
class TrainingRecord;
}  // namespace skills
class AuditReview;

// The HTTP layer holds no store part with PHI: records go through `vault`.
// What the admin console's system status shows beyond what the services
// themselves answer (GET /api/admin/status).
struct SystemFacts {
  std::string version;          // the binary's version ("0.1.0")
  int64_t started_unix_ms = 0;  // when `serve` started
  // The media server's state in words ("embedded Janus: ready"); may be null.
  std::function<std::string()> media_state;
};

struct ApiServices {
  StoreHealth& store_health;  // for /readyz
  SchedulingStore& directory;  // departments, when there is no `scheduling`
  Accounts& accounts;
  SessionManager& sessions;
  VisitLinks& visit_links;
  Vault& vault;
  std::string static_root;  // web/dist; "" serves no files
  // Invitation links for new accounts; may be null (503).
  Invitations* invitations = nullptr;
  // Departments, slots and appointments; may be null (no clinic routes).
  care::Scheduling* scheduling = nullptr;
  // The admin console's departments and availability; may be null (503).
  care::ScheduleAdmin* schedule_admin = nullptr;
  // Check-in, queue, consultation and end of visit; may be null (503).
  care::VisitDesk* visits = nullptr;
  // The FHIR R4 API at /fhir; may be null (503).
  fhir::FhirService* fhir = nullptr;
  // Rehabilitation programmes and recorded sets; may be null (503).
  fhir::RehabService* rehab = nullptr;
  // DICOM images and DICOMweb at /dicomweb; may be null (503).
  imaging::ImageArchive* images = nullptr;
  // The live state of case reviews (/api/reviews); may be null (503).
  imaging::ReviewRooms* reviews = nullptr;
  // In-silico trial jobs of the research lab; may be null (503).
  glucose::TrialJobs* trials = nullptr;
  // The skills lab's record of training; may be null (503).
  skills::TrainingRecord* training = nullptr;
  // The audit log, for actions that touch no patient record (trial jobs);
  // may be null (not audited, tests only).
  AuditLog* audit = nullptr;
  // The audit log for the admin console; may be null (503).
  AuditReview* audit_review = nullptr;
  // Crisis help (GET /api/safety/crisis-help) and the STUN/TURN servers
  // (GET /api/rtc-config), changeable in the admin console; may be null
  // (none of either; the console's settings routes answer 503).
  DeploymentSettings* settings = nullptr;
  // Group rooms (therapy groups, conferences, classes); may be null (503).
  media::GroupRooms* groups = nullptr;
  // The realtime world, for the space definitions; may be null (no spaces).
  const world::World* world = nullptr;
  // Bench mode (`serve --bench`) adds POST /api/bench/bot-session, which
  // mints sessions for load-generator bots, and GET /api/bench/stats. It
  // never exists otherwise.
  bool bench_mode = false;
  SystemFacts system;
  // GET /metrics (Prometheus text format); empty: no such route. Answered to
  // loopback callers that came through no proxy, or to
  // "Authorization: Bearer <metrics_token>" when a token is set.
  std::function<std::string()> metrics_text;
  std::string metrics_token;
  // JSON figures of the realtime world for GET /api/bench/stats.
  std::function<std::string()> bench_stats;
};

// All routes of the server, including /healthz, /readyz and static files.
Router BuildRouter(ApiServices& services);

// Checks a WebSocket upgrade (a live session, a same-origin request) and
// says who the client is.
StatusOr<ClientIdentity> AuthorizeWebSocket(ApiServices& services,
                                            const HttpRequest& request);

}  // namespace mc
