#include "fhir/fhir_service.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>

#include "core/error_map.h"
#include "core/roles.h"
#include "fhir/research_export.h"

namespace mc::fhir {
namespace {

using nlohmann::json;

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
      !AllDigits(text)) {
    return NotFound(code, "no such resource");
  }
  return std::stoll(text);
}

// The newest record of `records` with type `type`, if any.
// Consent rules: an active Consent's deny provisions (top level, or nested
// under a permit) for Organization/<department> actors and resource
// classes.
std::vector<ConsentRule> ConsentRules(const VaultRecord& record) {
  std::vector<ConsentRule> rules;
  const json consent = json::parse(record.json, nullptr, false);
  if (!consent.is_object() || !consent.contains("status") || consent["status"] != "active") {
    return rules;  // a wrongly typed stored value must not throw
  }
  std::vector<json> provisions;
  if (consent.contains("provision") && consent["provision"].is_object()) {
    provisions.push_back(consent["provision"]);
    for (const json& nested : consent["provision"].value("provision", json::array())) {
      provisions.push_back(nested);
    }
  }
  for (const json& provision : provisions) {
    if (!provision.is_object() || !provision.contains("type") || provision["type"] != "deny") {
      continue;
    }
    std::vector<std::string> types;
    for (const json& item : provision.value("class", json::array())) {
      if (item.is_object() && item.contains("code") && item["code"].is_string()) {
        types.push_back(item["code"].get<std::string>());
      }
    }
    if (types.empty()) types.push_back("*");
    for (const json& actor : provision.value("actor", json::array())) {
      const json::json_pointer pointer("/reference/reference");
      if (!actor.is_object() || !actor.contains(pointer) || !actor.at(pointer).is_string()) {
        continue;
      }
      const std::string reference = actor.at(pointer).get<std::string>();
      if (reference.rfind("Organization/", 0) != 0) continue;
      for (const std::string& type : types) {
        rules.push_back({reference.substr(13), type});
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

FhirService::FhirService(UserStore& users, SchedulingStore& directory, Vault& vault,
                         AuditLog& audit, const Clock& clock, const ResourceValidator& validator,
                         care::Scheduling* scheduling)
    : users_(users),
      directory_(directory),
      vault_(vault),
      audit_(audit),
      clock_(clock),
      validator_(validator),
      scheduling_(scheduling) {}

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
                           const std::string& resource, const std::string& pseudonym,
                           const std::string& why) {
  MC_RETURN_IF_ERROR(
      audit_.Record(actor, {action, resource, pseudonym, mc::AuditOutcome::kDenied, why}));
  return PermissionDenied("access_denied", "you are not allowed to see or change this record");
}

StatusOr<Actor> FhirService::Authorize(const FhirContext& context, std::string_view type,
                                       const std::string& pseudonym, Interaction interaction,
                                       const std::string& action, const std::string& resource) {
  MC_ASSIGN_OR_RETURN(Decision decision,
                      vault_.policy().Decide(context.actor, type, pseudonym, interaction,
                                     context.break_glass_reason));
  if (!decision.allowed) {
    return Refuse(context.actor, action, resource, pseudonym, decision.purpose);
  }
  if (decision.break_glass) {
    // No patient data in the log; the audit record holds who and why.
    spdlog::warn("break-glass access by user {} ({}); see GET /api/admin/alerts",
                 context.actor.user_id, context.actor.role);
  }
  Actor actor = context.actor;
  actor.purpose = decision.purpose;
  actor.break_glass_reason = context.break_glass_reason;  // the vault decides again
  return actor;
}

StatusOr<SubjectInfo> FhirService::LivePatient(const Actor& actor, const std::string& id,
                                              const std::string& action,
                                              const std::string& resource_name) {
  auto subject = vault_.Subject(id);
  if (subject.ok() && !subject->erased) return *std::move(subject);
  MC_RETURN_IF_ERROR(
      audit_.Record(actor, {action, resource_name, "", mc::AuditOutcome::kFailure}));
  return subject.ok() ? NotFound("subject_erased", "this patient's data was erased")
                      : NotFound("resource_not_found", "no such patient");
}

StatusOr<Actor> FhirService::PermitStored(const FhirContext& context, const ResourceKind& kind,
                                          const std::string& record_id,
                                          const std::string& resource_name) {
  auto row = vault_.Locate(record_id);
  if (!row.ok() || row->type != kind.type) {
    MC_RETURN_IF_ERROR(audit_.Record(
        context.actor, {"record.read", resource_name, "", mc::AuditOutcome::kFailure}));
    return NotFound("resource_not_found", "no such resource");
  }
  return Authorize(context, kind.type, row->pseudonym, Interaction::kRead, "record.read",
                resource_name);
}

StatusOr<std::string> FhirService::PatientOf(const ResourceKind& kind, const json& resource) {
  const std::string pseudonym = PatientIdOf(
      resource.value(json::json_pointer(std::string(kind.patient_pointer)), ""));
  auto subject = vault_.Subject(pseudonym);
  if (!subject.ok() || subject->erased) {
    return WithPath(Unprocessable("unknown_patient", "no such patient (or the record was erased)"),
                    PatientPath(kind));
  }
  return pseudonym;
}

Status FhirService::IndexConsent(const VaultRecord& record) {
  if (record.type != "Consent") return Status();
  return vault_.IndexConsent(record, ConsentRules(record));
}

// ---- scored questionnaires ----

StatusOr<std::optional<Scored>> FhirService::ScoreIfOurs(const json& resource) {
  if (resource.value("resourceType", "") != "QuestionnaireResponse") return std::optional<Scored>();
  const json canonical = resource.value("questionnaire", json());
  const Instrument* instrument =
      canonical.is_string() ? FindInstrument(canonical.get<std::string>()) : nullptr;
  const std::string status = resource.value("status", "");
  if (instrument == nullptr || (status != "completed" && status != "amended")) {
    return std::optional<Scored>();
  }
  MC_ASSIGN_OR_RETURN(Scored scored, ScoreResponse(*instrument, resource));
  return std::optional<Scored>(scored);
}

Status FhirService::RecordScore(const FhirContext& context, const Scored& scored,
                                const VaultRecord& response) {
  Actor system = SystemActor(context.actor.request_id);
  system.purpose = fmt::format("scoring QuestionnaireResponse/{} ({})", response.id,
                               context.actor.purpose.empty() ? context.actor.role
                                                             : context.actor.purpose);
  const std::string subject = "Patient/" + response.pseudonym;
  const std::string source = "QuestionnaireResponse/" + response.id;
  const std::string now = FormatIsoUtc(clock_.NowUnixMs());
  json observation = ScoreObservation(scored, subject, source, now);
  MC_RETURN_IF_ERROR(validator_.Validate(observation));
  MC_RETURN_IF_ERROR(
      vault_.Put(system, response.pseudonym, "Observation", "", observation.dump()).status());
  if (!scored.safety_concern) return Status();
  json flag = SafetyFlag(scored, subject, source, now);
  // The alert names the patient to the care team.
  auto patient = users_.FindUserByPseudonym(response.pseudonym);
  if (patient.ok() && !patient->display_name.empty()) {
    flag["subject"]["display"] = patient->display_name;
  }
  MC_RETURN_IF_ERROR(validator_.Validate(flag));
  return vault_.Put(system, response.pseudonym, "Flag", "", flag.dump()).status();
}

// ---- read and vread ----

StatusOr<FhirResponse> FhirService::Read(const FhirContext& context, const std::string& type,
                                         const std::string& id) {
  MC_ASSIGN_OR_RETURN(const ResourceKind* kind, Kind(type));
  const std::string resource_name = type + "/" + id;
  switch (kind->storage) {
    case Storage::kPractitioner:
    case Storage::kPractitionerRole:
    case Storage::kDefinition: {
      MC_ASSIGN_OR_RETURN(std::vector<json> all, DirectoryResources(context.actor, *kind));
      for (json& resource : all) {
        if (resource.value("id", "") == id) return FhirResponse{200, std::move(resource)};
      }
      return NotFound("resource_not_found", "no such resource");
    }
    case Storage::kAuditEvent: {
      MC_ASSIGN_OR_RETURN(int64_t seq, ParseNumber(id, "resource_not_found"));
      MC_ASSIGN_OR_RETURN(AuditRow row, audit_.Find(seq));
      MC_ASSIGN_OR_RETURN(Actor actor, Authorize(context, kind->type, row.patient_pseudonym,
                                              Interaction::kRead, "audit.read", resource_name));
      MC_RETURN_IF_ERROR(audit_.Record(actor, {"audit.read", resource_name,
                                               row.patient_pseudonym,
                                               mc::AuditOutcome::kSuccess}));
      return FhirResponse{200, AuditEventResource(row)};
    }
    case Storage::kPatient: {
      MC_ASSIGN_OR_RETURN(SubjectInfo subject,
                          LivePatient(context.actor, id, "record.read", resource_name));
      MC_ASSIGN_OR_RETURN(Actor actor, Authorize(context, kind->type, id, Interaction::kRead,
                                              "record.read", resource_name));
      MC_ASSIGN_OR_RETURN(std::vector<VaultRecord> records,
                          vault_.Search(actor, {id}, "Patient",
                                        {"record.read", resource_name, id,
                                         mc::AuditOutcome::kSuccess}));
      MC_ASSIGN_OR_RETURN(json resource, PatientResource(id, records));
      FhirResponse response{200, resource};
      response.version = std::stoll(resource["meta"].value("versionId", "1"));
      const VaultRecord* newest = NewestOfType(records, "Patient");
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
    auto patient_record = vault_.PatientRecordId(id);
    if (patient_record.ok()) record_id = *patient_record;
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
  MC_RETURN_IF_ERROR(validator_.Validate(resource));
  if (type == "Appointment") return BookAppointment(context, resource);
  MC_ASSIGN_OR_RETURN(std::optional<Scored> scored, ScoreIfOurs(resource));
  json stored = resource;
  stored.erase("id");
  stored.erase("meta");
  VaultRecord record;
  std::string id;
  if (kind->storage == Storage::kPatient) {
    MC_ASSIGN_OR_RETURN(Actor actor, Authorize(context, kind->type, "", Interaction::kCreate,
                                            "record.write", "Patient/new"));
    MC_ASSIGN_OR_RETURN(record, vault_.CreatePatient(actor, stored.dump()));
    id = record.pseudonym;
  } else {
    MC_ASSIGN_OR_RETURN(std::string pseudonym, PatientOf(*kind, resource));
    MC_ASSIGN_OR_RETURN(Actor actor, Authorize(context, kind->type, pseudonym, Interaction::kCreate,
                                            "record.write", type + "/new"));
    MC_ASSIGN_OR_RETURN(record, vault_.Put(actor, pseudonym, type, "", stored.dump()));
    MC_RETURN_IF_ERROR(IndexConsent(record));
    if (scored) MC_RETURN_IF_ERROR(RecordScore(context, *scored, record));
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
  MC_RETURN_IF_ERROR(validator_.Validate(resource));
  if (type == "Appointment") return CancelAppointment(context, id, resource, if_match);
  // An amended response is checked like a new one; its first score stands.
  MC_RETURN_IF_ERROR(ScoreIfOurs(resource).status());
  const std::string resource_name = type + "/" + id;
  std::string record_id = id;
  std::string pseudonym;
  if (kind->storage == Storage::kPatient) {
    pseudonym = id;
    auto patient_record = vault_.PatientRecordId(id);
    record_id = patient_record.ok() ? *patient_record : "";
    auto subject = vault_.Subject(id);
    if (!subject.ok() || subject->erased) record_id = "-";
  }
  std::optional<RecordInfo> existing;
  if (!record_id.empty()) {
    auto row = vault_.Locate(record_id);
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
      return WithPath(AlreadyExists("patient_change",
                                    "a resource cannot move to another patient"),
                      PatientPath(*kind));
    }
  }
  MC_ASSIGN_OR_RETURN(Actor actor, Authorize(context, kind->type, pseudonym, Interaction::kUpdate,
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

// ---- patient rights ----

StatusOr<FhirResponse> FhirService::Everything(const FhirContext& context,
                                               const std::string& id) {
  const ResourceKind& kind = *FindResourceKind("Patient");
  const std::string resource_name = "Patient/" + id + "/$everything";
  // Showing the record on a screen is not an export; the audit says which.
  const std::string action = context.for_display ? "record.view" : "record.everything";
  MC_RETURN_IF_ERROR(LivePatient(context.actor, id, action, resource_name).status());
  MC_ASSIGN_OR_RETURN(Actor actor, Authorize(context, kind.type, id, Interaction::kEverything,
                                          action, resource_name));
  const std::string purpose =
      actor.purpose + (context.for_display ? ": to show it" : ": a copy (export)");
  MC_ASSIGN_OR_RETURN(std::vector<VaultRecord> records,
                      vault_.Search(actor, {id}, "",
                                    {action, resource_name, id, mc::AuditOutcome::kSuccess,
                                     purpose}));
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
                      audit_.ListForPatient(id, 0, kAuditListLimit));
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
  MC_ASSIGN_OR_RETURN(Actor actor, Authorize(context, kind.type, id, Interaction::kErase,
                                          "subject.erase", resource_name));
  MC_RETURN_IF_ERROR(vault_.Erase(actor, id));
  return FhirResponse{204, nullptr};
}

StatusOr<json> FhirService::ResearchExport(const Actor& actor) {
  return fhir::ResearchExport(vault_, audit_, clock_, actor);
}

StatusOr<std::vector<AuditRow>> FhirService::BreakGlassAlerts(const Actor& actor,
                                                              int64_t limit) {
  if (!Can(actor.role, Capability::kAuditReview)) {
    MC_RETURN_IF_ERROR(audit_.Record(actor, {"alerts.read", "Alerts", "",
                                             mc::AuditOutcome::kDenied}));
    return PermissionDenied("access_denied", "alerts are for administrators");
  }
  std::vector<AuditRow> alerts;
  int64_t after = 0;
  while (true) {
    MC_ASSIGN_OR_RETURN(std::vector<AuditRow> page, audit_.List(after, 1000));
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
