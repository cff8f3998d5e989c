// The roles a MetaClinic account can hold and the one table of what each
// role may do (its capabilities).
//
// Every coarse "may this role ..." question in the server is answered here,
// and `/api/me` sends the caller's capability names so the browser shows
// what a user may do without deriving it from role names. Fine-grained
// rules (which patient, which department) are the care policy's
// (records/care_policy.h), built on these capabilities.
//
// Threading: pure functions over constant tables.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mc {

enum class Role {
  kPatient, kClinician, kNurse, kTherapist, kStudent, kResearcher, kAdmin,
  kGuest,   // entered through a visit link; holds no account
  kSystem,  // the server acting on its own behalf (seeding, CLI, exports)
};

// What a role may do broadly. The wire names (CapabilityName) are part of
// the API (`/api/me`), so keep them stable.
enum class Capability {
  kOwnRecord,       // read one's own record, export it, erase it ("own_record")
  kCareRecords,     // patient records under the care policy ("care_records")
  kBreakGlass,      // any patient with a stated reason ("break_glass")
  kBookForPatient,  // book a visit for a patient ("book_for_patient")
  kClinicDashboard, // the clinic desk: queues, admit ("clinic_dashboard")
  kIssueVisitLinks, // guest links ("issue_visit_links")
  kStaffSpaces,     // staff-only spaces in the world ("staff_spaces")
  kResearchExport,  // de-identified exports ("research_export")
  kManageUsers,     // accounts and roles ("manage_users")
  kAuditReview,     // the audit trail and access alerts ("audit_review")
  kEraseRecords,    // erase a patient on their request ("erase_records")
  kSimulate,        // run simulations and the body explorer ("simulate")
  kHostGroups,      // open and run group rooms ("host_groups")
  kRunTrials,       // in-silico trials as server jobs ("run_trials")
  kOperate,         // system status and runtime settings ("operate")
  kTeachSkills,     // learners' skills lab records, as an educator ("teach_skills")
};

// The account roles, by name: patient, clinician, nurse, therapist,
// student, researcher, admin.
const std::vector<std::string>& AccountRoles();
bool IsAccountRole(std::string_view role);

// The role named `name` (account roles, "guest", "system"); nullopt for
// anything else.
std::optional<Role> ParseRole(std::string_view name);
std::string_view RoleName(Role role);

inline constexpr std::string_view kGuestRole = "guest";

// True when the role named `role` has `capability`; an unknown name has none.
bool Can(std::string_view role, Capability capability);
std::string_view CapabilityName(Capability capability);
// The wire names of every capability of `role`, in the enum's order.
std::vector<std::string> CapabilityNames(std::string_view role);

// Roles that care for patients: the care records capability.
inline bool IsCareRole(std::string_view role) { return Can(role, Capability::kCareRecords); }

// Staff: care roles and admins (staff-only spaces, the clinic desk).
inline bool IsStaffRole(std::string_view role) { return Can(role, Capability::kStaffSpaces); }

}  // namespace mc
