// The safety flags' alert for care teams (docs/fhir.md "Questionnaires,
// scores and the safety flag"): which active safety Flags no one has
// acknowledged, and acknowledging one. Both go through the same search and
// update as /fhir, so the care policy and the audit apply unchanged.

#include <fmt/format.h>

#include <algorithm>

#include "fhir/fhir_service.h"

namespace mc::fhir {

using nlohmann::json;

namespace {

constexpr std::string_view kAcknowledgedBy =
    "https://metaclinic.org/fhir/StructureDefinition/acknowledged-by";
constexpr std::string_view kAcknowledgedAt =
    "https://metaclinic.org/fhir/StructureDefinition/acknowledged-at";

bool IsSafetyFlag(const json& flag) {
  if (flag.value("resourceType", "") != "Flag") return false;
  for (const json& category : flag.value("category", json::array())) {
    for (const json& coding : category.value("coding", json::array())) {
      if (coding.value("code", "") == "safety") return true;
    }
  }
  return false;
}

bool Acknowledged(const json& flag) {
  for (const json& extension : flag.value("extension", json::array())) {
    if (extension.value("url", "") == kAcknowledgedBy) return true;
  }
  return false;
}

std::string PseudonymOf(const json& flag) {
  const std::string reference = flag.value("subject", json::object()).value("reference", "");
  return reference.rfind("Patient/", 0) == 0 ? reference.substr(8) : reference;
}

}  // namespace

StatusOr<std::vector<SafetyAlert>> FhirService::SafetyAlerts(const FhirContext& context) {
  MC_ASSIGN_OR_RETURN(FhirResponse found,
                      Search(context, "Flag", {{"status", "active"}, {"_count", "100"}}));
  std::vector<SafetyAlert> alerts;
  for (const json& entry : found.body.value("entry", json::array())) {
    const json& flag = entry.value("resource", json::object());
    if (!IsSafetyFlag(flag) || Acknowledged(flag)) continue;
    alerts.push_back({flag.value("id", ""), PseudonymOf(flag),
                      flag["subject"].value("display", ""),
                      flag.value("period", json::object()).value("start", ""),
                      flag.value("code", json::object()).value("text", "")});
  }
  std::sort(alerts.begin(), alerts.end(),
            [](const SafetyAlert& a, const SafetyAlert& b) { return a.since > b.since; });
  return alerts;
}

Status FhirService::AcknowledgeSafetyFlag(const FhirContext& context, const std::string& flag_id) {
  MC_ASSIGN_OR_RETURN(FhirResponse read, Read(context, "Flag", flag_id));
  json flag = read.body;
  if (!IsSafetyFlag(flag)) return NotFound("resource_not_found", "no such safety flag");
  if (Acknowledged(flag)) return Status();
  flag.erase("meta");
  json extensions = flag.value("extension", json::array());
  extensions.push_back({{"url", kAcknowledgedBy},
                        {"valueReference",
                         {{"reference", fmt::format("Practitioner/{}", context.actor.user_id)},
                          {"display", StaffName(context.actor.user_id)}}}});
  extensions.push_back({{"url", kAcknowledgedAt}, {"valueDateTime", FormatIsoUtc(clock_.NowUnixMs())}});
  flag["extension"] = std::move(extensions);
  return Update(context, "Flag", flag_id, flag, read.version).status();
}

}  // namespace mc::fhir
