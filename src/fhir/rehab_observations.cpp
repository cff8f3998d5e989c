#include "fhir/rehab_observations.h"

#include <cmath>
#include <string>

namespace mc::fhir {
namespace {

using nlohmann::json;

// One decimal, as the result JSON and a goniometer reading.
double Tenths(double value) {
  double rounded = std::round(value * 10) / 10;
  return rounded == 0 ? 0 : rounded;
}

json Quantity(double value, const char* unit) {
  return {{"value", value},
          {"unit", unit},
          {"system", "http://unitsofmeasure.org"},
          {"code", unit}};
}

json RehabCode(const char* code, const std::string& text) {
  return {{"coding", json::array({{{"system", kRehabCodeSystem},
                                   {"code", code}}})},
          {"text", text}};
}

json Component(const char* code, const std::string& text, json value,
               const char* value_key) {
  return {{"code", RehabCode(code, text)}, {value_key, std::move(value)}};
}

// "Knee extension, right": the exercise as words.
std::string ExerciseWords(const motion::SetResult& result) {
  std::string words(motion::ProfileOf(result.exercise).name);
  for (char& c : words) {
    if (c == '-') c = ' ';
  }
  words[0] = static_cast<char>(words[0] - 'a' + 'A');
  return words + ", " + std::string(motion::SideName(result.side));
}

json Base(const motion::SetResult& result, const RehabSetContext& context,
          const char* code, const std::string& text) {
  return {
      {"resourceType", "Observation"},
      {"status", "final"},
      {"category",
       json::array({{{"coding",
                      json::array({{{"system",
                                     "http://terminology.hl7.org/CodeSystem/"
                                     "observation-category"},
                                    {"code", "activity"}}})}}})},
      {"code", RehabCode(code, text + ": " + ExerciseWords(result))},
      {"subject", {{"reference", "Patient/" + context.patient_pseudonym}}},
      {"basedOn",
       json::array({{{"reference", "CarePlan/" + context.care_plan_id}}})},
      {"effectiveDateTime", context.effective_end},
  };
}

}  // namespace

std::vector<json> RehabSetObservations(const motion::SetResult& result,
                                       const RehabSetContext& context) {
  json range = Base(result, context, "range-of-motion", "Range of motion");
  if (result.rom) {
    range["component"] = json::array(
        {Component("range-of-motion-min", "Smallest angle",
                   Quantity(Tenths(result.rom->min_deg), "deg"),
                   "valueQuantity"),
         Component("range-of-motion-max", "Largest angle",
                   Quantity(Tenths(result.rom->max_deg), "deg"),
                   "valueQuantity")});
  } else {
    range["dataAbsentReason"] = {
        {"text", "low confidence: the tracked keypoints were not trusted"}};
  }

  json reps = Base(result, context, "repetitions", "Repetitions");
  reps["valueInteger"] = static_cast<int>(result.reps.size());
  json components = json::array(
      {Component("partial-repetitions", "Partial repetitions (not counted)",
                 static_cast<int>(result.partials.size()), "valueInteger"),
       Component("target-angle", "Target angle",
                 Quantity(Tenths(result.target_deg), "deg"), "valueQuantity"),
       Component("low-confidence-time", "Time with low tracking confidence",
                 Quantity(std::round(result.low_confidence_ms), "ms"),
                 "valueQuantity")});
  if (result.mean_rep_ms) {
    components.push_back(Component("mean-repetition-time",
                                   "Mean repetition duration",
                                   Quantity(std::round(*result.mean_rep_ms), "ms"),
                                   "valueQuantity"));
  }
  reps["component"] = std::move(components);
  return {std::move(range), std::move(reps)};
}

}  // namespace mc::fhir
