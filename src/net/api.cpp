#include "net/api.h"

#include <algorithm>

#include "core/crypto.h"
#include "core/roles.h"
#include "net/api_admin.h"
#include "net/api_clinic.h"
#include "net/api_groups.h"
#include "net/api_safety.h"
#include "net/api_settings.h"
#include "fhir/fhir_service.h"
#include "net/api_dicomweb.h"
#include "net/api_reviews.h"
#include "net/api_fhir.h"
#include "net/api_visits.h"
#include "net/api_context.h"
#include "net/api_rehab.h"
#include "net/api_research.h"
#include "net/api_schedules.h"
#include "net/api_skills.h"
#include "net/api_sim.h"
#include "net/static_files.h"

namespace mc {

using api::Authenticate;
using api::Caller;
using api::Intent;
using nlohmann::json;

namespace {

// Bot sessions are guest sessions with this purpose; '#' can never appear
// in a visit link's purpose, so no visit link can mint one.
constexpr char kBotPurpose[] = "#bench-bot";

using Handler = std::function<StatusOr<HttpResponse>(const HttpRequest&,
                                                     const PathParams&)>;

RouteHandler Wrap(Handler handler) {
  return [handler = std::move(handler)](const HttpRequest& request,
                                        const PathParams& params) {
    StatusOr<HttpResponse> response = handler(request, params);
    if (!response.ok()) return HttpResponse::Error(response.status());
    return *std::move(response);
  };
}

// /metrics: a bearer token when one is set, else only a loopback caller that
// came through no proxy (a reverse proxy on the same host would otherwise
// make every outside request look local).
Status CheckMetricsAccess(const HttpRequest& request, const std::string& token) {
  const std::string authorization = request.Header("authorization");
  constexpr std::string_view kBearer = "Bearer ";
  if (!token.empty() && authorization.size() > kBearer.size() &&
      authorization.compare(0, kBearer.size(), kBearer) == 0 &&
      SecretsEqual(std::string_view(authorization).substr(kBearer.size()), token)) {
    return Status();
  }
  const std::string& remote = request.remote_address;
  const bool loopback = remote.rfind("127.", 0) == 0 || remote == "::1" ||
                        remote.rfind("::ffff:127.", 0) == 0;
  const bool proxied = !request.Header("forwarded").empty() ||
                       !request.Header("x-forwarded-for").empty();
  if (loopback && !proxied && authorization.empty()) return Status();
  return PermissionDenied("metrics_forbidden",
                          "metrics are served on loopback or with the metrics token");
}

json RecordJson(const VaultRecord& record) {
  return {{"id", record.id},
          {"patient", record.pseudonym},
          {"type", record.type},
          {"version", record.version},
          {"created", FormatIsoUtc(record.created_unix_ms)},
          {"updated", FormatIsoUtc(record.updated_unix_ms)},
          {"data", json::parse(record.json, nullptr, false)}};
}

// ---- sessions ----

StatusOr<HttpResponse> Login(ApiServices& services, const HttpRequest& request) {
  MC_RETURN_IF_ERROR(api::CheckOrigin(request));
  MC_ASSIGN_OR_RETURN(json body, api::JsonBody(request));
  MC_ASSIGN_OR_RETURN(std::string login, api::StringField(body, "login", 128));
  MC_ASSIGN_OR_RETURN(std::string password, api::StringField(body, "password", 512));
  int64_t retry_after_ms = 0;
  auto result = services.accounts.Login(login, password, request.remote_address,
                                        request.request_id, &retry_after_ms);
  if (!result.ok()) {
    HttpResponse error = HttpResponse::Error(result.status());
    if (retry_after_ms > 0) {
      error.headers.emplace_back("Retry-After",
                                 std::to_string((retry_after_ms + 999) / 1000));
    }
    return error;
  }
  HttpResponse response = HttpResponse::Json(
      200, {{"user", api::UserJson(result->user)},
            {"csrf_token", result->csrf_token}});
  response.headers.emplace_back("Set-Cookie",
                                api::SessionCookie(result->token, request.tls));
  return response;
}

StatusOr<HttpResponse> Logout(ApiServices& services, const HttpRequest& request) {
  MC_ASSIGN_OR_RETURN(Caller caller, Authenticate(services, request, Intent::kChange,
                                                  api::PasswordGate::kBeforePasswordChange));
  MC_RETURN_IF_ERROR(
      services.accounts.Logout(caller.session, caller.token, request.request_id));
  HttpResponse response = HttpResponse::NoContent();
  response.headers.emplace_back("Set-Cookie", api::ClearedSessionCookie(request.tls));
  return response;
}

StatusOr<HttpResponse> Me(ApiServices& services, const HttpRequest& request) {
  MC_ASSIGN_OR_RETURN(Caller caller, Authenticate(services, request, Intent::kRead,
                                                  api::PasswordGate::kBeforePasswordChange));
  const UserRow& user = caller.session.user;
  json body = {{"id", user.id},
               {"login", user.login},
               {"name", user.display_name},
               {"role", user.role},
               {"capabilities", CapabilityNames(user.role)},
               {"csrf_token", caller.session.csrf_token}};
  if (!caller.session.guest_purpose.empty()) {
    body["purpose"] = caller.session.guest_purpose;
  }
  if (!user.patient_pseudonym.empty()) body["patient"] = user.patient_pseudonym;
  if (user.must_change_password) body["must_change_password"] = true;
  return HttpResponse::Json(200, body);
}

StatusOr<HttpResponse> ChangeOwnPassword(ApiServices& services, const HttpRequest& request) {
  MC_ASSIGN_OR_RETURN(Caller caller, Authenticate(services, request, Intent::kChange,
                                                  api::PasswordGate::kBeforePasswordChange));
  if (caller.session.user.id == 0) {
    return PermissionDenied("access_denied", "a guest has no password to change");
  }
  MC_ASSIGN_OR_RETURN(json body, api::JsonBody(request));
  MC_RETURN_IF_ERROR(api::CheckKeys(body, {"current_password", "new_password"}, ""));
  MC_ASSIGN_OR_RETURN(std::string current, api::StringField(body, "current_password", 512));
  MC_ASSIGN_OR_RETURN(std::string next, api::StringField(body, "new_password", 512));
  MC_ASSIGN_OR_RETURN(LoginResult changed, services.accounts.ChangeOwnPassword(
                                               caller.session, current, next, request.request_id));
  // Every session of the account ended; the caller goes on in a new one.
  HttpResponse response = HttpResponse::Json(200, {{"csrf_token", changed.csrf_token}});
  response.headers.emplace_back("Set-Cookie", api::SessionCookie(changed.token, request.tls));
  return response;
}

// ---- visit links ----

StatusOr<HttpResponse> IssueVisitLink(ApiServices& services,
                                      const HttpRequest& request) {
  MC_ASSIGN_OR_RETURN(Caller caller, Authenticate(services, request, Intent::kChange));
  MC_ASSIGN_OR_RETURN(json body, api::JsonBody(request));
  MC_ASSIGN_OR_RETURN(std::string purpose, api::StringField(body, "purpose", 64));
  int64_t minutes = 60;
  if (body.contains("lifetime_minutes")) {
    if (!body["lifetime_minutes"].is_number_integer()) {
      return InvalidArgument("invalid_field", "'lifetime_minutes' must be an integer");
    }
    // Clamped only so the conversion to ms cannot overflow; Issue() rejects
    // anything outside its range with "invalid_lifetime".
    minutes = std::clamp<int64_t>(body["lifetime_minutes"].get<int64_t>(), -1,
                                  VisitLinks::kMaxLifetimeMs / 60000 + 1);
  }
  MC_ASSIGN_OR_RETURN(IssuedVisitLink link, services.visit_links.Issue(
                                                caller.actor, purpose, minutes * 60 * 1000));
  return HttpResponse::Json(201, {{"token", link.token},
                                  {"url", "/visit/" + link.token},
                                  {"purpose", link.purpose},
                                  {"expires", FormatIsoUtc(link.expires_unix_ms)}});
}

StatusOr<HttpResponse> RedeemVisitLink(ApiServices& services,
                                       const HttpRequest& request) {
  MC_RETURN_IF_ERROR(api::CheckOrigin(request));
  MC_ASSIGN_OR_RETURN(json body, api::JsonBody(request));
  MC_ASSIGN_OR_RETURN(std::string token, api::StringField(body, "token", 64));
  MC_ASSIGN_OR_RETURN(RedeemedVisit visit,
                      services.visit_links.Redeem(token, request.request_id));
  HttpResponse response = HttpResponse::Json(
      200, {{"role", "guest"}, {"purpose", visit.purpose},
            {"csrf_token", visit.csrf_token}});
  response.headers.emplace_back(
      "Set-Cookie", api::SessionCookie(visit.session_token, request.tls));
  return response;
}

// ---- records (through the vault) ----

// The same access rules as the FHIR API (care relationship, consent,
// break-glass): the actor to call the vault with, carrying the purpose.
StatusOr<Actor> PermitRecords(ApiServices& services, const Caller& caller,
                              const HttpRequest& request, const std::string& pseudonym,
                              const std::string& type, Interaction interaction,
                              const std::string& action, const std::string& resource) {
  if (services.fhir == nullptr) return caller.actor;  // the vault's own rules only
  fhir::FhirContext context{caller.actor, "", request.Header("x-break-glass")};
  if (!context.break_glass_reason.empty()) {
    MC_RETURN_IF_ERROR(CheckBreakGlassReason(context.break_glass_reason));
  }
  return services.fhir->Authorize(context, type.empty() ? "*" : type, pseudonym, interaction,
                                  action, resource);
}

StatusOr<HttpResponse> WriteRecord(ApiServices& services, const HttpRequest& request,
                                   const PathParams& params) {
  MC_ASSIGN_OR_RETURN(Caller caller, Authenticate(services, request, Intent::kChange));
  MC_ASSIGN_OR_RETURN(json body, api::JsonBody(request));
  MC_ASSIGN_OR_RETURN(std::string type, api::StringField(body, "type", 64));
  MC_ASSIGN_OR_RETURN(std::string id, api::StringField(body, "id", 64));
  if (!body.contains("data") || !body["data"].is_object()) {
    return InvalidArgument("invalid_field", "'data' must be a JSON object");
  }
  MC_ASSIGN_OR_RETURN(
      Actor actor,
      PermitRecords(services, caller, request, params.at("patient"), type,
                    id.empty() ? Interaction::kCreate : Interaction::kUpdate,
                    "record.write", "VaultRecord/" + (id.empty() ? "new" : id)));
  MC_ASSIGN_OR_RETURN(VaultRecord record,
                      services.vault.Put(actor, params.at("patient"), type,
                                         id, body["data"].dump()));
  return HttpResponse::Json(id.empty() ? 201 : 200, RecordJson(record));
}

StatusOr<HttpResponse> ListRecords(ApiServices& services, const HttpRequest& request,
                                   const std::string& pseudonym) {
  MC_ASSIGN_OR_RETURN(Caller caller, Authenticate(services, request, Intent::kRead));
  const std::string patient =
      pseudonym.empty() ? caller.actor.patient_pseudonym : pseudonym;
  if (patient.empty()) {
    return NotFound("subject_not_found", "this account has no patient record");
  }
  const std::string type = request.QueryParam("type");
  MC_ASSIGN_OR_RETURN(Actor actor,
                      PermitRecords(services, caller, request, patient, type,
                                    Interaction::kSearch, "record.search",
                                    "Subject/" + patient));
  MC_ASSIGN_OR_RETURN(std::vector<VaultRecord> records,
                      services.vault.List(actor, patient, type));
  json list = json::array();
  for (const VaultRecord& record : records) list.push_back(RecordJson(record));
  return HttpResponse::Json(200, {{"records", list}});
}

StatusOr<HttpResponse> ReadRecord(ApiServices& services, const HttpRequest& request,
                                  const PathParams& params) {
  MC_ASSIGN_OR_RETURN(Caller caller, Authenticate(services, request, Intent::kRead));
  Actor actor = caller.actor;
  if (auto row = services.vault.Locate(params.at("id")); row.ok()) {
    MC_ASSIGN_OR_RETURN(actor, PermitRecords(services, caller, request, row->pseudonym,
                                             row->type, Interaction::kRead,
                                             "record.read", "VaultRecord/" + row->id));
  }
  MC_ASSIGN_OR_RETURN(VaultRecord record, services.vault.Get(actor, params.at("id")));
  return HttpResponse::Json(200, RecordJson(record));
}

StatusOr<HttpResponse> ErasePatient(ApiServices& services, const HttpRequest& request,
                                    const PathParams& params) {
  MC_ASSIGN_OR_RETURN(Caller caller, Authenticate(services, request, Intent::kChange));
  MC_ASSIGN_OR_RETURN(Actor actor,
                      PermitRecords(services, caller, request, params.at("patient"), "*",
                                    Interaction::kErase, "subject.erase",
                                    "Subject/" + params.at("patient")));
  MC_RETURN_IF_ERROR(services.vault.Erase(actor, params.at("patient")));
  return HttpResponse::NoContent();
}

}  // namespace

StatusOr<ClientIdentity> AuthorizeWebSocket(ApiServices& services,
                                            const HttpRequest& request) {
  MC_RETURN_IF_ERROR(api::CheckOrigin(request));
  MC_ASSIGN_OR_RETURN(Caller caller, Authenticate(services, request, Intent::kRead));
  const UserRow& user = caller.session.user;
  ClientIdentity client;
  client.user_id = user.id;
  client.role = user.role;
  client.display_name = user.display_name;
  client.guest_purpose = caller.session.guest_purpose;
  client.patient_pseudonym = user.patient_pseudonym;
  client.session_key = caller.session.token_hash;
  if (caller.session.guest_purpose == kBotPurpose) {
    if (!services.bench_mode) {
      return Unauthenticated("no_session", "please sign in");
    }
    client.role = "bot";
    client.display_name = "Bot";
    client.guest_purpose.clear();
  }
  return client;
}

Router BuildRouter(ApiServices& services) {
  Router router;
  ApiServices* s = &services;
  router.Add("GET", "/healthz", [](const HttpRequest&, const PathParams&) {
    return HttpResponse::Json(200, {{"status", "ok"}});
  });
  if (s->metrics_text) {
    router.Add("GET", "/metrics", Wrap([s](const HttpRequest& request, const PathParams&)
                                           -> StatusOr<HttpResponse> {
      MC_RETURN_IF_ERROR(CheckMetricsAccess(request, s->metrics_token));
      HttpResponse response;
      response.content_type = "text/plain; version=0.0.4; charset=utf-8";
      response.body = s->metrics_text();
      return response;
    }));
  }
  router.Add("GET", "/readyz", [s](const HttpRequest&, const PathParams&) {
    Status ready = s->store_health.CheckReady();
    if (!ready.ok()) {
      // The store's reason ("cannot write", "migrations pending") names no data.
      return HttpResponse::Error(Unavailable("not_ready", MessageOf(ready)));
    }
    return HttpResponse::Json(200, {{"status", "ready"}});
  });
  auto simple = [s](auto function) {
    return Wrap([s, function](const HttpRequest& request, const PathParams&) {
      return function(*s, request);
    });
  };
  auto with_params = [s](auto function) {
    return Wrap([s, function](const HttpRequest& request, const PathParams& params) {
      return function(*s, request, params);
    });
  };
  router.Add("POST", "/api/session", simple(Login));
  router.Add("DELETE", "/api/session", simple(Logout));
  router.Add("GET", "/api/me", simple(Me));
  router.Add("POST", "/api/me/password", simple(ChangeOwnPassword));
  router.Add("GET", "/api/me/records",
             Wrap([s](const HttpRequest& request, const PathParams&) {
               return ListRecords(*s, request, "");
             }));
  router.Add("POST", "/api/visit-links", simple(IssueVisitLink));
  router.Add("POST", "/api/visit-links/redeem", simple(RedeemVisitLink));
  router.Add("POST", "/api/patients/{patient}/records", with_params(WriteRecord));
  router.Add("GET", "/api/patients/{patient}/records",
             Wrap([s](const HttpRequest& request, const PathParams& params) {
               return ListRecords(*s, request, params.at("patient"));
             }));
  router.Add("DELETE", "/api/patients/{patient}", with_params(ErasePatient));
  router.Add("GET", "/api/records/{id}", with_params(ReadRecord));
  if (services.bench_mode) {
    router.Add("POST", "/api/bench/bot-session",
               [s](const HttpRequest& request, const PathParams&) {
                 auto token = s->sessions.Create(0, kBotPurpose);
                 if (!token.ok()) return HttpResponse::Error(token.status());
                 HttpResponse response = HttpResponse::Json(200, {{"token", *token}});
                 response.headers.emplace_back("Set-Cookie",
                                               api::SessionCookie(*token, request.tls));
                 return response;
               });
    router.Add("GET", "/api/bench/stats", [s](const HttpRequest&, const PathParams&) {
      HttpResponse response;
      response.body = s->bench_stats ? s->bench_stats() : "{}";
      return response;
    });
  }
  router.Add("GET", "/api/spaces", Wrap([s](const HttpRequest& request, const PathParams&)
                                              -> StatusOr<HttpResponse> {
    MC_RETURN_IF_ERROR(Authenticate(*s, request, Intent::kRead).status());
    HttpResponse response;
    response.body = s->world ? s->world->SpaceListJson() : "[]";
    return response;
  }));
  router.Add("GET", "/api/spaces/{id}", Wrap([s](const HttpRequest& request,
                                                 const PathParams& params)
                                                  -> StatusOr<HttpResponse> {
    MC_RETURN_IF_ERROR(Authenticate(*s, request, Intent::kRead).status());
    if (!s->world) return NotFound("space_not_found", "no such space");
    HttpResponse response;
    MC_ASSIGN_OR_RETURN(response.body, s->world->SpaceJson(params.at("id")));
    return response;
  }));
  AddAdminRoutes(router, services);
  AddScheduleRoutes(router, services);
  AddSimRoutes(router, services);
  AddClinicRoutes(router, services);
  AddSafetyRoutes(router, services);
  AddSettingsRoutes(router, services);
  AddGroupRoutes(router, services);
  AddVisitRoutes(router, services);
  AddFhirRoutes(router, services);
  AddDicomwebRoutes(router, services);
  AddReviewRoutes(router, services);
  AddResearchRoutes(router, services);
  AddRehabRoutes(router, services);
  AddSkillsRoutes(router, services);
  const std::string root = services.static_root;
  router.SetFallback([root](const HttpRequest& request, const PathParams&) {
    if (request.path.rfind("/api/", 0) == 0) {
      return HttpResponse::Error(NotFound("route_not_found", "no such resource"));
    }
    return ServeStatic(root, {request.path, request.Header("accept-encoding")});
  });
  return router;
}

}  // namespace mc
