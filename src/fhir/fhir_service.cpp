#include "fhir/fhir_service.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <map>
#include <set>

#include "auth/roles.h"
#include "core/error_map.h"
#include "fhir/research_export.h"

namespace mc::fhir {
namespace {

using nlohmann::json;

constexpr int64_t kAuditListLimit = 10000;

std::string_view IssueCode(const Status& status) {
  if (ErrorCode(status) == "missing_element") return "required";
  switch (HttpStatusFor(status)) {
    case 400: return "invalid";
    case 401: return "login";
    case 403: return "forbidden";
    case 404: return "not-found";
    case 405: return "not-supported";
    case 409:
    case 412: return "conflict";
    case 422: return "business-rule";
    case 429: return "throttled";
    default: return "exception";
  }
}

Status Unimplemented(std::string_view code, const std::string& message) {
  return WithCode(absl::UnimplementedError(message), code);
}

StatusOr<int64_t> ParseNumber(const std::string& text, const std::string& code) {
  if (text.empty() || text.size() > 18 ||
      !std::all_of(text.begin(), text.end(), ::isdigit)) {
    return NotFound(code, "no such resource");
  }
  return std::stoll(text);
}

// The newest record of `records` with type `type`, if any.
const VaultRecord* Newest(const std::vector<VaultRecord>& records, const std::string& type) {
  const VaultRecord* newest = nullptr;
  for (const VaultRecord& record : records) {
    if (record.type == type &&
        (newest == nullptr || record.updated_unix_ms > newest->updated_unix_ms)) {
      newest = &record;
    }
  }
  return newest;
}

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

// Consent rules: an active Consent's deny provisions (top level, or nested
// under a permit) for Organization/<department> actors and resource
// classes.
std::vector<ConsentRuleRow> ConsentRules(const VaultRecord& record) {
  std::vector<ConsentRuleRow> rules;
  const json consent = json::parse(record.json, nullptr, false);
  if (!consent.is_object() || consent.value("status", "") != "active") return rules;
  std::vector<json> provisions;
  if (consent.contains("provision") && consent["provision"].is_object()) {
    provisions.push_back(consent["provision"]);
    for (const json& nested : consent["provision"].value("provision", json::array())) {
      provisions.push_back(nested);
    }
  }
  for (const json& provision : provisions) {
    if (!provision.is_object() || provision.value("type", "") != "deny") continue;
    std::vector<std::string> types;
    for (const json& item : provision.value("class", json::array())) {
      if (item.is_object() && item.contains("code")) types.push_back(item.value("code", ""));
    }
    if (types.empty()) types.push_back("*");
    for (const json& actor : provision.value("actor", json::array())) {
      const std::string reference = actor.value("/reference/reference"_json_pointer, "");
      if (reference.rfind("Organization/", 0) != 0) continue;
      for (const std::string& type : types) {
        rules.push_back({record.id, record.pseudonym, reference.substr(13), type});
      }
    }
  }
  return rules;
}

}  // namespace

json OperationOutcomeFor(const Status& status) {
  const bool internal = HttpStatusFor(status) >= 500;
  json issue = {{"severity", "error"},
                {"code", IssueCode(status)},
                {"details", {{"text", internal ? std::string("internal") : ErrorCode(status)}}},
                {"diagnostics", internal ? std::string("internal error") : MessageOf(status)}};
  const std::string path = ErrorPath(status);
  if (!path.empty() && !internal) issue["expression"] = json::array({path});
  return {{"resourceType", "OperationOutcome"}, {"issue", json::array({issue})}};
}

FhirService::FhirService(Store& store, Vault& vault, AuditLog& audit, const Clock& clock,
                         care::Scheduling* scheduling)
    : store_(store),
      vault_(vault),
      audit_(audit),
      clock_(clock),
      scheduling_(scheduling),
      access_(store) {}

StatusOr<const ResourceKind*> FhirService::Kind(const std::string& type) const {
  const ResourceKind* kind = FindResourceKind(type);
  if (kind == nullptr) {
    return WithPath(NotFound("unknown_resource_type",
                             fmt::format("this server does not serve {} resources", type)),
                    type);
  }
  return kind;
}

Status FhirService::Refuse(const Actor& actor, const std::string& action,
                           const std::string& resource, const std::string& pseudonym) {
  MC_RETURN_IF_ERROR(
      audit_.Record(actor, {action, resource, pseudonym, mc::AuditOutcome::kDenied}));
  return PermissionDenied("access_denied", "you are not allowed to see or change this record");
}

StatusOr<Actor> FhirService::Permit(const FhirContext& context, const ResourceKind& kind,
                                    const std::string& pseudonym, Interaction interaction,
                                    const std::string& action, const std::string& resource) {
  MC_ASSIGN_OR_RETURN(Decision decision,
                      access_.Decide(context.actor, kind.type, pseudonym, interaction,
                                     context.break_glass_reason));
  if (!decision.allowed) return Refuse(context.actor, action, resource, pseudonym);
  if (decision.break_glass) {
    // No patient data in the log; the audit record holds who and why.
    spdlog::warn("break-glass access by user {} ({}); see GET /api/admin/alerts",
                 context.actor.user_id, context.actor.role);
  }
  Actor actor = context.actor;
  actor.purpose = decision.purpose;
  return actor;
}

StatusOr<Actor> FhirService::Authorize(const FhirContext& context, const std::string& type,
                                       const std::string& pseudonym, Interaction interaction,
                                       const std::string& action, const std::string& resource) {
  ResourceKind kind;
  kind.type = type;
  kind.storage = Storage::kVault;
  return Permit(context, kind, pseudonym, interaction, action, resource);
}

StatusOr<VaultSubjectRow> FhirService::LivePatient(const Actor& actor, const std::string& id,
                                                  const std::string& action,
                                                  const std::string& resource_name) {
  auto subject = store_.FindVaultSubject(id);
  if (subject.ok() && subject->erased_unix_ms == 0) return *std::move(subject);
  MC_RETURN_IF_ERROR(
      audit_.Record(actor, {action, resource_name, "", mc::AuditOutcome::kFailure}));
  return subject.ok() ? NotFound("subject_erased", "this patient's data was erased")
                      : NotFound("resource_not_found", "no such patient");
}

StatusOr<Actor> FhirService::PermitStored(const FhirContext& context, const ResourceKind& kind,
                                          const std::string& record_id,
                                          const std::string& resource_name) {
  auto row = store_.FindVaultRecord(record_id);
  if (!row.ok() || row->type != kind.type) {
    MC_RETURN_IF_ERROR(audit_.Record(
        context.actor, {"record.read", resource_name, "", mc::AuditOutcome::kFailure}));
    return NotFound("resource_not_found", "no such resource");
  }
  return Permit(context, kind, row->pseudonym, Interaction::kRead, "record.read",
                resource_name);
}

std::string FhirService::StaffName(int64_t user_id) {
  auto user = store_.FindUserById(user_id);
  return user.ok() ? user->display_name : std::string();
}

StatusOr<json> FhirService::PatientResource(const std::string& pseudonym,
                                            const std::vector<VaultRecord>& records) {
  if (const VaultRecord* record = Newest(records, "Patient")) {
    json resource = ResourceFromRecord(*record);
    resource["id"] = pseudonym;
    return resource;
  }
  // No Patient record: what the account says.
  MC_ASSIGN_OR_RETURN(VaultSubjectRow subject, store_.FindVaultSubject(pseudonym));
  json resource = {{"resourceType", "Patient"}, {"active", true}};
  auto user = store_.FindUserByPseudonym(pseudonym);
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
      if (auto record = store_.FindVaultRecord(id);
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
  MC_ASSIGN_OR_RETURN(std::vector<UserRow> users, store_.ListUsers());
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
  MC_ASSIGN_OR_RETURN(std::vector<AvailabilityRow> rules, store_.ListAvailability(""));
  MC_ASSIGN_OR_RETURN(std::vector<DepartmentRow> departments, store_.ListDepartments());
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

StatusOr<std::string> FhirService::PatientOf(const ResourceKind& kind, const json& resource) {
  const std::string pseudonym = PatientIdOf(
      resource.value(json::json_pointer(std::string(kind.patient_pointer)), ""));
  auto subject = store_.FindVaultSubject(pseudonym);
  if (!subject.ok() || subject->erased_unix_ms != 0) {
    std::string path = std::string(kind.type) + std::string(kind.patient_pointer);
    std::replace(path.begin(), path.end(), '/', '.');
    return WithPath(Unprocessable("unknown_patient", "no such patient (or the record was erased)"),
                    path);
  }
  return pseudonym;
}

Status FhirService::IndexConsent(const VaultRecord& record) {
  if (record.type != "Consent") return Status();
  return store_.ReplaceConsentRules(record.id, ConsentRules(record));
}

// ---- read and vread ----

StatusOr<FhirResponse> FhirService::Read(const FhirContext& context, const std::string& type,
                                         const std::string& id) {
  MC_ASSIGN_OR_RETURN(const ResourceKind* kind, Kind(type));
  const std::string resource_name = type + "/" + id;
  switch (kind->storage) {
    case Storage::kPractitioner:
    case Storage::kPractitionerRole: {
      if (context.actor.role == kGuestRole) {
        return PermissionDenied("access_denied", "sign in with an account");
      }
      MC_ASSIGN_OR_RETURN(std::vector<json> all, kind->storage == Storage::kPractitioner
                                                     ? PractitionerResources()
                                                     : PractitionerRoleResources());
      for (json& resource : all) {
        if (resource.value("id", "") == id) return FhirResponse{200, std::move(resource)};
      }
      return NotFound("resource_not_found", "no such resource");
    }
    case Storage::kAuditEvent: {
      MC_ASSIGN_OR_RETURN(int64_t seq, ParseNumber(id, "resource_not_found"));
      MC_ASSIGN_OR_RETURN(AuditRow row, store_.FindAudit(seq));
      MC_ASSIGN_OR_RETURN(Actor actor, Permit(context, *kind, row.patient_pseudonym,
                                              Interaction::kRead, "audit.read", resource_name));
      MC_RETURN_IF_ERROR(audit_.Record(actor, {"audit.read", resource_name,
                                               row.patient_pseudonym,
                                               mc::AuditOutcome::kSuccess}));
      return FhirResponse{200, AuditEventResource(row)};
    }
    case Storage::kPatient: {
      MC_ASSIGN_OR_RETURN(VaultSubjectRow subject,
                          LivePatient(context.actor, id, "record.read", resource_name));
      MC_ASSIGN_OR_RETURN(Actor actor, Permit(context, *kind, id, Interaction::kRead,
                                              "record.read", resource_name));
      MC_ASSIGN_OR_RETURN(std::vector<VaultRecord> records,
                          vault_.Search(actor, {id}, "Patient",
                                        {"record.read", resource_name, id,
                                         mc::AuditOutcome::kSuccess}));
      MC_ASSIGN_OR_RETURN(json resource, PatientResource(id, records));
      FhirResponse response{200, resource};
      response.version = std::stoll(resource["meta"].value("versionId", "1"));
      const VaultRecord* newest = Newest(records, "Patient");
      response.last_modified_unix_ms =
          newest != nullptr ? newest->updated_unix_ms : subject.created_unix_ms;
      return response;
    }
    case Storage::kVault: break;
  }
  MC_ASSIGN_OR_RETURN(Actor actor, PermitStored(context, *kind, id, resource_name));
  MC_ASSIGN_OR_RETURN(VaultRecord record, vault_.Get(actor, id));
  FhirResponse response{200, ResourceFromRecord(record)};
  response.version = record.version;
  response.last_modified_unix_ms = record.updated_unix_ms;
  return response;
}

StatusOr<FhirResponse> FhirService::VRead(const FhirContext& context, const std::string& type,
                                          const std::string& id, const std::string& version) {
  MC_ASSIGN_OR_RETURN(const ResourceKind* kind, Kind(type));
  if (!kind->versioned) {
    return Unimplemented("method_not_allowed",
                         fmt::format("{} has no version history", type));
  }
  MC_ASSIGN_OR_RETURN(int64_t number, ParseNumber(version, "version_not_found"));
  const std::string resource_name = fmt::format("{}/{}/_history/{}", type, id, number);
  std::string record_id = id;
  std::string pseudonym;
  if (kind->storage == Storage::kPatient) {
    // The Patient record's own id behind the pseudonym.
    auto rows = store_.ListVaultRecords(id, "Patient");
    if (rows.ok() && !rows->empty()) record_id = rows->front().id;
    pseudonym = id;
  }
  MC_ASSIGN_OR_RETURN(Actor actor, PermitStored(context, *kind, record_id, resource_name));
  MC_ASSIGN_OR_RETURN(VaultRecord record, vault_.GetVersion(actor, record_id, number));
  json resource = ResourceFromRecord(record);
  if (!pseudonym.empty()) resource["id"] = pseudonym;
  FhirResponse response{200, resource};
  response.version = record.version;
  response.last_modified_unix_ms = record.updated_unix_ms;
  return response;
}

// ---- create and update ----

StatusOr<FhirResponse> FhirService::Create(const FhirContext& context, const std::string& type,
                                           const json& resource) {
  MC_ASSIGN_OR_RETURN(const ResourceKind* kind, Kind(type));
  if (!kind->writable || (type == "Appointment" && scheduling_ == nullptr)) {
    return Unimplemented("method_not_allowed",
                         fmt::format("{} cannot be created through FHIR", type));
  }
  MC_RETURN_IF_ERROR(ValidateResource(*kind, resource, ""));
  if (type == "Appointment") return BookAppointment(context, resource);
  json stored = resource;
  stored.erase("id");
  stored.erase("meta");
  VaultRecord record;
  std::string id;
  if (kind->storage == Storage::kPatient) {
    MC_ASSIGN_OR_RETURN(Actor actor, Permit(context, *kind, "", Interaction::kCreate,
                                            "record.write", "Patient/new"));
    MC_ASSIGN_OR_RETURN(record, vault_.CreatePatient(actor, stored.dump()));
    id = record.pseudonym;
  } else {
    MC_ASSIGN_OR_RETURN(std::string pseudonym, PatientOf(*kind, resource));
    MC_ASSIGN_OR_RETURN(Actor actor, Permit(context, *kind, pseudonym, Interaction::kCreate,
                                            "record.write", type + "/new"));
    MC_ASSIGN_OR_RETURN(record, vault_.Put(actor, pseudonym, type, "", stored.dump()));
    MC_RETURN_IF_ERROR(IndexConsent(record));
    id = record.id;
  }
  json created = ResourceFromRecord(record);
  created["id"] = id;
  FhirResponse response{201, created};
  response.version = record.version;
  response.last_modified_unix_ms = record.updated_unix_ms;
  response.location = fmt::format("{}/{}/{}/_history/{}", context.base_url, type, id,
                                  record.version);
  return response;
}

StatusOr<FhirResponse> FhirService::Update(const FhirContext& context, const std::string& type,
                                           const std::string& id, const json& resource,
                                           int64_t if_match) {
  MC_ASSIGN_OR_RETURN(const ResourceKind* kind, Kind(type));
  if (!kind->writable || (type == "Appointment" && scheduling_ == nullptr)) {
    return Unimplemented("method_not_allowed",
                         fmt::format("{} cannot be updated through FHIR", type));
  }
  MC_RETURN_IF_ERROR(ValidateResource(*kind, resource, id));
  if (type == "Appointment") return CancelAppointment(context, id, resource, if_match);
  const std::string resource_name = type + "/" + id;
  std::string record_id = id;
  std::string pseudonym;
  if (kind->storage == Storage::kPatient) {
    pseudonym = id;
    auto rows = store_.ListVaultRecords(id, "Patient");
    record_id = rows.ok() && !rows->empty() ? rows->front().id : "";
    auto subject = store_.FindVaultSubject(id);
    if (!subject.ok() || subject->erased_unix_ms != 0) record_id = "-";
  }
  std::optional<VaultRecordRow> existing;
  if (!record_id.empty()) {
    auto row = store_.FindVaultRecord(record_id);
    if (!row.ok() || row->type != type) {
      MC_RETURN_IF_ERROR(audit_.Record(
          context.actor, {"record.write", resource_name, "", mc::AuditOutcome::kFailure}));
      return NotFound("resource_not_found",
                      "no such resource (this server does not create by update)");
    }
    existing = *row;
    pseudonym = row->pseudonym;
  }
  if (kind->storage == Storage::kVault) {
    MC_ASSIGN_OR_RETURN(std::string named, PatientOf(*kind, resource));
    if (named != pseudonym) {
      std::string path = type + std::string(kind->patient_pointer);
      std::replace(path.begin(), path.end(), '/', '.');
      return WithPath(AlreadyExists("patient_change",
                                    "a resource cannot move to another patient"),
                      path);
    }
  }
  MC_ASSIGN_OR_RETURN(Actor actor, Permit(context, *kind, pseudonym, Interaction::kUpdate,
                                          "record.write", resource_name));
  json stored = resource;
  stored.erase("id");
  stored.erase("meta");
  const int64_t expected = existing ? if_match : (if_match > 1 ? if_match : 0);
  MC_ASSIGN_OR_RETURN(VaultRecord record,
                      vault_.Put(actor, pseudonym, type, existing ? existing->id : "",
                                 stored.dump(), expected));
  MC_RETURN_IF_ERROR(IndexConsent(record));
  json updated = ResourceFromRecord(record);
  if (kind->storage == Storage::kPatient) updated["id"] = pseudonym;
  FhirResponse response{200, updated};
  response.version = record.version;
  response.last_modified_unix_ms = record.updated_unix_ms;
  return response;
}

// ---- search ----

StatusOr<FhirResponse> FhirService::SearchAuditEvents(const FhirContext& context,
                                                      const SearchParams& params) {
  const ResourceKind& kind = *FindResourceKind("AuditEvent");
  MC_ASSIGN_OR_RETURN(SearchRequest request, ParseSearch(kind, params));
  std::string patient;
  for (const auto& [name, value] : request.filters) {
    if (name == "patient") patient = PatientIdOf(value);
  }
  if (patient.empty() && context.actor.role == "patient") {
    patient = context.actor.patient_pseudonym;
  }
  const std::string resource_name = "AuditEvent?patient=" + patient;
  MC_ASSIGN_OR_RETURN(Actor actor, Permit(context, kind, patient, Interaction::kSearch,
                                          "audit.search", resource_name));
  MC_ASSIGN_OR_RETURN(std::vector<AuditRow> rows,
                      patient.empty() ? store_.ListAudit(0, kAuditListLimit)
                                      : store_.ListAuditForPatient(patient, 0, kAuditListLimit));
  std::vector<json> matches;
  for (auto row = rows.rbegin(); row != rows.rend(); ++row) {  // newest first
    json resource = AuditEventResource(*row);
    if (MatchesFilters(kind, resource, request.filters)) matches.push_back(std::move(resource));
  }
  MC_RETURN_IF_ERROR(audit_.Record(
      actor, {"audit.search", resource_name, patient, mc::AuditOutcome::kSuccess}));
  return FhirResponse{200, SearchBundle(context.base_url, "AuditEvent", request, matches)};
}

StatusOr<FhirResponse> FhirService::Search(const FhirContext& context, const std::string& type,
                                           const SearchParams& params) {
  MC_ASSIGN_OR_RETURN(const ResourceKind* kind, Kind(type));
  if (kind->storage == Storage::kAuditEvent) return SearchAuditEvents(context, params);
  MC_ASSIGN_OR_RETURN(SearchRequest request, ParseSearch(*kind, params));
  std::vector<json> matches;
  if (!kind->patient_data) {
    if (context.actor.role == kGuestRole) {
      return PermissionDenied("access_denied", "sign in with an account");
    }
    MC_ASSIGN_OR_RETURN(std::vector<json> all, kind->storage == Storage::kPractitioner
                                                   ? PractitionerResources()
                                                   : PractitionerRoleResources());
    for (json& resource : all) {
      if (MatchesFilters(*kind, resource, request.filters)) matches.push_back(std::move(resource));
    }
    return FhirResponse{200, SearchBundle(context.base_url, type, request, matches)};
  }
  // Whose records: the named patient (break-glass possible), or everyone the
  // caller may search.
  std::string named;
  for (const auto& [name, value] : request.filters) {
    if (name == "patient" || (name == "_id" && kind->storage == Storage::kPatient)) {
      named = PatientIdOf(value);
      if (named.empty()) {
        return WithPath(InvalidArgument("invalid_search_parameter", "patient takes Patient/<id>"),
                        name);
      }
    }
  }
  const std::string resource_name = type + "?patient=" + named;
  std::vector<std::string> patients;
  Actor actor = context.actor;
  if (!named.empty()) {
    MC_ASSIGN_OR_RETURN(actor, Permit(context, *kind, named, Interaction::kSearch,
                                      "record.search", resource_name));
    auto subject = store_.FindVaultSubject(named);
    if (subject.ok() && subject->erased_unix_ms == 0) patients.push_back(named);
  } else {
    MC_ASSIGN_OR_RETURN(patients, access_.SearchablePatients(context.actor, type));
    if (patients.empty() && context.actor.role != "patient" && !IsCareRole(context.actor.role)) {
      return Refuse(context.actor, "record.search", resource_name, "");
    }
    actor.purpose = context.actor.role == "patient" ? "own record" : "care relationship";
  }
  MC_ASSIGN_OR_RETURN(std::vector<VaultRecord> records,
                      vault_.Search(actor, patients, type,
                                    {"record.search", resource_name, named,
                                     mc::AuditOutcome::kSuccess}));
  if (kind->storage == Storage::kPatient) {
    for (const std::string& pseudonym : patients) {
      std::vector<VaultRecord> own;
      for (const VaultRecord& record : records) {
        if (record.pseudonym == pseudonym) own.push_back(record);
      }
      MC_ASSIGN_OR_RETURN(json resource, PatientResource(pseudonym, own));
      if (MatchesFilters(*kind, resource, request.filters)) matches.push_back(std::move(resource));
    }
  } else {
    for (const VaultRecord& record : records) {
      json resource = ResourceFromRecord(record);
      if (!resource.is_null() && MatchesFilters(*kind, resource, request.filters)) {
        matches.push_back(std::move(resource));
      }
    }
  }
  return FhirResponse{200, SearchBundle(context.base_url, type, request, matches)};
}

// ---- patient rights ----

StatusOr<FhirResponse> FhirService::Everything(const FhirContext& context,
                                               const std::string& id) {
  const ResourceKind& kind = *FindResourceKind("Patient");
  const std::string resource_name = "Patient/" + id + "/$everything";
  MC_RETURN_IF_ERROR(
      LivePatient(context.actor, id, "record.everything", resource_name).status());
  MC_ASSIGN_OR_RETURN(Actor actor, Permit(context, kind, id, Interaction::kEverything,
                                          "record.everything", resource_name));
  MC_ASSIGN_OR_RETURN(std::vector<VaultRecord> records,
                      vault_.Search(actor, {id}, "",
                                    {"record.everything", resource_name, id,
                                     mc::AuditOutcome::kSuccess}));
  std::vector<json> resources;
  MC_ASSIGN_OR_RETURN(json patient, PatientResource(id, records));
  resources.push_back(std::move(patient));
  for (const VaultRecord& record : records) {
    if (record.type == "Patient") continue;
    json resource = ResourceFromRecord(record);
    if (!resource.is_null()) resources.push_back(std::move(resource));
  }
  // The access history: who looked at this record, when and why (the
  // record of this very request included).
  MC_ASSIGN_OR_RETURN(std::vector<AuditRow> history,
                      store_.ListAuditForPatient(id, 0, kAuditListLimit));
  for (auto row = history.rbegin(); row != history.rend(); ++row) {
    resources.push_back(AuditEventResource(*row));
  }
  SearchRequest everything;
  everything.count = static_cast<int>(resources.size());
  json bundle = SearchBundle(context.base_url, "Patient/" + id + "/$everything", everything,
                             resources);
  bundle["link"] = json::array(
      {{{"relation", "self"}, {"url", context.base_url + "/" + resource_name}}});
  return FhirResponse{200, bundle};
}

StatusOr<FhirResponse> FhirService::ErasePatient(const FhirContext& context,
                                                 const std::string& id) {
  const ResourceKind& kind = *FindResourceKind("Patient");
  const std::string resource_name = "Patient/" + id;
  MC_RETURN_IF_ERROR(LivePatient(context.actor, id, "subject.erase", resource_name).status());
  MC_ASSIGN_OR_RETURN(Actor actor, Permit(context, kind, id, Interaction::kErase,
                                          "subject.erase", resource_name));
  MC_RETURN_IF_ERROR(vault_.Erase(actor, id));
  return FhirResponse{204, nullptr};
}

StatusOr<json> FhirService::ResearchExport(const Actor& actor) {
  return fhir::ResearchExport(store_, vault_, audit_, clock_, actor);
}

StatusOr<std::vector<AuditRow>> FhirService::BreakGlassAlerts(int64_t limit) {
  std::vector<AuditRow> alerts;
  int64_t after = 0;
  while (true) {
    MC_ASSIGN_OR_RETURN(std::vector<AuditRow> page, store_.ListAudit(after, 1000));
    for (const AuditRow& row : page) {
      if (row.purpose.rfind("break-glass:", 0) == 0) alerts.push_back(row);
    }
    if (page.size() < 1000) break;
    after = page.back().seq;
  }
  std::reverse(alerts.begin(), alerts.end());
  if (static_cast<int64_t>(alerts.size()) > limit) alerts.resize(static_cast<size_t>(limit));
  return alerts;
}

}  // namespace mc::fhir
