#include "fhir/resource_kinds.h"

#include <algorithm>

namespace mc::fhir {

const std::vector<ResourceKind>& ResourceKinds() {
  static const std::vector<ResourceKind> kinds = {
      {"Patient", Storage::kPatient, true, true, true, true, "", "/birthDate", "", "",
       {"_id"}, {}, {}},
      {"Practitioner", Storage::kPractitioner, true, false, false, false, "", "", "", "",
       {"_id", "name"}, {}, {}},
      {"PractitionerRole", Storage::kPractitionerRole, true, false, false, false, "", "",
       "", "", {"_id", "practitioner"}, {}, {}},
      {"Appointment", Storage::kVault, true, true, true, true,
       "/participant/0/actor/reference", "/start", "/status", "",
       {"_id", "patient", "date", "status"}, {"status", "participant"},
       {"proposed", "pending", "booked", "arrived", "fulfilled", "cancelled", "noshow",
        "entered-in-error", "checked-in", "waitlist"}},
      {"Encounter", Storage::kVault, true, true, true, true, "/subject/reference",
       "/period/start", "/status", "", {"_id", "patient", "date", "status"},
       {"status", "class", "subject"},
       {"planned", "arrived", "triaged", "in-progress", "onleave", "finished", "cancelled",
        "entered-in-error", "unknown"}},
      {"Observation", Storage::kVault, true, true, true, true, "/subject/reference",
       "/effectiveDateTime", "/status", "/code", {"_id", "patient", "date", "status", "code"},
       {"status", "code", "subject"},
       {"registered", "preliminary", "final", "amended", "corrected", "cancelled",
        "entered-in-error", "unknown"}},
      {"Condition", Storage::kVault, true, true, true, true, "/subject/reference",
       "/recordedDate", "/clinicalStatus/coding/0/code", "/code",
       {"_id", "patient", "date", "status", "code"}, {"subject"},
       {"active", "recurrence", "relapse", "inactive", "remission", "resolved"}},
      {"QuestionnaireResponse", Storage::kVault, true, true, true, true,
       "/subject/reference", "/authored", "/status", "", {"_id", "patient", "date", "status"},
       {"status", "subject"},
       {"in-progress", "completed", "amended", "entered-in-error", "stopped"}},
      {"Flag", Storage::kVault, true, true, true, true, "/subject/reference", "/period/start",
       "/status", "/code", {"_id", "patient", "date", "status", "code"},
       {"status", "code", "subject"}, {"active", "inactive", "entered-in-error"}},
      {"Consent", Storage::kVault, true, true, true, true, "/patient/reference", "/dateTime",
       "/status", "", {"_id", "patient", "date", "status"},
       {"status", "scope", "category", "patient"},
       {"draft", "proposed", "active", "rejected", "inactive", "entered-in-error"}},
      // Therapy programmes (issue 17): a rehabilitation CarePlan's activities
      // are the prescribed exercises; recorded sets are Observations whose
      // basedOn names it (rehab_observations.h).
      {"CarePlan", Storage::kVault, true, true, true, true, "/subject/reference",
       "/period/start", "/status", "", {"_id", "patient", "date", "status"},
       {"status", "intent", "subject"},
       {"draft", "active", "on-hold", "revoked", "completed", "entered-in-error", "unknown"}},
      // Written by the image archive (DICOMweb STOW-RS), read-only here.
      {"ImagingStudy", Storage::kVault, true, true, false, true, "/subject/reference",
       "/started", "/status", "", {"_id", "patient", "date", "status"}, {"status", "subject"},
       {"registered", "available", "cancelled", "entered-in-error", "unknown"}},
      {"Questionnaire", Storage::kDefinition, true, false, false, false, "", "", "/status", "",
       {"_id", "url"}, {}, {}},
      {"AuditEvent", Storage::kAuditEvent, true, false, false, true, "", "/recorded", "", "",
       {"_id", "patient", "date"}, {}, {}},
  };
  return kinds;
}

std::string PatientPath(const ResourceKind& kind) {
  std::string path = std::string(kind.type) + std::string(kind.patient_pointer);
  std::replace(path.begin(), path.end(), '/', '.');
  return path;
}

const ResourceKind* FindResourceKind(std::string_view type) {
  for (const ResourceKind& kind : ResourceKinds()) {
    if (kind.type == type) return &kind;
  }
  return nullptr;
}

}  // namespace mc::fhir
