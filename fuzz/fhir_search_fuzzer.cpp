// libFuzzer target for FHIR search parameters (fhir/fhir_json.h): the first
// byte picks a resource type of the table, the rest is read as decoded
// name=value pairs separated by '&' (the API has already percent-decoded
// them). Whatever ParseSearch accepts must be a page within its limits and
// filters the type supports, and must match and page through sample
// resources without throwing (the Bundle is dumped, as the API does).
// Built and run by scripts/fuzz-target fhir_search.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "fhir/fhir_json.h"
#include "fhir/resource_kinds.h"

namespace fhir = mc::fhir;
using nlohmann::json;

namespace {

fhir::SearchParams Split(std::string_view text) {
  fhir::SearchParams params;
  while (!text.empty()) {
    const size_t end = std::min(text.find('&'), text.size());
    const std::string_view pair = text.substr(0, end);
    const size_t equals = std::min(pair.find('='), pair.size());
    params.emplace_back(
        std::string(pair.substr(0, equals)),
        std::string(pair.substr(std::min(equals + 1, pair.size()))));
    text.remove_prefix(std::min(end + 1, text.size()));
  }
  return params;
}

// Resources with every element search reads, some of them wrongly typed
// (stored records may predate validation).
const std::vector<json>& Samples() {
  static const std::vector<json> samples = {
      json::parse(R"({"resourceType":"Observation","id":"o1","status":"final",
        "code":{"coding":[{"system":"http://loinc.org","code":"15074-8"}]},
        "subject":{"reference":"Patient/p1"},"effectiveDateTime":"2026-01-15T10:00:00Z",
        "period":{"start":"2026-01-15"},"authored":"2026-01","dateTime":"2026",
        "recorded":"2026-01-15T10:00:00.000Z","birthDate":"1980-02-29",
        "name":[{"text":"Ada Lovelace"}],"practitioner":{"reference":"Practitioner/7"}})"),
      json::parse(R"({"resourceType":"Condition","id":7,"status":["final"],
        "code":{"coding":[{"code":7},"x",{"system":null,"code":"c"}]},
        "effectiveDateTime":20260115,"name":[{"text":3}],"practitioner":"x"})"),
      json::parse(R"({"code":{"coding":{"code":"c"}},"name":"n"})"),
  };
  return samples;
}

void CheckAccepted(const fhir::ResourceKind& kind,
                   const fhir::SearchRequest& request) {
  if (request.count < 1 || request.count > fhir::kMaxPageSize ||
      request.offset < 0) {
    std::abort();
  }
  for (const auto& [name, value] : request.filters) {
    if (value.empty() ||
        std::find(kind.search_parameters.begin(), kind.search_parameters.end(),
                  name) == kind.search_parameters.end()) {
      std::abort();
    }
    if (name == "patient") fhir::PatientIdOf(value);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::vector<fhir::ResourceKind>& kinds = fhir::ResourceKinds();
  const fhir::ResourceKind& kind = kinds[data[0] % kinds.size()];
  const fhir::SearchParams params = Split(
      std::string_view(reinterpret_cast<const char*>(data) + 1, size - 1));
  auto request = fhir::ParseSearch(kind, params);
  if (!request.ok()) {
    const std::string code = mc::ErrorCode(request.status());
    if (code != "invalid_search_parameter" &&
        code != "unknown_search_parameter") {
      std::abort();
    }
    return 0;
  }
  CheckAccepted(kind, *request);
  std::vector<json> matches;
  for (const json& sample : Samples()) {
    if (fhir::MatchesFilters(kind, sample, request->filters))
      matches.push_back(sample);
  }
  // Never an empty result, so every page builds its entries and links.
  while (matches.size() < 3) matches.push_back(Samples()[0]);
  const json bundle = fhir::SearchBundle(
      "http://localhost/fhir", std::string(kind.type), *request, matches);
  if (bundle.dump().empty()) std::abort();
  return 0;
}
