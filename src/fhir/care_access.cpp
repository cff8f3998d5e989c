#include "fhir/care_access.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "auth/roles.h"
#include "records/vault.h"

namespace mc::fhir {
namespace {

Decision Allow(std::string purpose, bool break_glass = false) {
  return Decision{true, std::move(purpose), break_glass};
}

std::string Join(const std::vector<std::string>& items) {
  std::string joined;
  for (const std::string& item : items) joined += (joined.empty() ? "" : ", ") + item;
  return joined;
}

}  // namespace

Status CheckBreakGlassReason(const std::string& reason) {
  const bool printable = std::all_of(reason.begin(), reason.end(), [](char c) {
    return static_cast<unsigned char>(c) >= 0x20 && c != 0x7f;
  });
  if (reason.size() < kMinBreakGlassReason || reason.size() > kMaxBreakGlassReason ||
      !printable) {
    return InvalidArgument(
        "invalid_break_glass_reason",
        fmt::format("X-Break-Glass needs a reason of {} to {} printable characters",
                    kMinBreakGlassReason, kMaxBreakGlassReason));
  }
  return Status();
}

StatusOr<std::vector<std::string>> CareAccess::StaffDepartments(int64_t user_id) {
  MC_ASSIGN_OR_RETURN(std::vector<AvailabilityRow> rules, store_.ListAvailability(""));
  std::set<std::string> departments;
  for (const AvailabilityRow& rule : rules) {
    if (rule.clinician_user_id == user_id) departments.insert(rule.department);
  }
  return std::vector<std::string>(departments.begin(), departments.end());
}

StatusOr<std::vector<std::string>> CareAccess::CareDepartments(
    const std::vector<std::string>& mine, std::string_view type, const std::string& pseudonym) {
  AppointmentFilter filter;
  filter.patient_pseudonym = pseudonym;
  MC_ASSIGN_OR_RETURN(std::vector<AppointmentRow> appointments,
                      store_.ListAppointments(filter));
  MC_ASSIGN_OR_RETURN(std::vector<ConsentRuleRow> rules, store_.ListConsentRules(pseudonym));
  std::vector<std::string> reach;
  for (const std::string& department : mine) {
    const bool related = std::any_of(
        appointments.begin(), appointments.end(),
        [&](const AppointmentRow& row) { return row.department == department; });
    // A patient's consent cannot hide the consent itself from the team.
    const bool denied =
        type != "Consent" &&
        std::any_of(rules.begin(), rules.end(), [&](const ConsentRuleRow& rule) {
          return rule.department == department &&
                 (rule.resource_type == type || rule.resource_type == "*");
        });
    if (related && !denied) reach.push_back(department);
  }
  return reach;
}

StatusOr<Decision> CareAccess::Decide(const Actor& actor, std::string_view type,
                                      const std::string& pseudonym, Interaction interaction,
                                      const std::string& break_glass_reason) {
  if (actor.role == "patient") {
    if (pseudonym.empty() || pseudonym != actor.patient_pseudonym) return Decision{};
    const bool writes =
        interaction == Interaction::kCreate || interaction == Interaction::kUpdate;
    if (writes && !Vault::IsSelfServiceType(std::string(type))) return Decision{};
    return Allow("own record");
  }
  if (actor.role == "admin") {
    if (interaction == Interaction::kErase) return Allow("erasure on the patient's request");
    if (type == "AuditEvent" &&
        (interaction == Interaction::kRead || interaction == Interaction::kSearch)) {
      return Allow("audit review");
    }
    return Decision{};
  }
  if (!IsCareRole(actor.role) || actor.user_id == 0 || type == "AuditEvent" ||
      interaction == Interaction::kErase) {
    return Decision{};
  }
  if (pseudonym.empty()) {
    return interaction == Interaction::kCreate && type == "Patient"
               ? Allow("registration")
               : Decision{};
  }
  MC_ASSIGN_OR_RETURN(std::vector<std::string> mine, StaffDepartments(actor.user_id));
  MC_ASSIGN_OR_RETURN(std::vector<std::string> reach, CareDepartments(mine, type, pseudonym));
  if (!reach.empty()) return Allow("care relationship: " + Join(reach));
  if (!break_glass_reason.empty()) return Allow("break-glass: " + break_glass_reason, true);
  return Decision{};
}

StatusOr<std::vector<std::string>> CareAccess::SearchablePatients(const Actor& actor,
                                                                  std::string_view type) {
  if (actor.role == "patient") {
    if (actor.patient_pseudonym.empty()) return std::vector<std::string>{};
    return std::vector<std::string>{actor.patient_pseudonym};
  }
  if (!IsCareRole(actor.role) || actor.user_id == 0 || type == "AuditEvent") {
    return std::vector<std::string>{};
  }
  MC_ASSIGN_OR_RETURN(std::vector<std::string> mine, StaffDepartments(actor.user_id));
  std::set<std::string> candidates;
  for (const std::string& department : mine) {
    AppointmentFilter filter;
    filter.department = department;
    filter.limit = 100000;
    MC_ASSIGN_OR_RETURN(std::vector<AppointmentRow> rows, store_.ListAppointments(filter));
    for (const AppointmentRow& row : rows) candidates.insert(row.patient_pseudonym);
  }
  std::vector<std::string> patients;
  for (const std::string& pseudonym : candidates) {
    MC_ASSIGN_OR_RETURN(std::vector<std::string> reach, CareDepartments(mine, type, pseudonym));
    if (!reach.empty()) patients.push_back(pseudonym);
  }
  return patients;
}

}  // namespace mc::fhir
