#include "net/api_schedules.h"

#include <fmt/format.h>

#include "care/schedule_admin.h"
#include "net/api_context.h"

namespace mc {

using api::Authenticate;
using api::Caller;
using api::Intent;
using nlohmann::json;

namespace {

// Suggested clinic time zones for the console's list (any IANA name works).
const std::vector<std::string>& SuggestedZones() {
  static const std::vector<std::string> zones = {
      "UTC",           "Europe/London",    "Europe/Lisbon",      "Europe/Berlin",
      "Europe/Paris",  "Europe/Madrid",    "Europe/Rome",        "Europe/Athens",
      "Europe/Helsinki", "Africa/Lagos",   "Africa/Nairobi",     "Asia/Kolkata",
      "Asia/Singapore", "Asia/Tokyo",      "Australia/Sydney",   "America/Sao_Paulo",
      "America/New_York", "America/Chicago", "America/Denver",   "America/Los_Angeles"};
  return zones;
}

// "HH:MM" (00:00 to 24:00) -> minutes; InvalidArgument "invalid_availability".
StatusOr<int> MinuteOf(const std::string& text) {
  const Status invalid = InvalidArgument("invalid_availability", "times are HH:MM, 00:00 to 24:00");
  if (text.size() != 5 || text[2] != ':') return invalid;
  for (size_t i : {0, 1, 3, 4}) {
    if (text[i] < '0' || text[i] > '9') return invalid;
  }
  const int hours = (text[0] - '0') * 10 + (text[1] - '0');
  const int minutes = (text[3] - '0') * 10 + (text[4] - '0');
  if (minutes > 59 || hours > 24 || (hours == 24 && minutes > 0)) return invalid;
  return hours * 60 + minutes;
}

StatusOr<int64_t> WholeField(const json& body, const char* name, int64_t low, int64_t high) {
  if (!body.contains(name) || !body[name].is_number_integer() || body[name].get<int64_t>() < low ||
      body[name].get<int64_t>() > high) {
    return InvalidArgument("invalid_availability",
                           fmt::format("'{}' must be a whole number from {} to {}", name, low, high));
  }
  return body[name].get<int64_t>();
}

StatusOr<care::ScheduleAdmin*> Admin(ApiServices& services) {
  if (services.schedule_admin == nullptr) {
    return Unavailable("schedules_unavailable", "scheduling is not available here");
  }
  return services.schedule_admin;
}

std::string NameOf(const std::vector<UserRow>& users, int64_t id) {
  for (const UserRow& user : users) {
    if (user.id == id) return user.display_name;
  }
  return fmt::format("account {}", id);
}

StatusOr<HttpResponse> Overview(ApiServices& services, const HttpRequest& request,
                                const PathParams&) {
  MC_ASSIGN_OR_RETURN(Caller caller, Authenticate(services, request, Intent::kRead));
  MC_ASSIGN_OR_RETURN(care::ScheduleAdmin * admin, Admin(services));
  MC_ASSIGN_OR_RETURN(care::ScheduleOverview overview, admin->Overview(caller.actor));
  json departments = json::array();
  for (const DepartmentRow& department : overview.departments) {
    json rules = json::array();
    for (const AvailabilityRow& rule : overview.rules) {
      if (rule.department != department.slug) continue;
      rules.push_back({{"clinician_user_id", rule.clinician_user_id},
                       {"clinician_name", NameOf(overview.clinicians, rule.clinician_user_id)},
                       {"weekday", rule.weekday},
                       {"start", api::ClockTime(rule.start_minute)},
                       {"end", api::ClockTime(rule.end_minute)},
                       {"slot_minutes", rule.slot_minutes}});
    }
    departments.push_back({{"slug", department.slug},
                           {"name", department.name},
                           {"time_zone", department.time_zone},
                           {"rules", rules}});
  }
  json days_off = json::array();
  for (const DayOffRow& day_off : overview.days_off) {
    days_off.push_back({{"clinician_user_id", day_off.clinician_user_id},
                        {"clinician_name", NameOf(overview.clinicians, day_off.clinician_user_id)},
                        {"day", day_off.day},
                        {"reason", day_off.reason}});
  }
  json clinicians = json::array();
  for (const UserRow& user : overview.clinicians) {
    clinicians.push_back({{"id", user.id}, {"name", user.display_name}, {"role", user.role}});
  }
  return HttpResponse::Json(200, {{"departments", departments},
                                  {"days_off", days_off},
                                  {"clinicians", clinicians},
                                  {"time_zones", SuggestedZones()}});
}

StatusOr<HttpResponse> UpdateDepartment(ApiServices& services, const HttpRequest& request,
                                        const PathParams& params) {
  MC_ASSIGN_OR_RETURN(Caller caller, Authenticate(services, request, Intent::kChange));
  MC_ASSIGN_OR_RETURN(care::ScheduleAdmin * admin, Admin(services));
  MC_ASSIGN_OR_RETURN(json body, api::JsonBody(request));
  MC_RETURN_IF_ERROR(api::CheckKeys(body, {"name", "time_zone"}, ""));
  MC_ASSIGN_OR_RETURN(std::string name, api::StringField(body, "name", 100));
  MC_ASSIGN_OR_RETURN(std::string zone, api::StringField(body, "time_zone", 64));
  MC_RETURN_IF_ERROR(admin->UpdateDepartment(caller.actor, params.at("slug"), name, zone));
  return HttpResponse::NoContent();
}

StatusOr<HttpResponse> AddHours(ApiServices& services, const HttpRequest& request,
                                const PathParams&) {
  MC_ASSIGN_OR_RETURN(Caller caller, Authenticate(services, request, Intent::kChange));
  MC_ASSIGN_OR_RETURN(care::ScheduleAdmin * admin, Admin(services));
  MC_ASSIGN_OR_RETURN(json body, api::JsonBody(request));
  MC_RETURN_IF_ERROR(api::CheckKeys(
      body, {"department", "clinician_user_id", "weekday", "start", "end", "slot_minutes"}, ""));
  AvailabilityRow rule;
  MC_ASSIGN_OR_RETURN(rule.department, api::StringField(body, "department", 64));
  MC_ASSIGN_OR_RETURN(rule.clinician_user_id,
                      WholeField(body, "clinician_user_id", 1, int64_t{1} << 53));
  MC_ASSIGN_OR_RETURN(const int64_t weekday, WholeField(body, "weekday", 1, 7));
  MC_ASSIGN_OR_RETURN(const int64_t slot, WholeField(body, "slot_minutes", 5, 240));
  MC_ASSIGN_OR_RETURN(std::string start, api::StringField(body, "start", 5));
  MC_ASSIGN_OR_RETURN(std::string end, api::StringField(body, "end", 5));
  MC_ASSIGN_OR_RETURN(rule.start_minute, MinuteOf(start));
  MC_ASSIGN_OR_RETURN(rule.end_minute, MinuteOf(end));
  rule.weekday = static_cast<int>(weekday);
  rule.slot_minutes = static_cast<int>(slot);
  MC_RETURN_IF_ERROR(admin->AddHours(caller.actor, rule));
  return HttpResponse::Json(201, {{"department", rule.department},
                                  {"clinician_user_id", rule.clinician_user_id},
                                  {"weekday", rule.weekday},
                                  {"start", api::ClockTime(rule.start_minute)},
                                  {"end", api::ClockTime(rule.end_minute)},
                                  {"slot_minutes", rule.slot_minutes}});
}

StatusOr<HttpResponse> RemoveHours(ApiServices& services, const HttpRequest& request,
                                   const PathParams& params) {
  MC_ASSIGN_OR_RETURN(Caller caller, Authenticate(services, request, Intent::kChange));
  MC_ASSIGN_OR_RETURN(care::ScheduleAdmin * admin, Admin(services));
  AvailabilityRow rule;
  rule.department = params.at("department");
  MC_ASSIGN_OR_RETURN(rule.clinician_user_id,
                      api::PathId(params.at("clinician"), "availability_not_found"));
  MC_ASSIGN_OR_RETURN(const int64_t weekday,
                      api::PathId(params.at("weekday"), "availability_not_found"));
  const std::string start = params.at("start");
  auto minute = MinuteOf(start.size() == 4 ? start.substr(0, 2) + ":" + start.substr(2) : "");
  if (!minute.ok() || weekday > 7) {
    return NotFound("availability_not_found", "no such weekly hours");
  }
  rule.weekday = static_cast<int>(weekday);
  rule.start_minute = *minute;
  MC_RETURN_IF_ERROR(admin->RemoveHours(caller.actor, rule));
  return HttpResponse::NoContent();
}

StatusOr<HttpResponse> AddDayOff(ApiServices& services, const HttpRequest& request,
                                 const PathParams&) {
  MC_ASSIGN_OR_RETURN(Caller caller, Authenticate(services, request, Intent::kChange));
  MC_ASSIGN_OR_RETURN(care::ScheduleAdmin * admin, Admin(services));
  MC_ASSIGN_OR_RETURN(json body, api::JsonBody(request));
  MC_RETURN_IF_ERROR(api::CheckKeys(body, {"clinician_user_id", "day", "reason"}, ""));
  DayOffRow day_off;
  MC_ASSIGN_OR_RETURN(day_off.clinician_user_id,
                      WholeField(body, "clinician_user_id", 1, int64_t{1} << 53));
  MC_ASSIGN_OR_RETURN(day_off.day, api::StringField(body, "day", 10));
  MC_ASSIGN_OR_RETURN(day_off.reason, api::StringField(body, "reason", 100));
  MC_RETURN_IF_ERROR(admin->AddDayOff(caller.actor, day_off));
  return HttpResponse::Json(201, {{"clinician_user_id", day_off.clinician_user_id},
                                  {"day", day_off.day},
                                  {"reason", day_off.reason}});
}

StatusOr<HttpResponse> RemoveDayOff(ApiServices& services, const HttpRequest& request,
                                    const PathParams& params) {
  MC_ASSIGN_OR_RETURN(Caller caller, Authenticate(services, request, Intent::kChange));
  MC_ASSIGN_OR_RETURN(care::ScheduleAdmin * admin, Admin(services));
  MC_ASSIGN_OR_RETURN(int64_t clinician, api::PathId(params.at("clinician"), "day_off_not_found"));
  MC_RETURN_IF_ERROR(admin->RemoveDayOff(caller.actor, clinician, params.at("day")));
  return HttpResponse::NoContent();
}

}  // namespace

void AddScheduleRoutes(Router& router, ApiServices& services) {
  router.Add("GET", "/api/admin/schedules", api::Route(services, Overview));
  router.Add("PATCH", "/api/admin/departments/{slug}", api::Route(services, UpdateDepartment));
  router.Add("POST", "/api/admin/availability", api::Route(services, AddHours));
  router.Add("DELETE", "/api/admin/availability/{department}/{clinician}/{weekday}/{start}",
             api::Route(services, RemoveHours));
  router.Add("POST", "/api/admin/days-off", api::Route(services, AddDayOff));
  router.Add("DELETE", "/api/admin/days-off/{clinician}/{day}", api::Route(services, RemoveDayOff));
}

}  // namespace mc
