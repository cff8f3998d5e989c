// The resources the service builds rather than stores: Patient from the
// account when there is no Patient record, AuditEvent from the audit log,
// Practitioner and PractitionerRole from accounts and availability.
#include <fmt/format.h>

#include <map>
#include <set>

#include "core/roles.h"
#include "fhir/fhir_service.h"
#include "fhir/questionnaires.h"

namespace mc::fhir {
namespace {

using nlohmann::json;

std::string AuditAction(const std::string& action) {
  if (action == "record.write" || action == "subject.create") return "U";
  if (action == "subject.erase") return "D";
  if (action.rfind("record.", 0) == 0 || action.rfind("audit.", 0) == 0 ||
      action.rfind("visit.", 0) == 0) {
    return "R";
  }
  return "E";
}

std::string AuditOutcome(const std::string& outcome) {
  if (outcome == "success") return "0";
  if (outcome == "denied") return "4";
  return "8";
}

}  // namespace

std::string FhirService::StaffName(int64_t user_id) {
  auto user = users_.FindUserById(user_id);
  return user.ok() ? user->display_name : std::string();
}

StatusOr<json> FhirService::PatientResource(const std::string& pseudonym,
                                            const std::vector<VaultRecord>& records) {
  if (const VaultRecord* record = NewestOfType(records, "Patient")) {
    json resource = ResourceFromRecord(*record);
    resource["id"] = pseudonym;
    return resource;
  }
  // No Patient record: what the account says.
  MC_ASSIGN_OR_RETURN(SubjectInfo subject, vault_.Subject(pseudonym));
  json resource = {{"resourceType", "Patient"}, {"active", true}};
  auto user = users_.FindUserByPseudonym(pseudonym);
  if (user.ok()) {
    resource["active"] = !user->disabled;
    resource["name"] = json::array({{{"text", user->display_name}}});
  }
  return WithMeta(resource, pseudonym, 1, subject.created_unix_ms);
}

json FhirService::AuditEventResource(const AuditRow& row) {
  json who = {{"display", fmt::format("{} #{}", row.actor_role, row.actor_user_id)}};
  if (IsCareRole(row.actor_role)) {
    who = {{"reference", fmt::format("Practitioner/{}", row.actor_user_id)},
           {"display", StaffName(row.actor_user_id)}};
  } else if (row.actor_role == "system") {
    who = {{"display", "MetaClinic (system)"}};
  }
  json entities = json::array();
  if (!row.patient_pseudonym.empty()) {
    entities.push_back(
        {{"what", {{"reference", "Patient/" + row.patient_pseudonym}}},
         {"role",
          {{"system", "http://terminology.hl7.org/CodeSystem/object-role"},
           {"code", "1"},
           {"display", "Patient"}}}});
  }
  if (!row.resource.empty()) {
    // A vault record is named by its FHIR type when it still exists.
    json what = {{"display", row.resource}};
    if (row.resource.rfind("VaultRecord/", 0) == 0) {
      const std::string id = row.resource.substr(12, row.resource.find('/', 12) - 12);
      if (auto record = vault_.Locate(id);
          record.ok() && FindResourceKind(record->type) != nullptr) {
        what = {{"reference", record->type + "/" + id}, {"display", record->type}};
      } else if (record.ok() && record->type == "ClinicalNote") {
        what = {{"reference", "DocumentReference/" + id}, {"display", "Clinical note"}};
      }
    }
    entities.push_back({{"what", what}, {"name", row.action}});
  }
  json resource = {
      {"resourceType", "AuditEvent"},
      {"id", std::to_string(row.seq)},
      {"type",
       {{"system", "http://terminology.hl7.org/CodeSystem/audit-event-type"},
        {"code", "rest"},
        {"display", "RESTful Operation"}}},
      {"subtype", json::array({{{"system", "urn:metaclinic:audit-action"},
                                {"code", row.action}}})},
      {"action", AuditAction(row.action)},
      {"recorded", FormatIsoUtc(row.time_unix_ms)},
      {"outcome", AuditOutcome(row.outcome)},
      {"outcomeDesc", row.outcome},
      {"agent", json::array({{{"who", who},
                              {"requestor", true},
                              {"role", json::array({{{"text", row.actor_role}}})}}})},
      {"source", {{"observer", {{"display", "MetaClinic"}}}}}};
  if (!row.purpose.empty()) {
    resource["purposeOfEvent"] = json::array({{{"text", row.purpose}}});
  }
  if (!entities.empty()) resource["entity"] = entities;
  return resource;
}

StatusOr<std::vector<json>> FhirService::PractitionerResources() {
  MC_ASSIGN_OR_RETURN(std::vector<UserRow> users, users_.ListUsers());
  std::vector<json> resources;
  for (const UserRow& user : users) {
    if (!IsCareRole(user.role)) continue;
    resources.push_back({{"resourceType", "Practitioner"},
                         {"id", std::to_string(user.id)},
                         {"active", !user.disabled},
                         {"name", json::array({{{"text", user.display_name}}})}});
  }
  return resources;
}

StatusOr<std::vector<json>> FhirService::PractitionerRoleResources() {
  static const char* kDays[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
  MC_ASSIGN_OR_RETURN(std::vector<AvailabilityRow> rules, directory_.ListAvailability(""));
  MC_ASSIGN_OR_RETURN(std::vector<DepartmentRow> departments, directory_.ListDepartments());
  std::map<std::pair<int64_t, std::string>, std::map<std::pair<int, int>, std::set<int>>> roles;
  for (const AvailabilityRow& rule : rules) {
    roles[{rule.clinician_user_id, rule.department}][{rule.start_minute, rule.end_minute}]
        .insert(rule.weekday);
  }
  std::vector<json> resources;
  for (const auto& [key, hours] : roles) {
    const auto& [user_id, department] = key;
    std::string department_name = department;
    for (const DepartmentRow& row : departments) {
      if (row.slug == department) department_name = row.name;
    }
    json times = json::array();
    for (const auto& [span, weekdays] : hours) {
      json days = json::array();
      for (int weekday : weekdays) days.push_back(kDays[(weekday - 1) % 7]);
      json time = {{"daysOfWeek", days}};
      if (span.first == 0 && span.second == 24 * 60) {
        time["allDay"] = true;
      } else {
        const int end = std::min(span.second, 24 * 60 - 1);
        time["availableStartTime"] =
            fmt::format("{:02}:{:02}:00", span.first / 60, span.first % 60);
        time["availableEndTime"] = fmt::format("{:02}:{:02}:{}", end / 60, end % 60,
                                               span.second == 24 * 60 ? "59" : "00");
      }
      times.push_back(time);
    }
    resources.push_back(
        {{"resourceType", "PractitionerRole"},
         {"id", fmt::format("{}-{}", user_id, department)},
         {"active", true},
         {"practitioner",
          {{"reference", fmt::format("Practitioner/{}", user_id)},
           {"display", StaffName(user_id)}}},
         {"specialty", json::array({{{"text", department_name}}})},
         {"availableTime", times}});
  }
  return resources;
}

StatusOr<std::vector<json>> FhirService::DirectoryResources(const Actor& actor,
                                                           const ResourceKind& kind) {
  if (actor.role == kGuestRole) {
    return PermissionDenied("access_denied", "sign in with an account");
  }
  if (kind.storage == Storage::kDefinition) {
    std::vector<json> questionnaires;
    for (const Instrument& instrument : Instruments()) {
      questionnaires.push_back(QuestionnaireResource(instrument));
    }
    return questionnaires;
  }
  return kind.storage == Storage::kPractitioner ? PractitionerResources()
                                                : PractitionerRoleResources();
}

}  // namespace mc::fhir
