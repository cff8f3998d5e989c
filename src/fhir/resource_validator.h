// Validation of incoming FHIR resources against the official FHIR R4 JSON
// schema (share/fhir/fhir.schema.json), plus the R4 primitive rules the
// schema states only as regexes or not at all (calendar-valid dates,
// integers that are whole numbers).
//
// Load() parses the 3.3 MB schema once (tens of milliseconds); Validate()
// checks one resource against #/definitions/<resourceType> only, not the
// schema's top-level oneOf, so errors name the offending field.
//
// The schema's `pattern`s are not handed to valijson: it runs them with
// std::regex, whose backtracking recurses once per character and overflows
// the stack on strings of some ten thousand characters. The same rules are
// checked here by hand, without regexes on unbounded input.
//
// Threading: Validate() is thread-safe (the parsed schema is read-only;
// each thread has its own valijson::Validator).
#pragma once

#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "core/status.h"

namespace mc::fhir {

class ResourceValidator {
 public:
  // The schema at `schema_path`: Unavailable ("fhir_schema") when it cannot
  // be read or parsed.
  static StatusOr<std::unique_ptr<ResourceValidator>> Load(const std::string& schema_path);
  // The validator for ShareDir()/fhir/fhir.schema.json, loaded on first use
  // and shared by every caller after that (a failed load is returned to
  // every caller).
  static StatusOr<const ResourceValidator*> Shared();

  ~ResourceValidator();
  ResourceValidator(const ResourceValidator&) = delete;
  ResourceValidator& operator=(const ResourceValidator&) = delete;

  // OK when `resource` is a valid R4 resource of the type its resourceType
  // names. Otherwise InvalidArgument with the stable code
  // "invalid_resource" (or "unknown_resource_type" when resourceType is
  // missing, not a string or not an R4 type) and, via WithPath, the
  // FHIRPath-like expression of the first offending field
  // ("Observation.code.coding[0].code"). Never throws.
  Status Validate(const nlohmann::json& resource) const;

  // The deepest nesting of objects and arrays accepted (valijson recurses
  // per level).
  static constexpr int kMaxDepth = 48;

 private:
  struct Compiled;
  explicit ResourceValidator(std::unique_ptr<Compiled> compiled);

  std::unique_ptr<Compiled> compiled_;
};

}  // namespace mc::fhir
