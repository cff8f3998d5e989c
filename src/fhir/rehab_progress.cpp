#include "fhir/rehab_progress.h"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "core/clock.h"
#include "fhir/rehab_observations.h"

namespace mc::fhir {

using nlohmann::json;

namespace {

constexpr int64_t kDayMs = 24 * 3600 * 1000;

std::string SubString(const json& parts, std::string_view url, const char* key) {
  for (const json& part : parts) {
    if (part.is_object() && part.value("url", "") == url && part.contains(key) &&
        part[key].is_string()) {
      return part[key].get<std::string>();
    }
  }
  return "";
}

const json* SetExtension(const json& observation) {
  auto extensions = observation.find("extension");
  if (extensions == observation.end() || !extensions->is_array()) return nullptr;
  for (const json& extension : *extensions) {
    if (extension.is_object() && extension.value("url", "") == kRehabSetUrl &&
        extension.contains("extension") && extension["extension"].is_array()) {
      return &extension["extension"];
    }
  }
  return nullptr;
}

// The first coding's code of a CodeableConcept.
std::string FirstCode(const json& concept_json) {
  const json coding = concept_json.value("coding", json::array());
  if (!coding.is_array() || coding.empty() || !coding[0].is_object()) return "";
  return coding[0].value("code", "");
}

std::string Code(const json& element) {
  return FirstCode(element.value("code", json::object()));
}

// The component `code` of `observation`, or null.
const json* ComponentOf(const json& observation, std::string_view code) {
  auto components = observation.find("component");
  if (components == observation.end() || !components->is_array()) return nullptr;
  for (const json& component : *components) {
    if (Code(component) == code) return &component;
  }
  return nullptr;
}

std::optional<double> QuantityOf(const json* component) {
  if (component == nullptr || !component->contains("valueQuantity")) return std::nullopt;
  const json& value = (*component)["valueQuantity"].value("value", json());
  if (!value.is_number()) return std::nullopt;
  return value.get<double>();
}

bool SaysBefore(const json& pain) {
  const json* timing = ComponentOf(pain, "timing");
  if (timing == nullptr) return false;
  const json answer = timing->value("valueCodeableConcept", json::object());
  return FirstCode(answer) == "before";
}

void Fill(RehabSetSummary& set, const json& observation) {
  const std::string code = Code(observation);
  if (code == "range-of-motion") {
    set.rom_min_deg = QuantityOf(ComponentOf(observation, "range-of-motion-min"));
    set.rom_max_deg = QuantityOf(ComponentOf(observation, "range-of-motion-max"));
    if (!set.rom_min_deg || !set.rom_max_deg) set.rom_min_deg = set.rom_max_deg = std::nullopt;
  } else if (code == "repetitions") {
    set.rep_count = observation.value("valueInteger", 0);
    if (const json* partial = ComponentOf(observation, "partial-repetitions")) {
      set.partial_count = partial->value("valueInteger", 0);
    }
    set.target_deg = QuantityOf(ComponentOf(observation, "target-angle"));
    set.low_confidence_ms =
        QuantityOf(ComponentOf(observation, "low-confidence-time")).value_or(0);
  } else if (code == kPainRatingLoinc && observation.contains("valueInteger")) {
    const int score = observation.value("valueInteger", 0);
    (SaysBefore(observation) ? set.pain_before : set.pain_after) = score;
  }
}

}  // namespace

std::vector<RehabSetSummary> RehabSets(const std::vector<json>& observations) {
  std::map<std::string, RehabSetSummary> by_id;
  for (const json& observation : observations) {
    if (!observation.is_object() || observation.value("resourceType", "") != "Observation") {
      continue;
    }
    const json* parts = SetExtension(observation);
    if (parts == nullptr) continue;
    const std::string id = SubString(*parts, "set", "valueString");
    if (id.empty()) continue;
    RehabSetSummary& set = by_id[id];
    if (set.set_id.empty()) {
      set.set_id = id;
      set.activity_id = SubString(*parts, "activity", "valueString");
      set.exercise = SubString(*parts, "exercise", "valueCode");
      set.side = SubString(*parts, "side", "valueCode");
      set.started_at = SubString(*parts, "started-at", "valueDateTime");
      set.started_unix_ms = ParseIsoUtc(set.started_at).value_or(0);
      const json based_on = observation.value("basedOn", json::array());
      if (based_on.is_array() && !based_on.empty() && based_on[0].is_object()) {
        const std::string reference = based_on[0].value("reference", "");
        if (reference.rfind("CarePlan/", 0) == 0) set.careplan_id = reference.substr(9);
      }
    }
    Fill(set, observation);
  }
  std::vector<RehabSetSummary> sets;
  for (auto& [id, set] : by_id) sets.push_back(std::move(set));
  std::stable_sort(sets.begin(), sets.end(), [](const auto& a, const auto& b) {
    return a.started_unix_ms < b.started_unix_ms;
  });
  return sets;
}

Adherence AdherenceOf(const std::vector<RehabSetSummary>& sets, int64_t now_unix_ms) {
  const int64_t today = now_unix_ms / kDayMs;
  std::set<int64_t> days;
  for (const RehabSetSummary& set : sets) {
    const int64_t day = set.started_unix_ms / kDayMs;
    if (set.started_unix_ms > 0 && day <= today && day > today - kAdherenceWindowDays) {
      days.insert(day);
    }
  }
  Adherence adherence;
  adherence.data_days = static_cast<int>(days.size());
  adherence.below_minimum = adherence.data_days < adherence.minimum_days;
  adherence.words = fmt::format(
      "{} of {} days with exercise data: {} the {} days a month that remote monitoring asks for.",
      adherence.data_days, adherence.window_days,
      adherence.below_minimum ? "below" : "meets", adherence.minimum_days);
  return adherence;
}

json SetSummaryJson(const RehabSetSummary& set) {
  auto optional = [](const auto& value) { return value ? json(*value) : json(nullptr); };
  json rom = nullptr;
  if (set.rom_min_deg && set.rom_max_deg) {
    rom = {{"min", *set.rom_min_deg}, {"max", *set.rom_max_deg}};
  }
  return {{"set_id", set.set_id},
          {"at", set.started_at},
          {"careplan_id", set.careplan_id},
          {"activity_id", set.activity_id},
          {"exercise", set.exercise},
          {"side", set.side},
          {"target_deg", optional(set.target_deg)},
          {"rep_count", set.rep_count},
          {"partial_count", set.partial_count},
          {"rom_deg", rom},
          {"low_confidence_ms", set.low_confidence_ms},
          {"pain_before", optional(set.pain_before)},
          {"pain_after", optional(set.pain_after)}};
}

}  // namespace mc::fhir
