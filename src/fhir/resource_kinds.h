// The FHIR resource types MetaClinic serves, and for each: where it lives,
// which interactions it supports, where its patient, date, status and code
// are (for compartments and search), and what a valid one must contain.
// The CapabilityStatement is generated from this table, so it cannot
// promise more than the server does.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace mc::fhir {

enum class Storage {
  kVault,             // vault records of this type (FHIR JSON, encrypted)
  kPatient,           // id = pseudonym; the "Patient" vault record or the account
  kPractitioner,      // care staff accounts
  kPractitionerRole,  // availability rules
  kAuditEvent,        // the audit log
  kDefinition,        // fixed definitions served from code (questionnaires.h)
};

struct ResourceKind {
  std::string_view type;
  Storage storage;
  bool readable = true;  // read (and vread where versioned)
  bool versioned = false;
  bool writable = false;  // create and update through FHIR
  bool patient_data = true;  // in a patient's compartment: audited, policed
  // JSON pointers into the resource.
  std::string_view patient_pointer;  // "/subject/reference"
  std::string_view date_pointer;
  std::string_view status_pointer;
  std::string_view code_pointer;  // a CodeableConcept
  std::vector<std::string_view> search_parameters;  // besides _count/_offset
  std::vector<std::string_view> required;           // top-level elements
  std::vector<std::string_view> statuses;           // allowed status codes
};

// The table, in CapabilityStatement order.
const std::vector<ResourceKind>& ResourceKinds();
// Where `kind`'s patient reference is, as an error path:
// "Observation.subject.reference".
std::string PatientPath(const ResourceKind& kind);

// Null for a type MetaClinic does not serve.
const ResourceKind* FindResourceKind(std::string_view type);

}  // namespace mc::fhir
