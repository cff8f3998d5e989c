#include "net/api_safety.h"

#include "core/roles.h"
#include "fhir/fhir_service.h"
#include "net/api_context.h"

namespace mc {

using api::Authenticate;
using api::Caller;
using api::Intent;
using nlohmann::json;

namespace {

// Who to reach in a crisis, as the deployment configured it; with none
// configured, the words still send people to emergency services.
StatusOr<HttpResponse> CrisisHelp(ApiServices& services, const HttpRequest& request,
                                  const PathParams&) {
  MC_RETURN_IF_ERROR(Authenticate(services, request, Intent::kRead).status());
  json lines = json::array();
  if (services.settings != nullptr) {
    for (const CrisisLine& line : services.settings->Current()->crisis_lines) {
      lines.push_back({{"label", line.label}, {"how", line.how}});
    }
  }
  return HttpResponse::Json(
      200, {{"lines", lines},
            {"words",
             "If you are in danger now, or might act on thoughts of harming yourself, call your "
             "local emergency number or go to the nearest emergency department."}});
}

StatusOr<fhir::FhirContext> CareTeamContext(ApiServices& services, const HttpRequest& request,
                                            Intent intent) {
  MC_ASSIGN_OR_RETURN(Caller caller, Authenticate(services, request, intent));
  if (services.fhir == nullptr) return Unavailable("fhir_unavailable", "not enabled");
  if (!Can(caller.actor.role, Capability::kClinicDashboard)) {
    return PermissionDenied("forbidden", "safety alerts are for the care team");
  }
  return fhir::FhirContext{caller.actor, "", ""};
}

StatusOr<HttpResponse> ListAlerts(ApiServices& services, const HttpRequest& request,
                                  const PathParams&) {
  MC_ASSIGN_OR_RETURN(fhir::FhirContext context, CareTeamContext(services, request, Intent::kRead));
  MC_ASSIGN_OR_RETURN(std::vector<fhir::SafetyAlert> alerts, services.fhir->SafetyAlerts(context));
  json body = json::array();
  for (const fhir::SafetyAlert& alert : alerts) {
    body.push_back({{"flag", alert.flag_id},
                    {"patient", alert.patient},
                    {"patient_name", alert.patient_name},
                    {"since", alert.since},
                    {"words", alert.words}});
  }
  return HttpResponse::Json(200, {{"alerts", body}});
}

StatusOr<HttpResponse> Acknowledge(ApiServices& services, const HttpRequest& request,
                                   const PathParams& params) {
  MC_ASSIGN_OR_RETURN(fhir::FhirContext context,
                      CareTeamContext(services, request, Intent::kChange));
  MC_RETURN_IF_ERROR(services.fhir->AcknowledgeSafetyFlag(context, params.at("flag")));
  return HttpResponse::Json(200, {{"acknowledged", params.at("flag")}});
}

}  // namespace

void AddSafetyRoutes(Router& router, ApiServices& services) {
  router.Add("GET", "/api/safety/crisis-help", api::Route(services, CrisisHelp));
  router.Add("GET", "/api/safety/alerts", api::Route(services, ListAlerts));
  router.Add("POST", "/api/safety/alerts/{flag}/acknowledge", api::Route(services, Acknowledge));
}

}  // namespace mc
