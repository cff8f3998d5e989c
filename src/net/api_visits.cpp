#include "net/api_visits.h"

#include <fmt/format.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "care/visit_desk.h"
#include "core/clock.h"
#include "core/roles.h"
#include "net/api_clinic.h"
#include "net/api_context.h"

namespace mc {

using api::Authenticate;
using api::Caller;
using api::Intent;
using nlohmann::json;

namespace {

StatusOr<care::VisitDesk*> Desk(ApiServices& services) {
  if (services.visits == nullptr) {
    return Unavailable("clinic_unavailable", "the visit desk is not enabled");
  }
  return services.visits;
}

json DeviceJson(const care::DeviceCheck& device) {
  return {{"camera", device.camera},
          {"microphone", device.microphone},
          {"speaker", device.speaker},
          {"connection_rtt_ms", device.connection_rtt_ms}};
}

json MessageJson(const care::VisitMessage& message) {
  return {{"id", message.id},
          {"from", message.from},
          {"name", message.name},
          {"text", message.text},
          {"at", FormatIsoUtc(message.at_unix_ms)}};
}

// What the caller may see of a visit: staff also get the patient's name and
// the device check.
json VisitJson(const care::VisitView& visit, bool for_staff) {
  const AppointmentRow& row = visit.appointment;
  json body = {{"appointment", row.id},
               {"state", std::string(care::VisitStateName(visit.state))},
               {"department", row.department},
               {"department_name", visit.department_name},
               {"clinician", ClinicianJson(row.clinician_user_id, visit.clinician_name)},
               {"start", FormatIsoUtc(row.start_unix_ms)},
               {"end", FormatIsoUtc(row.end_unix_ms)},
               {"online", visit.online},
               {"acknowledged", visit.acknowledged},
               {"summary_available", visit.summary_available}};
  if (visit.checked_in_unix_ms != 0) {
    body["checked_in"] = FormatIsoUtc(visit.checked_in_unix_ms);
    body["waited_seconds"] = visit.waited_seconds;
  }
  if (visit.state == care::VisitState::kWaiting) {
    body["position"] = visit.position;
    body["ahead"] = visit.ahead;
    body["estimated_wait_minutes"] = visit.estimated_wait_minutes;
  }
  if (!visit.room.empty()) body["room"] = visit.room;
  if (visit.checked_in_unix_ms != 0) {
    body["place"] = std::string(care::MeetingPlaceName(visit.meeting.place));
    body["avatars_only"] = visit.meeting.avatars_only;
  }
  json messages = json::array();
  for (const care::VisitMessage& message : visit.messages) {
    messages.push_back(MessageJson(message));
  }
  body["messages"] = messages;
  if (for_staff) {
    body["patient"] = {{"name", visit.patient_name}, {"pseudonym", row.patient_pseudonym}};
    if (visit.checked_in_unix_ms != 0) body["device"] = DeviceJson(visit.device);
  }
  return body;
}

// The desk's view (device check, acknowledgement) is for care staff only;
// the visit desk has already refused anyone else who is not the patient side.
bool IsStaff(const Actor& actor) { return Can(actor.role, Capability::kClinicDashboard); }

json EncounterJson(const care::EncounterView& encounter) {
  json participants = json::array();
  for (const auto& [role, name] : encounter.participants) {
    participants.push_back({{"role", role}, {"name", name}});
  }
  return {{"id", encounter.id},          {"class", "VR"},
          {"status", "finished"},        {"start", encounter.start},
          {"end", encounter.end},        {"department", encounter.department},
          {"participants", participants}};
}

// A string field that must be present: InvalidArgument (`code`) when empty.
StatusOr<std::string> RequiredText(const json& body, const std::string& name,
                                   size_t max_length, const std::string& code) {
  MC_ASSIGN_OR_RETURN(std::string text, api::StringField(body, name, max_length));
  if (text.empty()) {
    return InvalidArgument(code, fmt::format("give '{}' (1 to {} bytes)", name, max_length));
  }
  return text;
}

StatusOr<bool> BoolField(const json& body, const std::string& name) {
  auto found = body.find(name);
  if (found == body.end()) return false;
  if (!found->is_boolean()) {
    return InvalidArgument("invalid_field", fmt::format("'{}' must be true or false", name));
  }
  return found->get<bool>();
}

StatusOr<care::DeviceCheck> DeviceField(const json& body) {
  care::DeviceCheck device;
  auto found = body.find("device");
  if (found == body.end()) return device;
  if (!found->is_object()) {
    return InvalidArgument("invalid_device_check", "'device' must be an object");
  }
  MC_ASSIGN_OR_RETURN(device.camera, api::StringField(*found, "camera", 16));
  MC_ASSIGN_OR_RETURN(device.microphone, api::StringField(*found, "microphone", 16));
  MC_ASSIGN_OR_RETURN(device.speaker, api::StringField(*found, "speaker", 16));
  if (device.camera.empty()) device.camera = "skipped";
  if (device.microphone.empty()) device.microphone = "skipped";
  if (device.speaker.empty()) device.speaker = "not_confirmed";
  auto rtt = found->find("connection_rtt_ms");
  if (rtt != found->end()) {
    if (!rtt->is_number_integer()) {
      return InvalidArgument("invalid_device_check",
                             "'device.connection_rtt_ms' must be a whole number");
    }
    device.connection_rtt_ms = rtt->get<int64_t>();
  }
  MC_RETURN_IF_ERROR(care::ValidateDeviceCheck(device));
  return device;
}

// The common start of every visit handler: caller, desk and appointment id.
struct VisitCall {
  Caller caller;
  care::VisitDesk* desk = nullptr;
  int64_t id = 0;
};

StatusOr<VisitCall> StartVisitCall(ApiServices& services, const HttpRequest& request,
                                   const PathParams& params, Intent intent) {
  VisitCall call;
  MC_ASSIGN_OR_RETURN(call.caller, Authenticate(services, request, intent));
  MC_ASSIGN_OR_RETURN(call.desk, Desk(services));
  MC_ASSIGN_OR_RETURN(call.id, api::PathId(params.at("id"), "appointment_not_found"));
  return call;
}

HttpResponse VisitResponse(int status, const care::VisitView& visit, const Actor& actor) {
  return HttpResponse::Json(status, VisitJson(visit, IsStaff(actor)));
}

StatusOr<HttpResponse> CheckIn(ApiServices& services, const HttpRequest& request,
                               const PathParams& params) {
  MC_ASSIGN_OR_RETURN(VisitCall call, StartVisitCall(services, request, params, Intent::kChange));
  MC_ASSIGN_OR_RETURN(json body, api::JsonBody(request));
  MC_ASSIGN_OR_RETURN(bool consent, BoolField(body, "consent"));
  MC_ASSIGN_OR_RETURN(care::DeviceCheck device, DeviceField(body));
  care::MeetingChoices meeting;
  MC_ASSIGN_OR_RETURN(std::string place, api::StringField(body, "place", 16));
  MC_ASSIGN_OR_RETURN(meeting.place, care::ParseMeetingPlace(place.empty() ? "room" : place));
  MC_ASSIGN_OR_RETURN(meeting.avatars_only, BoolField(body, "avatars_only"));
  MC_ASSIGN_OR_RETURN(care::VisitView visit, call.desk->CheckIn(call.caller.actor, call.id,
                                                               device, consent, meeting));
  return VisitResponse(200, visit, call.caller.actor);
}

StatusOr<HttpResponse> GetVisit(ApiServices& services, const HttpRequest& request,
                                const PathParams& params) {
  MC_ASSIGN_OR_RETURN(VisitCall call, StartVisitCall(services, request, params, Intent::kRead));
  MC_ASSIGN_OR_RETURN(care::VisitView visit, call.desk->Get(call.caller.actor, call.id));
  return VisitResponse(200, visit, call.caller.actor);
}

StatusOr<HttpResponse> LeaveQueue(ApiServices& services, const HttpRequest& request,
                                  const PathParams& params) {
  MC_ASSIGN_OR_RETURN(VisitCall call, StartVisitCall(services, request, params, Intent::kChange));
  MC_ASSIGN_OR_RETURN(care::VisitView visit, call.desk->Leave(call.caller.actor, call.id));
  return VisitResponse(200, visit, call.caller.actor);
}

StatusOr<HttpResponse> PostMessage(ApiServices& services, const HttpRequest& request,
                                   const PathParams& params) {
  MC_ASSIGN_OR_RETURN(VisitCall call, StartVisitCall(services, request, params, Intent::kChange));
  MC_ASSIGN_OR_RETURN(json body, api::JsonBody(request));
  MC_ASSIGN_OR_RETURN(std::string text,
                      RequiredText(body, "text", care::kMaxMessageBytes, "invalid_message"));
  const UserRow& user = call.caller.session.user;
  const std::string name =
      user.role == "guest" ? "Guest" : (user.display_name.empty() ? user.login : user.display_name);
  MC_ASSIGN_OR_RETURN(care::VisitMessage message,
                      call.desk->PostMessage(call.caller.actor, call.id, name, text));
  return HttpResponse::Json(201, {{"message", MessageJson(message)}});
}

StatusOr<HttpResponse> ShowDashboard(ApiServices& services, const HttpRequest& request,
                                     const PathParams&) {
  MC_ASSIGN_OR_RETURN(Caller caller, Authenticate(services, request, Intent::kRead));
  MC_ASSIGN_OR_RETURN(care::VisitDesk * desk, Desk(services));
  MC_ASSIGN_OR_RETURN(care::Dashboard dashboard, desk->DashboardFor(caller.actor));
  json today = json::array();
  for (size_t index = 0; index < dashboard.today.size(); ++index) {
    json entry = AppointmentJson(dashboard.today[index]);
    entry["patient_name"] = dashboard.today_patient_names[index];
    today.push_back(entry);
  }
  json queue = json::array();
  for (const care::VisitView& visit : dashboard.queue) queue.push_back(VisitJson(visit, true));
  return HttpResponse::Json(
      200, {{"today", today}, {"queue", queue}, {"unacknowledged", dashboard.unacknowledged}});
}

StatusOr<HttpResponse> Acknowledge(ApiServices& services, const HttpRequest& request,
                                   const PathParams& params) {
  MC_ASSIGN_OR_RETURN(VisitCall call, StartVisitCall(services, request, params, Intent::kChange));
  MC_ASSIGN_OR_RETURN(care::VisitView visit, call.desk->Acknowledge(call.caller.actor, call.id));
  return VisitResponse(200, visit, call.caller.actor);
}

StatusOr<HttpResponse> Admit(ApiServices& services, const HttpRequest& request,
                             const PathParams& params) {
  MC_ASSIGN_OR_RETURN(VisitCall call, StartVisitCall(services, request, params, Intent::kChange));
  MC_ASSIGN_OR_RETURN(care::VisitView visit, call.desk->Admit(call.caller.actor, call.id));
  return VisitResponse(200, visit, call.caller.actor);
}

StatusOr<HttpResponse> Defer(ApiServices& services, const HttpRequest& request,
                             const PathParams& params) {
  MC_ASSIGN_OR_RETURN(VisitCall call, StartVisitCall(services, request, params, Intent::kChange));
  MC_ASSIGN_OR_RETURN(json body, api::JsonBody(request));
  int minutes = 10;
  if (auto found = body.find("minutes"); found != body.end()) {
    if (!found->is_number_integer()) {
      return InvalidArgument("invalid_minutes", "'minutes' must be a whole number");
    }
    const int64_t value = found->get<int64_t>();
    minutes = value < 0 || value > care::kMaxDeferMinutes ? -1 : static_cast<int>(value);
  }
  MC_ASSIGN_OR_RETURN(care::VisitView visit,
                      call.desk->Defer(call.caller.actor, call.id, minutes));
  return VisitResponse(200, visit, call.caller.actor);
}

StatusOr<HttpResponse> NoShow(ApiServices& services, const HttpRequest& request,
                              const PathParams& params) {
  MC_ASSIGN_OR_RETURN(VisitCall call, StartVisitCall(services, request, params, Intent::kChange));
  MC_ASSIGN_OR_RETURN(care::VisitView visit, call.desk->MarkNoShow(call.caller.actor, call.id));
  return VisitResponse(200, visit, call.caller.actor);
}

StatusOr<HttpResponse> Invite(ApiServices& services, const HttpRequest& request,
                              const PathParams& params) {
  MC_ASSIGN_OR_RETURN(VisitCall call, StartVisitCall(services, request, params, Intent::kChange));
  MC_ASSIGN_OR_RETURN(IssuedVisitLink link, call.desk->Invite(call.caller.actor, call.id));
  return HttpResponse::Json(201, {{"visit_link",
                                   {{"token", link.token},
                                    {"url", "/visit/" + link.token},
                                    {"purpose", link.purpose},
                                    {"expires", FormatIsoUtc(link.expires_unix_ms)}}}});
}

StatusOr<HttpResponse> EndVisit(ApiServices& services, const HttpRequest& request,
                                const PathParams& params) {
  MC_ASSIGN_OR_RETURN(VisitCall call, StartVisitCall(services, request, params, Intent::kChange));
  MC_ASSIGN_OR_RETURN(json body, api::JsonBody(request));
  care::EndOfVisit end;
  MC_ASSIGN_OR_RETURN(end.note, RequiredText(body, "note", care::kMaxNoteBytes, "invalid_note"));
  MC_ASSIGN_OR_RETURN(end.summary, api::StringField(body, "summary", care::kMaxSummaryBytes));
  MC_ASSIGN_OR_RETURN(end.share_summary, BoolField(body, "share_summary"));
  MC_ASSIGN_OR_RETURN(care::EndedVisit ended, call.desk->End(call.caller.actor, call.id, end));
  return HttpResponse::Json(200, {{"visit", VisitJson(ended.visit, true)},
                                  {"encounter", EncounterJson(ended.encounter)},
                                  {"note", ended.note_id}});
}

StatusOr<HttpResponse> ShowSummary(ApiServices& services, const HttpRequest& request,
                                   const PathParams& params) {
  MC_ASSIGN_OR_RETURN(VisitCall call, StartVisitCall(services, request, params, Intent::kRead));
  MC_ASSIGN_OR_RETURN(care::VisitSummary summary,
                      call.desk->Summary(call.caller.actor, call.id));
  const care::VisitView& visit = summary.visit;
  json body = {{"appointment", visit.appointment.id},
               {"department", visit.appointment.department},
               {"department_name", visit.department_name},
               {"clinician", ClinicianJson(visit.appointment.clinician_user_id,
                                           visit.clinician_name)},
               {"start", FormatIsoUtc(visit.appointment.start_unix_ms)},
               {"end", FormatIsoUtc(visit.appointment.end_unix_ms)},
               {"encounter", EncounterJson(summary.encounter)}};
  if (summary.summary) body["summary"] = *summary.summary;
  return HttpResponse::Json(200, body);
}

std::string TurnPassword(const std::string& secret, const std::string& username) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha1(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(username.data()), username.size(), digest,
       &length);
  std::string encoded(4 * ((length + 2) / 3) + 1, '\0');
  const int written =
      EVP_EncodeBlock(reinterpret_cast<unsigned char*>(encoded.data()), digest,
                      static_cast<int>(length));
  encoded.resize(static_cast<size_t>(written));
  return encoded;
}

StatusOr<HttpResponse> ShowRtcConfig(ApiServices& services, const HttpRequest& request,
                                     const PathParams&) {
  MC_ASSIGN_OR_RETURN(Caller caller, Authenticate(services, request, Intent::kRead));
  json servers = json::array();
  if (services.settings == nullptr) return HttpResponse::Json(200, {{"ice_servers", servers}});
  // A snapshot: a change in the admin console applies from the next request.
  const std::shared_ptr<const DeploymentValues> values = services.settings->Current();
  const RtcSettings& rtc = values->rtc;
  if (!rtc.stun_urls.empty()) servers.push_back({{"urls", rtc.stun_urls}});
  if (!rtc.turn_urls.empty() && !rtc.turn_secret.empty()) {
    const int64_t expires = SystemClock().NowUnixMs() / 1000 + rtc.turn_credential_seconds;
    const std::string user = caller.actor.user_id != 0
                                 ? std::to_string(caller.actor.user_id)
                                 : std::string("guest");
    const std::string username = fmt::format("{}:{}", expires, user);
    servers.push_back({{"urls", rtc.turn_urls},
                       {"username", username},
                       {"credential", TurnPassword(rtc.turn_secret, username)}});
  }
  return HttpResponse::Json(200, {{"ice_servers", servers}});
}

}  // namespace

void AddVisitRoutes(Router& router, ApiServices& services) {
  const std::string visit = "/api/appointments/{id}";
  router.Add("POST", visit + "/check-in", api::Route(services, CheckIn));
  router.Add("GET", visit + "/visit", api::Route(services, GetVisit));
  router.Add("POST", visit + "/leave", api::Route(services, LeaveQueue));
  router.Add("POST", visit + "/messages", api::Route(services, PostMessage));
  router.Add("POST", visit + "/acknowledge", api::Route(services, Acknowledge));
  router.Add("POST", visit + "/admit", api::Route(services, Admit));
  router.Add("POST", visit + "/defer", api::Route(services, Defer));
  router.Add("POST", visit + "/no-show", api::Route(services, NoShow));
  router.Add("POST", visit + "/invite", api::Route(services, Invite));
  router.Add("POST", visit + "/end", api::Route(services, EndVisit));
  router.Add("GET", visit + "/summary", api::Route(services, ShowSummary));
  router.Add("GET", "/api/clinic/dashboard", api::Route(services, ShowDashboard));
  router.Add("GET", "/api/rtc-config", api::Route(services, ShowRtcConfig));
}

}  // namespace mc
