#include "core/roles.h"

#include <algorithm>
#include <array>
#include <utility>

namespace mc {
namespace {

using C = Capability;

struct RoleEntry {
  Role role;
  std::string_view name;
  std::vector<Capability> capabilities;
};

// The one table. Care staff differ only in what the care policy gives them
// through their departments.
const std::vector<RoleEntry>& RoleTable() {
  static const std::vector<RoleEntry> table = {
      {Role::kPatient, "patient", {C::kOwnRecord, C::kSimulate}},
      {Role::kClinician, "clinician",
       {C::kCareRecords, C::kBreakGlass, C::kBookForPatient, C::kClinicDashboard,
        C::kIssueVisitLinks, C::kStaffSpaces, C::kSimulate, C::kHostGroups,
        C::kTeachSkills}},
      {Role::kNurse, "nurse",
       {C::kCareRecords, C::kBreakGlass, C::kBookForPatient, C::kClinicDashboard,
        C::kIssueVisitLinks, C::kStaffSpaces, C::kSimulate, C::kHostGroups,
        C::kTeachSkills}},
      {Role::kTherapist, "therapist",
       {C::kCareRecords, C::kBreakGlass, C::kBookForPatient, C::kClinicDashboard,
        C::kIssueVisitLinks, C::kStaffSpaces, C::kSimulate, C::kHostGroups,
        C::kTeachSkills}},
      {Role::kStudent, "student", {C::kSimulate}},
      {Role::kResearcher, "researcher", {C::kResearchExport, C::kSimulate, C::kRunTrials}},
      {Role::kAdmin, "admin",
       {C::kManageUsers, C::kAuditReview, C::kEraseRecords, C::kStaffSpaces,
        C::kIssueVisitLinks, C::kOperate}},
      {Role::kGuest, "guest", {}},
      {Role::kSystem, "system", {}},
  };
  return table;
}

constexpr std::array<std::pair<Capability, std::string_view>, 16> kCapabilityNames = {{
    {C::kOwnRecord, "own_record"},
    {C::kCareRecords, "care_records"},
    {C::kBreakGlass, "break_glass"},
    {C::kBookForPatient, "book_for_patient"},
    {C::kClinicDashboard, "clinic_dashboard"},
    {C::kIssueVisitLinks, "issue_visit_links"},
    {C::kStaffSpaces, "staff_spaces"},
    {C::kResearchExport, "research_export"},
    {C::kManageUsers, "manage_users"},
    {C::kAuditReview, "audit_review"},
    {C::kEraseRecords, "erase_records"},
    {C::kSimulate, "simulate"},
    {C::kHostGroups, "host_groups"},
    {C::kRunTrials, "run_trials"},
    {C::kOperate, "operate"},
    {C::kTeachSkills, "teach_skills"},
}};

const RoleEntry* FindRole(std::string_view name) {
  for (const RoleEntry& entry : RoleTable()) {
    if (entry.name == name) return &entry;
  }
  return nullptr;
}

}  // namespace

const std::vector<std::string>& AccountRoles() {
  static const std::vector<std::string> roles = {
      "patient", "clinician", "nurse", "therapist", "student", "researcher", "admin"};
  return roles;
}

bool IsAccountRole(std::string_view role) {
  const auto& roles = AccountRoles();
  return std::find(roles.begin(), roles.end(), role) != roles.end();
}

std::optional<Role> ParseRole(std::string_view name) {
  const RoleEntry* entry = FindRole(name);
  if (entry == nullptr) return std::nullopt;
  return entry->role;
}

std::string_view RoleName(Role role) {
  for (const RoleEntry& entry : RoleTable()) {
    if (entry.role == role) return entry.name;
  }
  return "";
}

bool Can(std::string_view role, Capability capability) {
  const RoleEntry* entry = FindRole(role);
  return entry != nullptr &&
         std::find(entry->capabilities.begin(), entry->capabilities.end(), capability) !=
             entry->capabilities.end();
}

std::string_view CapabilityName(Capability capability) {
  for (const auto& [value, name] : kCapabilityNames) {
    if (value == capability) return name;
  }
  return "";
}

std::vector<std::string> CapabilityNames(std::string_view role) {
  std::vector<std::string> names;
  for (const auto& [capability, name] : kCapabilityNames) {
    if (Can(role, capability)) names.emplace_back(name);
  }
  return names;
}

}  // namespace mc
