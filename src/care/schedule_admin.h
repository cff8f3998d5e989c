// ScheduleAdmin: the administrators' side of scheduling (the admin
// console's Departments and availability): each department's name and time
// zone, clinicians' weekly hours in it, and clinicians' days off.
//
// Every method needs the `operate` capability (core/roles.h): others get
// PermissionDenied ("access_denied"), audited. Every change is audited
// ("schedule.department", "schedule.hours.add", "schedule.hours.remove",
// "schedule.day_off.add", "schedule.day_off.remove"; resource
// "Department/<slug>" or "User/<id>"). Booked appointments are never moved
// or cancelled by a change here: the slots they hold stay theirs.
//
// Threading: thread-safe (no state of its own); methods block on the store.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/status.h"
#include "records/actor.h"
#include "records/audit_log.h"
#include "store/scheduling_store.h"
#include "store/user_store.h"

namespace mc::care {

struct ScheduleOverview {
  std::vector<DepartmentRow> departments;
  std::vector<AvailabilityRow> rules;  // by department, clinician, weekday, start
  std::vector<DayOffRow> days_off;     // from yesterday on
  std::vector<UserRow> clinicians;     // enabled accounts of care roles
};

class ScheduleAdmin {
 public:
  ScheduleAdmin(SchedulingStore& store, UserStore& users, AuditLog& audit, const Clock& clock)
      : store_(store), users_(users), audit_(audit), clock_(clock) {}

  StatusOr<ScheduleOverview> Overview(const Actor& actor);

  // Renames and/or moves a department to another time zone (empty fields
  // stay). NotFound ("department_not_found"); InvalidArgument
  // ("invalid_time_zone", "invalid_name": 1-100 bytes).
  Status UpdateDepartment(const Actor& actor, const std::string& slug, const std::string& name,
                          const std::string& time_zone);

  // InvalidArgument ("invalid_availability"; "not_a_clinician" for an
  // account that is not an enabled care role); AlreadyExists
  // ("availability_exists").
  Status AddHours(const Actor& actor, const AvailabilityRow& rule);
  // NotFound ("availability_not_found").
  Status RemoveHours(const Actor& actor, const AvailabilityRow& rule);

  // InvalidArgument ("invalid_date", "not_a_clinician", "invalid_reason":
  // at most 100 bytes); AlreadyExists ("day_off_exists").
  Status AddDayOff(const Actor& actor, const DayOffRow& day_off);
  // NotFound ("day_off_not_found").
  Status RemoveDayOff(const Actor& actor, int64_t clinician_user_id, const std::string& day);

 private:
  Status Require(const Actor& actor, const std::string& action);
  Status RequireClinician(int64_t user_id);
  Status Audit(const Actor& actor, const std::string& action, const std::string& resource);

  SchedulingStore& store_;
  UserStore& users_;
  AuditLog& audit_;
  const Clock& clock_;
};

}  // namespace mc::care
