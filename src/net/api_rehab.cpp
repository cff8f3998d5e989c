#include "net/api_rehab.h"

#include <cmath>

#include "fhir/rehab_service.h"
#include "net/api_context.h"

namespace mc {

using api::Authenticate;
using api::Caller;
using api::Intent;
using nlohmann::json;

namespace {

StatusOr<fhir::RehabService*> Service(ApiServices& services) {
  if (services.rehab == nullptr) return Unavailable("rehab_unavailable", "not enabled");
  return services.rehab;
}

StatusOr<HttpResponse> GetProgramme(ApiServices& services, const HttpRequest& request,
                                    const PathParams&) {
  MC_ASSIGN_OR_RETURN(Caller caller, Authenticate(services, request, Intent::kRead));
  MC_ASSIGN_OR_RETURN(fhir::RehabService * rehab, Service(services));
  MC_ASSIGN_OR_RETURN(fhir::RehabProgramme programme, rehab->Programme(caller.actor));
  return HttpResponse::Json(200, fhir::ProgrammeJson(programme));
}

StatusOr<std::string> RequiredText(const json& body, const char* key, size_t max_length) {
  if (!body.contains(key)) return InvalidArgument("invalid_field", std::string(key) + " is required");
  return api::Text(body[key], key, max_length);
}

StatusOr<int> Pain(const json& body, const char* key) {
  const json& value = body.contains(key) ? body[key] : json();
  if (!value.is_number() || value.get<double>() != std::floor(value.get<double>()) ||
      value.get<double>() < 0 || value.get<double>() > 10) {
    return InvalidArgument("invalid_pain", std::string(key) + " must be a whole number from 0 to 10");
  }
  return static_cast<int>(value.get<double>());
}

StatusOr<fhir::SetUpload> ParseSet(const json& body) {
  MC_RETURN_IF_ERROR(api::CheckKeys(body,
                                    {"careplan_id", "activity_id", "exercise", "side",
                                     "target_deg", "pain_before", "pain_after", "started_at",
                                     "trace_csv"},
                                    ""));
  fhir::SetUpload upload;
  MC_ASSIGN_OR_RETURN(upload.careplan_id, RequiredText(body, "careplan_id", 64));
  MC_ASSIGN_OR_RETURN(upload.activity_id, RequiredText(body, "activity_id", 16));
  MC_ASSIGN_OR_RETURN(upload.exercise, RequiredText(body, "exercise", 32));
  MC_ASSIGN_OR_RETURN(upload.side, RequiredText(body, "side", 8));
  MC_ASSIGN_OR_RETURN(upload.started_at, RequiredText(body, "started_at", 40));
  if (!body.contains("target_deg") || !body["target_deg"].is_number()) {
    return InvalidArgument("invalid_field", "target_deg must be a number");
  }
  upload.target_deg = body["target_deg"].get<double>();
  MC_ASSIGN_OR_RETURN(upload.pain_before, Pain(body, "pain_before"));
  MC_ASSIGN_OR_RETURN(upload.pain_after, Pain(body, "pain_after"));
  if (!body.contains("trace_csv") || !body["trace_csv"].is_string()) {
    return InvalidArgument("invalid_field", "trace_csv must be text");
  }
  upload.trace_csv = body["trace_csv"].get<std::string>();
  return upload;
}

StatusOr<HttpResponse> PostSet(ApiServices& services, const HttpRequest& request,
                               const PathParams&) {
  MC_ASSIGN_OR_RETURN(Caller caller, Authenticate(services, request, Intent::kChange));
  MC_ASSIGN_OR_RETURN(fhir::RehabService * rehab, Service(services));
  MC_ASSIGN_OR_RETURN(json body, api::JsonBody(request));
  MC_ASSIGN_OR_RETURN(fhir::SetUpload upload, ParseSet(body));
  MC_ASSIGN_OR_RETURN(fhir::SetRecorded set, rehab->RecordSet(caller.actor, upload));
  json rom = nullptr;
  if (set.rom_min_deg && set.rom_max_deg) {
    rom = {{"min", *set.rom_min_deg}, {"max", *set.rom_max_deg}};
  }
  return HttpResponse::Json(201, {{"set_id", set.set_id},
                                  {"rep_count", set.rep_count},
                                  {"partial_count", set.partial_count},
                                  {"rom_deg", rom},
                                  {"low_confidence_ms", set.low_confidence_ms},
                                  {"target_deg", set.target_deg},
                                  {"observation_ids", set.observation_ids}});
}

StatusOr<HttpResponse> PostCarePlan(ApiServices& services, const HttpRequest& request,
                                    const PathParams&) {
  MC_ASSIGN_OR_RETURN(Caller caller, Authenticate(services, request, Intent::kChange));
  MC_ASSIGN_OR_RETURN(fhir::RehabService * rehab, Service(services));
  MC_ASSIGN_OR_RETURN(json body, api::JsonBody(request));
  MC_RETURN_IF_ERROR(api::CheckKeys(body, {"patient", "title", "activities"}, ""));
  MC_ASSIGN_OR_RETURN(std::string patient, RequiredText(body, "patient", 64));
  if (!body.contains("title") || !body["title"].is_string()) {
    return InvalidArgument("invalid_title", "title must be 1-120 characters");
  }
  const json& list = body.contains("activities") ? body["activities"] : json();
  if (!list.is_array() || list.empty() || list.size() > fhir::kMaxActivities) {
    return InvalidArgument("invalid_activities", "activities must be a list of 1-12 activities");
  }
  std::vector<fhir::RehabActivity> activities;
  for (size_t index = 0; index < list.size(); ++index) {
    MC_ASSIGN_OR_RETURN(
        fhir::RehabActivity activity,
        fhir::ActivityFromRequest(list[index], "activities[" + std::to_string(index) + "]: "));
    activities.push_back(std::move(activity));
  }
  MC_ASSIGN_OR_RETURN(fhir::RehabProgramme programme,
                      rehab->Prescribe(caller.actor, patient, body["title"].get<std::string>(),
                                       activities));
  return HttpResponse::Json(201, fhir::ProgrammeJson(programme));
}

StatusOr<HttpResponse> GetProgress(ApiServices& services, const HttpRequest& request,
                                   const PathParams& params) {
  MC_ASSIGN_OR_RETURN(Caller caller, Authenticate(services, request, Intent::kRead));
  MC_ASSIGN_OR_RETURN(fhir::RehabService * rehab, Service(services));
  MC_ASSIGN_OR_RETURN(json progress, rehab->Progress(caller.actor, params.at("patient")));
  return HttpResponse::Json(200, progress);
}

StatusOr<HttpResponse> GetPatients(ApiServices& services, const HttpRequest& request,
                                   const PathParams&) {
  MC_ASSIGN_OR_RETURN(Caller caller, Authenticate(services, request, Intent::kRead));
  MC_ASSIGN_OR_RETURN(fhir::RehabService * rehab, Service(services));
  MC_ASSIGN_OR_RETURN(std::vector<fhir::PatientEntry> patients, rehab->Patients(caller.actor));
  json list = json::array();
  for (const fhir::PatientEntry& patient : patients) {
    list.push_back({{"patient", patient.pseudonym}, {"name", patient.name}});
  }
  return HttpResponse::Json(200, {{"patients", list}});
}

StatusOr<HttpResponse> PutLive(ApiServices& services, const HttpRequest& request,
                               const PathParams&) {
  MC_ASSIGN_OR_RETURN(Caller caller, Authenticate(services, request, Intent::kChange));
  MC_ASSIGN_OR_RETURN(fhir::RehabService * rehab, Service(services));
  if (request.body.size() > fhir::kMaxLiveBodyBytes) {
    return InvalidArgument("live_too_large", "a live frame is at most 8 KiB");
  }
  MC_ASSIGN_OR_RETURN(json body, api::JsonBody(request));
  MC_ASSIGN_OR_RETURN(fhir::LiveFrame frame, fhir::LiveFrameFromRequest(body));
  MC_RETURN_IF_ERROR(rehab->ShareLive(caller.actor, std::move(frame)));
  return HttpResponse::Json(200, {{"shared", true}, {"expires_ms", fhir::kLiveExpiryMs}});
}

StatusOr<HttpResponse> DeleteLive(ApiServices& services, const HttpRequest& request,
                                  const PathParams&) {
  MC_ASSIGN_OR_RETURN(Caller caller, Authenticate(services, request, Intent::kChange));
  MC_ASSIGN_OR_RETURN(fhir::RehabService * rehab, Service(services));
  MC_RETURN_IF_ERROR(rehab->EndLive(caller.actor));
  return HttpResponse::Json(200, {{"shared", false}});
}

StatusOr<HttpResponse> GetLive(ApiServices& services, const HttpRequest& request,
                               const PathParams& params) {
  MC_ASSIGN_OR_RETURN(Caller caller, Authenticate(services, request, Intent::kRead));
  MC_ASSIGN_OR_RETURN(fhir::RehabService * rehab, Service(services));
  MC_ASSIGN_OR_RETURN(json live, rehab->WatchLive(caller.actor, params.at("patient")));
  return HttpResponse::Json(200, live);
}

}  // namespace

void AddRehabRoutes(Router& router, ApiServices& services) {
  router.Add("GET", "/api/rehab/programme", api::Route(services, GetProgramme));
  router.Add("POST", kRehabSetsPath, api::Route(services, PostSet));
  router.Add("POST", "/api/rehab/careplans", api::Route(services, PostCarePlan));
  router.Add("GET", "/api/rehab/patients", api::Route(services, GetPatients));
  router.Add("GET", "/api/rehab/patients/{patient}/progress", api::Route(services, GetProgress));
  router.Add("PUT", "/api/rehab/live", api::Route(services, PutLive));
  router.Add("DELETE", "/api/rehab/live", api::Route(services, DeleteLive));
  router.Add("GET", "/api/rehab/patients/{patient}/live", api::Route(services, GetLive));
}

}  // namespace mc
