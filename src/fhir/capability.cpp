// The CapabilityStatement, generated from the resource table so it says
// exactly what the server does.
#include <fmt/format.h>

#include "core/clock.h"
#include "fhir/fhir_service.h"

namespace mc::fhir {
namespace {

using nlohmann::json;

std::string_view SearchType(std::string_view parameter) {
  if (parameter == "date") return "date";
  if (parameter == "patient" || parameter == "practitioner") return "reference";
  if (parameter == "name") return "string";
  return "token";
}

}  // namespace

json FhirService::CapabilityStatement(const std::string& base_url) const {
  json resources = json::array();
  for (const ResourceKind& kind : ResourceKinds()) {
    json interactions = json::array();
    auto add = [&](const char* code) { interactions.push_back({{"code", code}}); };
    if (kind.readable) add("read");
    if (kind.versioned) add("vread");
    if (kind.writable) {
      add("create");
      add("update");
    }
    add("search-type");
    json parameters = json::array();
    for (std::string_view parameter : kind.search_parameters) {
      parameters.push_back({{"name", parameter}, {"type", SearchType(parameter)}});
    }
    json resource = {{"type", kind.type},
                     {"interaction", interactions},
                     {"versioning", kind.versioned ? "versioned" : "no-version"},
                     {"readHistory", kind.versioned},
                     {"updateCreate", false},
                     {"conditionalCreate", false},
                     {"conditionalUpdate", false},
                     {"conditionalDelete", "not-supported"},
                     {"searchParam", parameters}};
    if (kind.type == "Appointment") {
      resource["documentation"] =
          "create books the slot named by slot[0] (Slot/<slot id> from GET "
          "/api/departments/{id}/slots) for participant[0] (the patient); update may only "
          "cancel (status cancelled).";
    }
    if (kind.type == "Patient") {
      resource["operation"] = json::array(
          {{{"name", "everything"},
            {"definition", "http://hl7.org/fhir/OperationDefinition/Patient-everything"}}});
      resource["interaction"].push_back({{"code", "delete"}});
      resource["conditionalDelete"] = "not-supported";
      resource["documentation"] =
          "DELETE is erasure at the patient's request: crypto-shredding; audit records remain "
          "under the pseudonym.";
    }
    resources.push_back(resource);
  }
  return {
      {"resourceType", "CapabilityStatement"},
      {"status", "active"},
      {"date", "2026-11-25"},
      {"publisher", "MetaClinic"},
      {"kind", "instance"},
      {"software", {{"name", "MetaClinic"}}},
      {"implementation",
       {{"description", "MetaClinic virtual hospital record API"}, {"url", base_url}}},
      {"fhirVersion", "4.0.1"},
      {"format", json::array({"application/fhir+json", "json"})},
      {"rest",
       json::array(
           {{{"mode", "server"},
             {"documentation",
              "Session cookie authentication (POST /api/session); writes need X-CSRF-Token. "
              "Access: own compartment for patients, care relationship (minus consent) or "
              "X-Break-Glass for care staff; see docs/fhir.md."},
             {"security",
              {{"description",
                "Session cookie; SMART on FHIR scopes documented for a later OAuth front"}}},
             {"resource", resources}}})}};
}

}  // namespace mc::fhir
