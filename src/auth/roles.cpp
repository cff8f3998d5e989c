#include "auth/roles.h"

#include <algorithm>

namespace mc {

const std::vector<std::string>& AccountRoles() {
  static const std::vector<std::string> roles = {
      "patient", "clinician", "nurse", "therapist",
      "student", "researcher", "admin"};
  return roles;
}

bool IsAccountRole(std::string_view role) {
  const auto& roles = AccountRoles();
  return std::find(roles.begin(), roles.end(), role) != roles.end();
}

bool IsCareRole(std::string_view role) {
  return role == "clinician" || role == "nurse" || role == "therapist";
}

bool IsStaffRole(std::string_view role) { return IsCareRole(role) || role == "admin"; }

}  // namespace mc
