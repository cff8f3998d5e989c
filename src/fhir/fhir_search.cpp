// Search: parameters checked against the resource table, the patients
// whose records are read decided by the care policy, one audit record per search.
#include <fmt/format.h>

#include "core/roles.h"
#include "fhir/fhir_service.h"

namespace mc::fhir {

using nlohmann::json;

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
  MC_ASSIGN_OR_RETURN(Actor actor, Authorize(context, kind.type, patient, Interaction::kSearch,
                                          "audit.search", resource_name));
  MC_ASSIGN_OR_RETURN(std::vector<AuditRow> rows,
                      patient.empty() ? audit_.List(0, kAuditListLimit)
                                      : audit_.ListForPatient(patient, 0, kAuditListLimit));
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
    MC_ASSIGN_OR_RETURN(std::vector<json> all, DirectoryResources(context.actor, *kind));
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
    MC_ASSIGN_OR_RETURN(actor, Authorize(context, kind->type, named, Interaction::kSearch,
                                      "record.search", resource_name));
    auto subject = vault_.Subject(named);
    if (subject.ok() && !subject->erased) patients.push_back(named);
  } else {
    MC_ASSIGN_OR_RETURN(patients, vault_.policy().SearchablePatients(context.actor, type));
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

}  // namespace mc::fhir
