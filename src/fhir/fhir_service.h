// The FHIR R4 service behind /fhir (docs/fhir.md): read, vread, create,
// update, search, Patient/$everything and erasure over the record vault,
// the accounts (Practitioner, PractitionerRole) and the audit log
// (AuditEvent). Every operation on patient data goes through the care policy (records/care_policy.h) and
// appends exactly one audit record, allowed or refused.
//
// net/api_fhir.cpp turns HTTP into these calls and FhirResponse (or an
// error Status, carrying a path with WithPath) back into HTTP with
// OperationOutcome bodies.
//
// Threading: thread-safe (state lives in the store).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "care/scheduling.h"
#include "core/clock.h"
#include "core/status.h"
#include "records/care_policy.h"
#include "fhir/fhir_json.h"
#include "fhir/questionnaires.h"
#include "fhir/resource_kinds.h"
#include "fhir/resource_validator.h"
#include "records/actor.h"
#include "records/audit_log.h"
#include "store/scheduling_store.h"
#include "store/user_store.h"
#include "records/vault.h"

namespace mc::fhir {

struct FhirContext {
  Actor actor;
  std::string base_url;            // e.g. "https://clinic.example/fhir"
  std::string break_glass_reason;  // X-Break-Glass, checked; "" when absent
  // X-Record-Purpose: "view" when the whole record is read to be shown on a
  // screen (audited as "record.view"); otherwise a $everything is an export,
  // a copy leaving the server ("record.everything").
  bool for_display = false;
};

struct FhirResponse {
  int status = 200;
  nlohmann::json body;            // null for 204
  int64_t version = 0;            // ETag W/"version" when > 0
  int64_t last_modified_unix_ms = 0;  // Last-Modified when > 0
  std::string location;           // for 201
};

struct SafetyAlert {
  std::string flag_id;
  std::string patient;       // pseudonym
  std::string patient_name;  // "" when unknown
  std::string since;         // Flag.period.start
  std::string words;         // Flag.code.text
};

// OperationOutcome for an error (internal errors say nothing more).
nlohmann::json OperationOutcomeFor(const Status& status);

class FhirService {
 public:
  // `validator` checks every created or updated resource against the R4
  // schema before anything is stored; it must outlive the service.
  // `scheduling` books and cancels Appointments created or updated through
  // FHIR; null: Appointment is read-only.
  // The service holds no store part with PHI: records go through `vault`
  // (which applies the care policy), the log through `audit`; `users` and
  // `directory` (availability, departments, appointment index) are plain.
  FhirService(UserStore& users, SchedulingStore& directory, Vault& vault, AuditLog& audit,
              const Clock& clock, const ResourceValidator& validator,
              care::Scheduling* scheduling = nullptr);

  nlohmann::json CapabilityStatement(const std::string& base_url) const;

  StatusOr<FhirResponse> Read(const FhirContext& context, const std::string& type,
                              const std::string& id);
  StatusOr<FhirResponse> VRead(const FhirContext& context, const std::string& type,
                               const std::string& id, const std::string& version);
  // Create and Update answer InvalidArgument ("invalid_resource",
  // "unknown_resource_type", "missing_element", ...) with the offending
  // field as the path (WithPath) when the resource is not valid R4 or not
  // what this server accepts; nothing is stored then.
  StatusOr<FhirResponse> Create(const FhirContext& context, const std::string& type,
                                const nlohmann::json& resource);
  // `if_match`: the version from If-Match, 0 when absent.
  StatusOr<FhirResponse> Update(const FhirContext& context, const std::string& type,
                                const std::string& id, const nlohmann::json& resource,
                                int64_t if_match);
  StatusOr<FhirResponse> Search(const FhirContext& context, const std::string& type,
                                const SearchParams& params);
  StatusOr<FhirResponse> Everything(const FhirContext& context, const std::string& id);
  StatusOr<FhirResponse> ErasePatient(const FhirContext& context, const std::string& id);

  // The access decision (the vault's care policy) for `type` records of `pseudonym`: an
  // actor carrying the decision's purpose, or PermissionDenied after one
  // audit record of the refusal. Also used by the REST records routes.
  StatusOr<Actor> Authorize(const FhirContext& context, std::string_view type,
                            const std::string& pseudonym, Interaction interaction,
                            const std::string& action, const std::string& resource);

