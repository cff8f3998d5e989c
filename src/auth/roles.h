// The roles a MetaClinic account can hold, and what each may do broadly.
//
// Fine-grained rules (which patient, which department) live with the module
// that owns the data; these predicates are the coarse gates.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace mc {

// patient, clinician, nurse, therapist, student, researcher, admin.
const std::vector<std::string>& AccountRoles();
bool IsAccountRole(std::string_view role);

// Guests enter through a visit link and hold no account.
inline constexpr std::string_view kGuestRole = "guest";

// Roles that care for patients (may issue visit links, see queues).
bool IsCareRole(std::string_view role);

// Staff: the care roles and admins (staff-only spaces, the clinic desk).
bool IsStaffRole(std::string_view role);

}  // namespace mc
