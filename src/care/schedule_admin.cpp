#include "care/schedule_admin.h"

#include <fmt/format.h>

#include "care/slot_calendar.h"
#include "core/roles.h"

namespace mc::care {

Status ScheduleAdmin::Require(const Actor& actor, const std::string& action) {
  if (Can(actor.role, Capability::kOperate)) return Status();
  MC_RETURN_IF_ERROR(audit_.Record(actor, {action, "", "", AuditOutcome::kDenied}));
  return PermissionDenied("access_denied", "only an administrator may change schedules");
}

Status ScheduleAdmin::RequireClinician(int64_t user_id) {
  auto user = users_.FindUserById(user_id);
  if (!user.ok() || user->disabled || !IsCareRole(user->role)) {
    return InvalidArgument("not_a_clinician", "choose an active clinician, nurse or therapist");
  }
  return Status();
}

Status ScheduleAdmin::Audit(const Actor& actor, const std::string& action,
                            const std::string& resource) {
  return audit_.Record(actor, {action, resource, "", AuditOutcome::kSuccess});
}

StatusOr<ScheduleOverview> ScheduleAdmin::Overview(const Actor& actor) {
  MC_RETURN_IF_ERROR(Require(actor, "schedule.read"));
  ScheduleOverview overview;
  MC_ASSIGN_OR_RETURN(overview.departments, store_.ListDepartments());
  MC_ASSIGN_OR_RETURN(overview.rules, store_.ListAvailability(""));
  MC_ASSIGN_OR_RETURN(overview.days_off,
                      store_.ListDaysOff(FormatIsoDate(clock_.NowUnixMs() - kMillisecondsPerDay)));
  MC_ASSIGN_OR_RETURN(std::vector<UserRow> users, users_.ListUsers());
  for (UserRow& user : users) {
    if (!user.disabled && IsCareRole(user.role)) overview.clinicians.push_back(std::move(user));
  }
  return overview;
}

Status ScheduleAdmin::UpdateDepartment(const Actor& actor, const std::string& slug,
                                       const std::string& name, const std::string& time_zone) {
  MC_RETURN_IF_ERROR(Require(actor, "schedule.department"));
  MC_ASSIGN_OR_RETURN(std::vector<DepartmentRow> departments, store_.ListDepartments());
  auto found = std::find_if(departments.begin(), departments.end(),
                            [&](const DepartmentRow& row) { return row.slug == slug; });
  if (found == departments.end()) return NotFound("department_not_found", "no such department");
  DepartmentRow row = *found;
  if (!name.empty()) {
    if (name.size() > 100) return InvalidArgument("invalid_name", "a name is 1 to 100 bytes");
    row.name = name;
  }
  if (!time_zone.empty()) {
    MC_RETURN_IF_ERROR(LoadTimeZone(time_zone).status());
    row.time_zone = time_zone;
  }
  MC_RETURN_IF_ERROR(store_.UpsertDepartment(row));
  return Audit(actor, "schedule.department", "Department/" + slug);
}

Status ScheduleAdmin::AddHours(const Actor& actor, const AvailabilityRow& rule) {
  MC_RETURN_IF_ERROR(Require(actor, "schedule.hours.add"));
  MC_RETURN_IF_ERROR(RequireClinician(rule.clinician_user_id));
  MC_RETURN_IF_ERROR(store_.AddAvailability(rule));
  return Audit(actor, "schedule.hours.add", "Department/" + rule.department);
}

Status ScheduleAdmin::RemoveHours(const Actor& actor, const AvailabilityRow& rule) {
  MC_RETURN_IF_ERROR(Require(actor, "schedule.hours.remove"));
  MC_RETURN_IF_ERROR(store_.RemoveAvailability(rule));
  return Audit(actor, "schedule.hours.remove", "Department/" + rule.department);
}

Status ScheduleAdmin::AddDayOff(const Actor& actor, const DayOffRow& day_off) {
  MC_RETURN_IF_ERROR(Require(actor, "schedule.day_off.add"));
  MC_RETURN_IF_ERROR(ParseIsoDate(day_off.day).status());
  if (day_off.reason.size() > 100) {
    return InvalidArgument("invalid_reason", "a reason is at most 100 bytes");
  }
  MC_RETURN_IF_ERROR(RequireClinician(day_off.clinician_user_id));
  MC_RETURN_IF_ERROR(store_.AddDayOff(day_off));
  return Audit(actor, "schedule.day_off.add", fmt::format("User/{}", day_off.clinician_user_id));
}

Status ScheduleAdmin::RemoveDayOff(const Actor& actor, int64_t clinician_user_id,
                                   const std::string& day) {
  MC_RETURN_IF_ERROR(Require(actor, "schedule.day_off.remove"));
  MC_RETURN_IF_ERROR(store_.RemoveDayOff(clinician_user_id, day));
  return Audit(actor, "schedule.day_off.remove", fmt::format("User/{}", clinician_user_id));
}

}  // namespace mc::care
