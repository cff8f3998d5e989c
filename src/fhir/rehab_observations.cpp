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

json SetExtension(const motion::SetResult& result, const RehabSetContext& context) {
  auto part = [](const char* url, const char* key, const std::string& value) {
    return json{{"url", url}, {key, value}};
  };
  return {{"url", kRehabSetUrl},
          {"extension",
           json::array({part("set", "valueString", context.set_id),
                        part("activity", "valueString", context.activity_id),
                        part("exercise", "valueCode",
                             std::string(motion::ProfileOf(result.exercise).name)),
                        part("side", "valueCode", std::string(motion::SideName(result.side))),
                        part("started-at", "valueDateTime", context.started_at)})}};
}

json Base(const motion::SetResult& result, const RehabSetContext& context,
          json code, const std::string& effective) {
  json base = {
      {"resourceType", "Observation"},
      {"status", "final"},
      {"category",
       json::array({{{"coding",
                      json::array({{{"system",
                                     "http://terminology.hl7.org/CodeSystem/"
                                     "observation-category"},
                                    {"code", "activity"}}})}}})},
      {"code", std::move(code)},
      {"subject", {{"reference", "Patient/" + context.patient_pseudonym}}},
      {"basedOn",
       json::array({{{"reference", "CarePlan/" + context.care_plan_id}}})},
      {"effectiveDateTime", effective},
  };
  if (!context.set_id.empty()) {
    base["extension"] = json::array({SetExtension(result, context)});
  }
  return base;
}

json Base(const motion::SetResult& result, const RehabSetContext& context,
          const char* code, const std::string& text) {
  return Base(result, context, RehabCode(code, text + ": " + ExerciseWords(result)),
              context.effective_end);
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

json RehabPainObservation(int score, PainTiming timing, const motion::SetResult& result,
                          const RehabSetContext& context) {
  const bool before = timing == PainTiming::kBefore;
  const char* when = before ? "before" : "after";
  json code = {{"coding", json::array({{{"system", "http://loinc.org"},
                                        {"code", kPainRatingLoinc},
                                        {"display", "Pain severity 0-10"}}})},
               {"text", std::string("Pain ") + when + " the set: " + ExerciseWords(result)}};
  json pain = Base(result, context, std::move(code),
                   before && !context.started_at.empty() ? context.started_at
                                                         : context.effective_end);
  pain["valueInteger"] = score;
  pain["component"] = json::array(
      {{{"code", {{"coding", json::array({{{"system", kTimingCodeSystem}, {"code", "timing"}}})}}},
        {"valueCodeableConcept",
         {{"coding", json::array({{{"system", kTimingCodeSystem}, {"code", when}}})}}}}});
  return pain;
}

}  // namespace mc::fhir
