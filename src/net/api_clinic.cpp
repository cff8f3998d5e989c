#include "net/api_clinic.h"

#include <fmt/format.h>

#include "care/scheduling.h"
#include "care/slot_calendar.h"
#include "net/api_context.h"

namespace mc {

using api::Authenticate;
using api::Caller;
using api::Intent;
using nlohmann::json;

namespace {

constexpr int64_t kDefaultSlotRangeDays = 7;

}  // namespace

json ClinicianJson(int64_t user_id, const std::string& name) {
  return {{"id", user_id}, {"name", name}};
}

json AppointmentJson(const care::Appointment& appointment) {
  const AppointmentRow& row = appointment.index;
  json body = {{"id", row.id},
               {"slot", row.slot},
               {"department", row.department},
               {"clinician", ClinicianJson(row.clinician_user_id,
                                           appointment.clinician_name)},
               {"patient", row.patient_pseudonym},
               {"start", FormatIsoUtc(row.start_unix_ms)},
               {"end", FormatIsoUtc(row.end_unix_ms)},
               {"status", row.status},
               {"record", row.record_id},
               {"created", FormatIsoUtc(row.created_unix_ms)}};
  if (!appointment.reason.empty()) body["reason"] = appointment.reason;
  return body;
}

namespace {

StatusOr<care::Scheduling*> Clinic(ApiServices& services) {
  if (services.scheduling == nullptr) {
    return Unavailable("clinic_unavailable", "scheduling is not enabled");
  }
  return services.scheduling;
}

StatusOr<HttpResponse> ListDepartments(ApiServices& services,
                                       const HttpRequest& request, const PathParams&) {
  MC_RETURN_IF_ERROR(Authenticate(services, request, Intent::kRead).status());
  json list = json::array();
  if (services.scheduling == nullptr) {
    MC_ASSIGN_OR_RETURN(std::vector<DepartmentRow> departments,
                        services.directory.ListDepartments());
    for (const DepartmentRow& department : departments) {
      list.push_back({{"id", department.slug},
                      {"name", department.name},
                      {"clinicians", json::array()}});
    }
    return HttpResponse::Json(200, {{"departments", list}});
  }
  MC_ASSIGN_OR_RETURN(std::vector<care::Department> departments,
                      services.scheduling->ListDepartments());
  for (const care::Department& department : departments) {
    json clinicians = json::array();
    for (const care::Clinician& clinician : department.clinicians) {
      json availability = json::array();
      for (const AvailabilityRow& rule : clinician.availability) {
        availability.push_back({{"weekday", rule.weekday},
                                {"start", api::ClockTime(rule.start_minute)},
                                {"end", api::ClockTime(rule.end_minute)},
                                {"slot_minutes", rule.slot_minutes}});
      }
      json entry = ClinicianJson(clinician.user_id, clinician.name);
      entry["availability"] = availability;
      clinicians.push_back(entry);
    }
    list.push_back({{"id", department.department.slug},
                    {"name", department.department.name},
                    {"time_zone", department.department.time_zone},
                    {"clinicians", clinicians}});
  }
  return HttpResponse::Json(200, {{"departments", list}});
}

StatusOr<HttpResponse> ListSlots(ApiServices& services,
                                 const HttpRequest& request,
                                 const PathParams& params) {
  MC_RETURN_IF_ERROR(Authenticate(services, request, Intent::kRead).status());
  MC_ASSIGN_OR_RETURN(care::Scheduling * scheduling, Clinic(services));
  const std::string from_text = request.QueryParam("from");
  const std::string to_text = request.QueryParam("to");
  // Days are UTC; `to` is the last day included.
  int64_t from_unix_ms = 0;
  if (from_text.empty()) {
    from_unix_ms = scheduling->TodayUnixMs();
  } else {
    MC_ASSIGN_OR_RETURN(from_unix_ms, care::ParseIsoDate(from_text));
  }
  int64_t to_unix_ms =
      from_unix_ms + kDefaultSlotRangeDays * care::kMillisecondsPerDay;
  if (!to_text.empty()) {
    MC_ASSIGN_OR_RETURN(to_unix_ms, care::ParseIsoDate(to_text));
    to_unix_ms += care::kMillisecondsPerDay;
  }
  MC_ASSIGN_OR_RETURN(
      std::vector<care::OpenSlot> slots,
      scheduling->OpenSlots(params.at("id"), from_unix_ms, to_unix_ms));
  json list = json::array();
  for (const care::OpenSlot& slot : slots) {
    list.push_back({{"id", slot.id},
                    {"department", slot.department},
                    {"clinician", ClinicianJson(slot.clinician_user_id,
                                                slot.clinician_name)},
                    {"start", FormatIsoUtc(slot.start_unix_ms)},
                    {"end", FormatIsoUtc(slot.end_unix_ms)}});
  }
  return HttpResponse::Json(200, {{"department", params.at("id")},
                                  {"from", care::FormatIsoDate(from_unix_ms)},
                                  {"to", care::FormatIsoDate(to_unix_ms - 1)},
                                  {"slots", list}});
}

StatusOr<HttpResponse> BookAppointment(ApiServices& services,
                                       const HttpRequest& request, const PathParams&) {
  MC_ASSIGN_OR_RETURN(Caller caller,
                      Authenticate(services, request, Intent::kChange));
  MC_ASSIGN_OR_RETURN(care::Scheduling * scheduling, Clinic(services));
  MC_ASSIGN_OR_RETURN(json body, api::JsonBody(request));
  care::BookingRequest booking_request;
  MC_ASSIGN_OR_RETURN(booking_request.slot,
                      api::StringField(body, "slot", 128));
  if (booking_request.slot.empty()) {
    return InvalidArgument("invalid_slot", "give the 'slot' to book");
  }
  MC_ASSIGN_OR_RETURN(booking_request.patient,
                      api::StringField(body, "patient", 128));
  MC_ASSIGN_OR_RETURN(booking_request.reason,
                      api::StringField(body, "reason", care::kMaxReasonBytes));
  if (body.contains("visit_link")) {
    if (!body["visit_link"].is_boolean()) {
      return InvalidArgument("invalid_field",
                             "'visit_link' must be true or false");
    }
    booking_request.issue_visit_link = body["visit_link"].get<bool>();
  }
  MC_ASSIGN_OR_RETURN(care::Booking booking,
                      scheduling->Book(caller.actor, booking_request));
  json answer = AppointmentJson(booking.appointment);
  if (booking.visit_link) {
    answer["visit_link"] = {
        {"token", booking.visit_link->token},
        {"url", "/visit/" + booking.visit_link->token},
        {"purpose", booking.visit_link->purpose},
        {"expires", FormatIsoUtc(booking.visit_link->expires_unix_ms)}};
  }
  HttpResponse response = HttpResponse::Json(201, answer);
  response.headers.emplace_back(
      "Location",
      fmt::format("/api/appointments/{}", booking.appointment.index.id));
  return response;
}

StatusOr<HttpResponse> ListAppointments(ApiServices& services,
                                        const HttpRequest& request, const PathParams&) {
  MC_ASSIGN_OR_RETURN(Caller caller,
                      Authenticate(services, request, Intent::kRead));
  MC_ASSIGN_OR_RETURN(care::Scheduling * scheduling, Clinic(services));
  MC_ASSIGN_OR_RETURN(std::vector<care::Appointment> appointments,
                      scheduling->ListMine(caller.actor));
  json list = json::array();
  for (const care::Appointment& appointment : appointments) {
    list.push_back(AppointmentJson(appointment));
  }
  return HttpResponse::Json(200, {{"appointments", list}});
}

StatusOr<HttpResponse> CancelAppointment(ApiServices& services,
                                         const HttpRequest& request,
                                         const PathParams& params) {
  MC_ASSIGN_OR_RETURN(Caller caller,
                      Authenticate(services, request, Intent::kChange));
  MC_ASSIGN_OR_RETURN(care::Scheduling * scheduling, Clinic(services));
  MC_ASSIGN_OR_RETURN(int64_t id, api::PathId(params.at("id"), "appointment_not_found"));
  MC_ASSIGN_OR_RETURN(care::Appointment appointment, scheduling->Cancel(caller.actor, id));
  return HttpResponse::Json(200, AppointmentJson(appointment));
}

}  // namespace

void AddClinicRoutes(Router& router, ApiServices& services) {
  router.Add("GET", "/api/departments", api::Route(services, ListDepartments));
  router.Add("GET", "/api/departments/{id}/slots", api::Route(services, ListSlots));
  router.Add("GET", "/api/appointments", api::Route(services, ListAppointments));
  router.Add("POST", "/api/appointments", api::Route(services, BookAppointment));
  router.Add("DELETE", "/api/appointments/{id}", api::Route(services, CancelAppointment));
}

}  // namespace mc