  // Safety flags (status active, category safety) on the patients `context`
  // may search that no one in the care team has acknowledged yet, newest
  // first: the dashboards' repeating safety alert. One audited search.
  StatusOr<std::vector<SafetyAlert>> SafetyAlerts(const FhirContext& context);
  // Marks the safety Flag `flag_id` acknowledged by the caller (a new
  // version with who and when); the flag stays active. NotFound for an id
  // that is not a safety flag; the care policy's refusal otherwise.
  Status AcknowledgeSafetyFlag(const FhirContext& context, const std::string& flag_id);

  // A de-identified export for a researcher (research_export.h).
  StatusOr<nlohmann::json> ResearchExport(const Actor& actor);

  // Break-glass accesses (audit records whose purpose starts with
  // "break-glass:"), newest first, at most `limit`: the administrators'
  // alerts. PermissionDenied ("access_denied", audited) without the
  // audit_review capability.
  StatusOr<std::vector<AuditRow>> BreakGlassAlerts(const Actor& actor, int64_t limit);

 private:
  StatusOr<const ResourceKind*> Kind(const std::string& type) const;
  // Records the refusal (with `why` as its purpose) and returns
  // PermissionDenied ("access_denied").
  Status Refuse(const Actor& actor, const std::string& action, const std::string& resource,
                const std::string& pseudonym,
                const std::string& why = "refused: this role sees no patient records");
  // The patient `id` unless unknown or erased (NotFound after one failure
  // audit record `action`).
  StatusOr<SubjectInfo> LivePatient(const Actor& actor, const std::string& id,
                                        const std::string& action,
                                        const std::string& resource_name);
  // Read access to the stored record `record_id` of `kind`: NotFound (a
  // failure audited) when it is not one, or the refusal.
  StatusOr<Actor> PermitStored(const FhirContext& context, const ResourceKind& kind,
                               const std::string& record_id, const std::string& resource_name);
  StatusOr<nlohmann::json> PatientResource(const std::string& pseudonym,
                                           const std::vector<VaultRecord>& records);
  nlohmann::json AuditEventResource(const AuditRow& row);
  std::string StaffName(int64_t user_id);
  // Practitioner, PractitionerRole or Questionnaire resources (not patient
  // data; any account may list them, guests may not).
  StatusOr<std::vector<nlohmann::json>> DirectoryResources(const Actor& actor,
                                                           const ResourceKind& kind);
  StatusOr<std::vector<nlohmann::json>> PractitionerResources();
  StatusOr<std::vector<nlohmann::json>> PractitionerRoleResources();
  StatusOr<FhirResponse> SearchAuditEvents(const FhirContext& context,
                                           const SearchParams& params);
  Status IndexConsent(const VaultRecord& record);
  // A QuestionnaireResponse to one of MetaClinic's questionnaires, completed:
  // its score (Unprocessable with the path when the answers break the
  // questionnaire's rules); nullopt for any other response.
  StatusOr<std::optional<Scored>> ScoreIfOurs(const nlohmann::json& resource);
  // Writes the score Observation of `response` and, for a safety concern, the
  // safety Flag, as the system on behalf of the response's author.
  Status RecordScore(const FhirContext& context, const Scored& scored,
                     const VaultRecord& response);
  StatusOr<std::string> PatientOf(const ResourceKind& kind, const nlohmann::json& resource);

  // Appointment create = booking a slot, update = cancelling
  // (appointment_fhir.cpp).
  StatusOr<FhirResponse> BookAppointment(const FhirContext& context,
                                         const nlohmann::json& resource);
  StatusOr<FhirResponse> CancelAppointment(const FhirContext& context, const std::string& id,
                                           const nlohmann::json& resource, int64_t if_match);

  static constexpr int64_t kAuditListLimit = 10000;

  UserStore& users_;
  SchedulingStore& directory_;
  Vault& vault_;
  AuditLog& audit_;
  const Clock& clock_;
  const ResourceValidator& validator_;
  care::Scheduling* scheduling_;
};

}  // namespace mc::fhir
