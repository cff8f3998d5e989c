#include "net/api_admin.h"

#include "auth/passwords.h"
#include "care/slot_calendar.h"
#include "core/clock.h"
#include "core/roles.h"
#include "fhir/fhir_service.h"
#include "net/api_context.h"
#include "records/audit_review.h"

namespace mc {

using api::Authenticate;
using api::Caller;
using api::Intent;
using nlohmann::json;

namespace {

constexpr int64_t kDayMs = 24 * 60 * 60 * 1000;

// ---- users ----

// The password of a new account or a reset: the one the administrator
// typed, or, when none, a generated one to be shown once (returned in
// `one_time_password`) that the person must replace at first sign-in.
StatusOr<std::string> ChosenPassword(const json& body, PasswordOrigin* origin) {
  MC_ASSIGN_OR_RETURN(std::string password, api::StringField(body, "password", 512));
  *origin = password.empty() ? PasswordOrigin::kOneTime : PasswordOrigin::kChosen;
  return password.empty() ? GenerateOneTimePassword() : password;
}

// `invitation_hours` of a request: 1..336, the default when absent.
StatusOr<int64_t> InvitationHours(const json& body) {
  auto found = body.find("invitation_hours");
  if (found == body.end() || found->is_null()) return kDefaultInvitationHours;
  if (!found->is_number_integer()) {
    return InvalidArgument("invalid_lifetime", "'invitation_hours' must be a whole number");
  }
  return found->get<int64_t>();
}

// The invitation's link: the token rides in the fragment, which browsers
// never send to a server, so no request log or proxy sees it.
json InvitationJson(const HttpRequest& request, const IssuedInvitation& issued) {
  return {{"url", api::PublicOrigin(request) + "/#invitation=" + issued.token},
          {"expires", FormatIsoUtc(issued.expires_unix_ms)}};
}

StatusOr<Invitations*> InvitationService(ApiServices& services) {
  if (services.invitations == nullptr) {
    return Unavailable("invitations_unavailable", "invitations are not available here");
  }
  return services.invitations;
}

StatusOr<HttpResponse> ListUsers(ApiServices& services, const HttpRequest& request,
                                 const PathParams&) {
  MC_ASSIGN_OR_RETURN(Caller caller, Authenticate(services, request, Intent::kRead));
  MC_ASSIGN_OR_RETURN(std::vector<UserRow> users, services.accounts.ListUsers(caller.actor));
  json list = json::array();
  for (const UserRow& user : users) list.push_back(api::UserJson(user));
  return HttpResponse::Json(200, {{"users", list}});
}

StatusOr<HttpResponse> CreateUser(ApiServices& services, const HttpRequest& request,
                                  const PathParams&) {
  MC_ASSIGN_OR_RETURN(Caller caller, Authenticate(services, request, Intent::kChange));
  MC_ASSIGN_OR_RETURN(json body, api::JsonBody(request));
  NewUser user;
  MC_ASSIGN_OR_RETURN(user.login, api::StringField(body, "login", 128));
  MC_ASSIGN_OR_RETURN(user.display_name, api::StringField(body, "name", 200));
  MC_ASSIGN_OR_RETURN(user.role, api::StringField(body, "role", 32));
  const json invite = body.value("invitation", json(false));
  if (!invite.is_boolean()) return InvalidArgument("invalid_field", "'invitation' must be true or false");
  MC_ASSIGN_OR_RETURN(const int64_t hours, InvitationHours(body));
  if (invite.get<bool>()) {
    MC_ASSIGN_OR_RETURN(Invitations * invitations, InvitationService(services));
    MC_ASSIGN_OR_RETURN(std::string typed, api::StringField(body, "password", 512));
    if (!typed.empty()) {
      return InvalidArgument("invalid_field", "give a password or an invitation, not both");
    }
    if (hours < 1 || hours > 14 * 24) {
      return InvalidArgument("invalid_lifetime", "an invitation lives from 1 hour to 14 days");
    }
    user.origin = PasswordOrigin::kInvitation;
    MC_ASSIGN_OR_RETURN(UserRow created, services.accounts.CreateUser(caller.actor, user));
    MC_ASSIGN_OR_RETURN(IssuedInvitation issued, invitations->Issue(caller.actor, created.id, hours));
    json response = api::UserJson(created);
    response["invitation"] = InvitationJson(request, issued);
    return HttpResponse::Json(201, response);
  }
  MC_ASSIGN_OR_RETURN(user.password, ChosenPassword(body, &user.origin));
  MC_ASSIGN_OR_RETURN(UserRow created, services.accounts.CreateUser(caller.actor, user));
  json response = api::UserJson(created);
  if (user.origin == PasswordOrigin::kOneTime) response["one_time_password"] = user.password;
  return HttpResponse::Json(201, response);
}

StatusOr<HttpResponse> UpdateUser(ApiServices& services, const HttpRequest& request,
                                  const PathParams& params) {
  MC_ASSIGN_OR_RETURN(Caller caller, Authenticate(services, request, Intent::kChange));
  MC_ASSIGN_OR_RETURN(int64_t id, api::PathId(params.at("id"), "user_not_found"));
  MC_ASSIGN_OR_RETURN(json body, api::JsonBody(request));
  std::string role;
  bool disabled = false;
  const bool has_role = body.contains("role");
  const bool has_disabled = body.contains("disabled");
  if (has_role) {
    MC_ASSIGN_OR_RETURN(role, api::StringField(body, "role", 32));
  }
  if (has_disabled) {
    if (!body["disabled"].is_boolean()) {
      return InvalidArgument("invalid_field", "'disabled' must be true or false");
    }
    disabled = body["disabled"].get<bool>();
  }
  if (!has_role && !has_disabled) {
    return InvalidArgument("invalid_field", "give 'role' and/or 'disabled'");
  }
  MC_ASSIGN_OR_RETURN(UserRow user, services.accounts.UpdateUser(
                                        caller.actor, id, has_role ? &role : nullptr,
                                        has_disabled ? &disabled : nullptr));
  return HttpResponse::Json(200, api::UserJson(user));
}

StatusOr<HttpResponse> ResetPassword(ApiServices& services, const HttpRequest& request,
                                     const PathParams& params) {
  MC_ASSIGN_OR_RETURN(Caller caller, Authenticate(services, request, Intent::kChange));
  MC_ASSIGN_OR_RETURN(int64_t id, api::PathId(params.at("id"), "user_not_found"));
  json body = json::object();
  if (!request.body.empty()) {
    MC_ASSIGN_OR_RETURN(body, api::JsonBody(request));
  }
  PasswordOrigin origin = PasswordOrigin::kChosen;
  MC_ASSIGN_OR_RETURN(std::string password, ChosenPassword(body, &origin));
  MC_RETURN_IF_ERROR(services.accounts.ResetPassword(caller.actor, id, password, origin));
  json response = {{"id", id}, {"sessions_ended", true}};
  if (origin == PasswordOrigin::kOneTime) response["one_time_password"] = password;
  return HttpResponse::Json(200, response);
}

StatusOr<HttpResponse> Reinvite(ApiServices& services, const HttpRequest& request,
                                const PathParams& params) {
  MC_ASSIGN_OR_RETURN(Caller caller, Authenticate(services, request, Intent::kChange));
  MC_ASSIGN_OR_RETURN(Invitations * invitations, InvitationService(services));
  MC_ASSIGN_OR_RETURN(int64_t id, api::PathId(params.at("id"), "user_not_found"));
  json body = json::object();
  if (!request.body.empty()) {
    MC_ASSIGN_OR_RETURN(body, api::JsonBody(request));
  }
  MC_RETURN_IF_ERROR(api::CheckKeys(body, {"invitation_hours"}, ""));
  MC_ASSIGN_OR_RETURN(const int64_t hours, InvitationHours(body));
  MC_ASSIGN_OR_RETURN(IssuedInvitation issued, invitations->Issue(caller.actor, id, hours));
  return HttpResponse::Json(201, InvitationJson(request, issued));
}

// ---- the invitation page (no session: the token is the credential) ----

StatusOr<std::string> TokenOf(const json& body) {
  MC_ASSIGN_OR_RETURN(std::string token, api::StringField(body, "token", 128));
  if (token.empty()) return NotFound("invitation_invalid", "this invitation link is not valid");
  return token;
}

StatusOr<HttpResponse> LookUpInvitation(ApiServices& services, const HttpRequest& request,
                                        const PathParams&) {
  MC_RETURN_IF_ERROR(api::CheckOrigin(request));
  MC_ASSIGN_OR_RETURN(Invitations * invitations, InvitationService(services));
  MC_ASSIGN_OR_RETURN(json body, api::JsonBody(request));
  MC_ASSIGN_OR_RETURN(std::string token, TokenOf(body));
  MC_ASSIGN_OR_RETURN(PendingInvitation pending, invitations->Find(token));
  return HttpResponse::Json(200, {{"login", pending.login},
                                  {"name", pending.display_name},
                                  {"expires", FormatIsoUtc(pending.expires_unix_ms)}});
}

StatusOr<HttpResponse> AcceptInvitation(ApiServices& services, const HttpRequest& request,
                                        const PathParams&) {
  MC_RETURN_IF_ERROR(api::CheckOrigin(request));
  MC_ASSIGN_OR_RETURN(Invitations * invitations, InvitationService(services));
  MC_ASSIGN_OR_RETURN(json body, api::JsonBody(request));
  MC_RETURN_IF_ERROR(api::CheckKeys(body, {"token", "password"}, ""));
  MC_ASSIGN_OR_RETURN(std::string token, TokenOf(body));
  MC_ASSIGN_OR_RETURN(std::string password, api::StringField(body, "password", 512));
  MC_ASSIGN_OR_RETURN(UserRow user, invitations->Accept(token, password, request.request_id));
  return HttpResponse::Json(200, {{"login", user.login}});
}

// ---- audit ----

StatusOr<AuditReview*> Review(ApiServices& services) {
  if (services.audit_review == nullptr) {
    return Unavailable("audit_unavailable", "the audit log is not available here");
  }
  return services.audit_review;
}

// A non-negative decimal query parameter; `fallback` when absent.
StatusOr<int64_t> IntegerParam(const HttpRequest& request, const std::string& name,
                               int64_t fallback, const std::string& code) {
  const std::string text = request.QueryParam(name);
  if (text.empty()) return fallback;
  if (text.size() > 18 || text.find_first_not_of("0123456789") != std::string::npos) {
    return InvalidArgument(code, "'" + name + "' must be a whole number");
  }
  return std::stoll(text);
}

StatusOr<AuditFilter> FilterOf(const HttpRequest& request) {
  AuditFilter filter;
  MC_ASSIGN_OR_RETURN(filter.actor_user_id, IntegerParam(request, "actor", 0, "invalid_actor"));
  MC_ASSIGN_OR_RETURN(filter.limit, IntegerParam(request, "limit", 100, "invalid_limit"));
  MC_ASSIGN_OR_RETURN(filter.offset, IntegerParam(request, "offset", 0, "invalid_offset"));
  filter.patient_pseudonym = request.QueryParam("patient");
  filter.action = request.QueryParam("action");
  filter.outcome = request.QueryParam("outcome");
  if (filter.patient_pseudonym.size() > 128 || filter.action.size() > 64) {
    return InvalidArgument("invalid_field", "'patient' or 'action' is too long");
  }
  // Days are UTC; `until` is the last day included.
  if (const std::string since = request.QueryParam("since"); !since.empty()) {
    MC_ASSIGN_OR_RETURN(filter.since_unix_ms, care::ParseIsoDate(since));
  }
  if (const std::string until = request.QueryParam("until"); !until.empty()) {
    MC_ASSIGN_OR_RETURN(filter.until_unix_ms, care::ParseIsoDate(until));
    filter.until_unix_ms += kDayMs;
  }
  return filter;
}

json AuditJson(const AuditRow& row) {
  return {{"seq", row.seq},
          {"time", FormatIsoUtc(row.time_unix_ms)},
          {"actor_user_id", row.actor_user_id},
          {"actor_role", row.actor_role},
          {"action", row.action},
          {"resource", row.resource},
          {"patient", row.patient_pseudonym},
          {"outcome", row.outcome},
          {"purpose", row.purpose}};
}

StatusOr<HttpResponse> SearchAudit(ApiServices& services, const HttpRequest& request,
                                   const PathParams&) {
  MC_ASSIGN_OR_RETURN(Caller caller, Authenticate(services, request, Intent::kRead));
  MC_ASSIGN_OR_RETURN(AuditReview * review, Review(services));
  MC_ASSIGN_OR_RETURN(AuditFilter filter, FilterOf(request));
  MC_ASSIGN_OR_RETURN(AuditPage page, review->Search(caller.actor, filter));
  json entries = json::array();
  for (const AuditRow& row : page.rows) entries.push_back(AuditJson(row));
  return HttpResponse::Json(200, {{"entries", entries}, {"more", page.more}});
}

StatusOr<HttpResponse> VerifyAudit(ApiServices& services, const HttpRequest& request,
                                   const PathParams&) {
  MC_ASSIGN_OR_RETURN(Caller caller, Authenticate(services, request, Intent::kChange));
  MC_ASSIGN_OR_RETURN(AuditReview * review, Review(services));
  MC_ASSIGN_OR_RETURN(AuditVerifyReport report, review->Verify(caller.actor));
  json body = {{"ok", report.ok},
               {"records_checked", report.records_checked},
               {"words", AuditReview::VerifyWords(report)}};
  if (!report.ok) body["first_bad_seq"] = report.first_bad_seq;
  return HttpResponse::Json(200, body);
}

json AcknowledgementJson(const AlertAcknowledgement& acknowledgement) {
  return {{"by_user_id", acknowledgement.by_user_id},
          {"time", FormatIsoUtc(acknowledgement.time_unix_ms)}};
}

StatusOr<HttpResponse> ListAlerts(ApiServices& services, const HttpRequest& request,
                                  const PathParams&) {
  MC_ASSIGN_OR_RETURN(Caller caller, Authenticate(services, request, Intent::kRead));
  if (services.fhir == nullptr) return Unavailable("fhir_unavailable", "not enabled");
  MC_ASSIGN_OR_RETURN(std::vector<AuditRow> rows,
                      services.fhir->BreakGlassAlerts(caller.actor, 200));
  std::map<int64_t, AlertAcknowledgement> acknowledged;
  if (services.audit_review != nullptr) {
    MC_ASSIGN_OR_RETURN(acknowledged, services.audit_review->Acknowledgements());
  }
  json alerts = json::array();
  for (const AuditRow& row : rows) {
    json alert = AuditJson(row);
    alert.erase("outcome");
    if (auto found = acknowledged.find(row.seq); found != acknowledged.end()) {
      alert["acknowledged"] = AcknowledgementJson(found->second);
    }
    alerts.push_back(alert);
  }
  return HttpResponse::Json(200, {{"alerts", alerts}});
}

StatusOr<HttpResponse> AcknowledgeAlert(ApiServices& services, const HttpRequest& request,
                                        const PathParams& params) {
  MC_ASSIGN_OR_RETURN(Caller caller, Authenticate(services, request, Intent::kChange));
  MC_ASSIGN_OR_RETURN(AuditReview * review, Review(services));
  MC_ASSIGN_OR_RETURN(int64_t seq, api::PathId(params.at("seq"), "alert_not_found"));
  MC_ASSIGN_OR_RETURN(AlertAcknowledgement acknowledgement,
                      review->Acknowledge(caller.actor, seq));
  return HttpResponse::Json(200, {{"seq", seq},
                                  {"acknowledged", AcknowledgementJson(acknowledgement)}});
}

// ---- system status ----

StatusOr<HttpResponse> SystemStatus(ApiServices& services, const HttpRequest& request,
                                    const PathParams&) {
  MC_ASSIGN_OR_RETURN(Caller caller, Authenticate(services, request, Intent::kRead));
  if (!Can(caller.actor.role, Capability::kOperate)) {
    if (services.audit != nullptr) {
      (void)services.audit->Record(caller.actor,
                                   {"admin.status", "", "", AuditOutcome::kDenied});
    }
    return PermissionDenied("access_denied", "the system status is for administrators");
  }
  const int64_t now_ms = SystemClock().NowUnixMs();
  json spaces = json::array();
  int64_t people = 0;
  if (services.world != nullptr) {
    for (const auto& [space, count] : services.world->Occupancy()) {
      spaces.push_back({{"space", space}, {"people", count}});
      people += static_cast<int64_t>(count);
    }
  }
  MC_ASSIGN_OR_RETURN(int64_t store_bytes, services.store_health.SizeBytes());
  int64_t last_backup_ms = 0;
  if (services.audit_review != nullptr) {
    MC_ASSIGN_OR_RETURN(last_backup_ms, services.audit_review->LatestTimeOf("store.backup"));
  }
  const SystemFacts& facts = services.system;
  return HttpResponse::Json(
      200, {{"version", facts.version},
            {"started_at", FormatIsoUtc(facts.started_unix_ms)},
            {"uptime_s", std::max<int64_t>(0, (now_ms - facts.started_unix_ms) / 1000)},
            {"people_in_spaces", people},
            {"spaces", spaces},
            {"store_bytes", store_bytes},
            {"ready", services.store_health.CheckReady().ok()},
            {"last_backup", last_backup_ms == 0 ? json() : json(FormatIsoUtc(last_backup_ms))},
            {"media", facts.media_state ? facts.media_state() : "not configured"}});
}

}  // namespace

void AddAdminRoutes(Router& router, ApiServices& services) {
  router.Add("GET", "/api/users", api::Route(services, ListUsers));
  router.Add("POST", "/api/users", api::Route(services, CreateUser));
  router.Add("PATCH", "/api/users/{id}", api::Route(services, UpdateUser));
  router.Add("POST", "/api/users/{id}/password-reset", api::Route(services, ResetPassword));
  router.Add("POST", "/api/users/{id}/invitation", api::Route(services, Reinvite));
  router.Add("POST", "/api/invitations/lookup", api::Route(services, LookUpInvitation));
  router.Add("POST", "/api/invitations/accept", api::Route(services, AcceptInvitation));
  router.Add("GET", "/api/audit", api::Route(services, SearchAudit));
  router.Add("POST", "/api/audit/verify", api::Route(services, VerifyAudit));
  router.Add("GET", "/api/admin/alerts", api::Route(services, ListAlerts));
  router.Add("GET", "/api/admin/status", api::Route(services, SystemStatus));
  router.Add("POST", "/api/admin/alerts/{seq}/acknowledge",
             api::Route(services, AcknowledgeAlert));
}

}  // namespace mc
