// libFuzzer target for the validation of incoming FHIR resources: every
// input is parsed as JSON the way the FHIR API parses a body (no exceptions)
// and checked by both validators a create or update runs
// (fhir::ValidateResource for the served types, then the R4 schema of
// fhir/resource_validator.h). Neither may throw or crash, and a refusal
// must carry one of the documented codes and a path.
// Built and run by scripts/fuzz-target fhir_resource.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>

#include "core/status.h"
#include "fhir/fhir_json.h"
#include "fhir/resource_kinds.h"
#include "fhir/resource_validator.h"

namespace fhir = mc::fhir;
using nlohmann::json;

namespace {

// The schema takes some 150 ms to load: once per process, from
// $METACLINIC_SHARE (the script points it at share/).
const fhir::ResourceValidator& Validator() {
  static const fhir::ResourceValidator* validator = [] {
    auto shared = fhir::ResourceValidator::Shared();
    if (!shared.ok()) std::abort();  // a broken setup, not a finding
    return *shared;
  }();
  return *validator;
}

void CheckRefusal(const mc::Status& status, bool schema) {
  if (status.ok()) return;
  const std::string code = mc::ErrorCode(status);
  const bool documented =
      schema ? code == "invalid_resource" || code == "unknown_resource_type"
             : code == "invalid_resource" || code == "wrong_resource_type" ||
                   code == "id_mismatch" || code == "missing_element" ||
                   code == "invalid_code" || code == "invalid_reference" ||
                   code == "invalid_element";
  if (!documented || !absl::IsInvalidArgument(status) ||
      mc::ErrorPath(status).empty()) {
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const fhir::ResourceValidator& validator = Validator();
  const json resource =
      json::parse(data, data + size, nullptr, /*allow_exceptions=*/false);
  if (resource.is_discarded()) return 0;
  if (resource.is_object() && resource.contains("resourceType") &&
      resource["resourceType"].is_string()) {
    const fhir::ResourceKind* kind =
        fhir::FindResourceKind(resource["resourceType"].get<std::string>());
    if (kind != nullptr) {
      CheckRefusal(fhir::ValidateResource(*kind, resource, ""), false);
      CheckRefusal(fhir::ValidateResource(*kind, resource, "example"), false);
    }
  }
  CheckRefusal(validator.Validate(resource), true);
  return 0;
}
