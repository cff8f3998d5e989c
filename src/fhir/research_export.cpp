#include "fhir/research_export.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <random>

#include "core/crypto.h"
#include "fhir/fhir_json.h"

namespace mc::fhir {
namespace {

using nlohmann::json;

// The coded part of a CodeableConcept: system, code and display of each
// coding (standard vocabulary, not free text).
json Codes(const json& codeable) {
  json codes = json::array();
  if (!codeable.is_object()) return codes;
  for (const json& coding : codeable.value("coding", json::array())) {
    if (!coding.is_object() || !coding.contains("code")) continue;
    json code = {{"system", StringAt(coding, "/system")}, {"code", StringAt(coding, "/code")}};
    if (coding.contains("display")) code["display"] = StringAt(coding, "/display");
    codes.push_back(code);
  }
  return codes;
}

std::string Year(const json& resource, const char* field) {
  const std::string date = StringAt(resource, std::string("/") + field);
  return date.size() >= 4 ? date.substr(0, 4) : "";
}

}  // namespace

StatusOr<json> ResearchExport(Vault& vault, AuditLog& audit, const Clock& clock,
                              const Actor& actor) {
  if (actor.role != "researcher") {
    MC_RETURN_IF_ERROR(
        audit.Record(actor, {"research.export", "Export", "", AuditOutcome::kDenied}));
    return PermissionDenied("access_denied", "de-identified exports are for researchers");
  }
  MC_ASSIGN_OR_RETURN(std::vector<std::string> pseudonyms, vault.LivePatients());
  // Subject numbers are assigned in a random order, new for each export.
  const std::string seed = RandomBytes(8);
  std::mt19937_64 shuffle(std::hash<std::string>{}(seed));
  std::shuffle(pseudonyms.begin(), pseudonyms.end(), shuffle);
  std::map<std::string, std::string> subject_of;
  for (size_t index = 0; index < pseudonyms.size(); ++index) {
    subject_of[pseudonyms[index]] = fmt::format("S{}", index + 1);
  }
  // The vault is read as the system on the researcher's behalf; the audit
  // record names the researcher in its purpose.
  Actor reader = SystemActor(actor.request_id);
  reader.purpose = fmt::format("de-identified export for researcher #{}", actor.user_id);
  MC_ASSIGN_OR_RETURN(std::vector<VaultRecord> records,
                      vault.Search(reader, pseudonyms, "",
                                   {"research.export", "Export", "", AuditOutcome::kSuccess}));
  json rows = json::array();
  for (const VaultRecord& record : records) {
    if (record.type != "Observation" && record.type != "Condition") continue;
    const json resource = json::parse(record.json, nullptr, false);
    if (!resource.is_object()) continue;
    json row = {{"subject", subject_of[record.pseudonym]},
                {"type", record.type},
                {"code", Codes(resource.value("code", json::object()))}};
    if (record.type == "Observation") {
      row["status"] = StringAt(resource, "/status");
      row["year"] = Year(resource, "effectiveDateTime");
      if (resource.contains("valueQuantity") && resource["valueQuantity"].is_object()) {
        const json& quantity = resource["valueQuantity"];
        if (quantity.contains("value") && quantity["value"].is_number()) {
          row["value"] = quantity["value"];
        }
        const std::string code = StringAt(quantity, "/code");
        row["unit"] = code.empty() ? StringAt(quantity, "/unit") : code;
      }
    } else {
      row["clinical_status"] = StringAt(resource, "/clinicalStatus/coding/0/code");
      row["year"] = Year(resource, "recordedDate");
    }
    rows.push_back(row);
  }
  std::shuffle(rows.begin(), rows.end(), shuffle);
  return json{{"generated", FormatIsoUtc(clock.NowUnixMs()).substr(0, 10)},
              {"method",
               "subjects renumbered per export in random order; no names, ids, free text or "
               "references; dates reduced to the year; observations and conditions only"},
              {"subjects", pseudonyms.size()},
              {"records", rows}};
}

}  // namespace mc::fhir
