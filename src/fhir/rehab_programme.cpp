#include "fhir/rehab_programme.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "fhir/rehab_observations.h"
#include "sim/motion/exercises.h"

namespace mc::fhir {

using nlohmann::json;

namespace {

// A whole number in [low, high], or InvalidArgument `code`.
StatusOr<int> WholeNumber(const json& object, const char* key, int low, int high,
                          const char* code, const std::string& where) {
  const json& value = object.at(key);
  if (!value.is_number() || !std::isfinite(value.get<double>()) ||
      value.get<double>() != std::floor(value.get<double>()) || value.get<double>() < low ||
      value.get<double>() > high) {
    return InvalidArgument(code, fmt::format("{}{} must be a whole number from {} to {}", where,
                                             key, low, high));
  }
  return static_cast<int>(value.get<double>());
}

json Extension(const char* url, const char* value_key, json value) {
  return {{"url", url}, {value_key, std::move(value)}};
}

// The value of the sub-extension `url` of `extensions`, or null.
const json* SubValue(const json& extensions, std::string_view url, const char* value_key) {
  if (!extensions.is_array()) return nullptr;
  for (const json& extension : extensions) {
    if (extension.is_object() && extension.value("url", "") == url &&
        extension.contains(value_key)) {
      return &extension[value_key];
    }
  }
  return nullptr;
}

std::string Words(const RehabActivity& activity) {
  return fmt::format("{} sets of {} reps, {} side, to {:.0f} degrees, {} days a week",
                     activity.sets, activity.reps, activity.side, activity.target_deg,
                     activity.days_per_week);
}

std::optional<RehabActivity> ActivityFromCarePlan(const json& entry) {
  if (!entry.is_object()) return std::nullopt;
  const json detail = entry.value("detail", json::object());
  const json code = detail.value("code", json::object());
  const json coding = code.value("coding", json::array());
  if (!coding.is_array() || coding.empty() || !coding[0].is_object() ||
      coding[0].value("system", "") != kRehabCodeSystem) {
    return std::nullopt;
  }
  RehabActivity activity;
  activity.id = entry.value("id", "");
  activity.exercise = coding[0].value("code", "");
  activity.title = code.value("text", activity.exercise);
  activity.sets = static_cast<int>(detail.value("quantity", json::object()).value("value", 0.0));
  activity.days_per_week = detail.value("scheduledTiming", json::object())
                               .value("repeat", json::object())
                               .value("frequency", 0);
  const json extensions = detail.value("extension", json::array());
  for (const json& extension : extensions) {
    if (!extension.is_object() || extension.value("url", "") != kRehabPrescriptionUrl) continue;
    const json parts = extension.value("extension", json::array());
    if (const json* side = SubValue(parts, "side", "valueCode"); side && side->is_string()) {
      activity.side = side->get<std::string>();
    }
    if (const json* reps = SubValue(parts, "reps", "valueInteger"); reps && reps->is_number()) {
      activity.reps = reps->get<int>();
    }
    if (const json* target = SubValue(parts, "target-angle", "valueQuantity");
        target && target->is_object()) {
      activity.target_deg = target->value("value", 0.0);
    }
  }
  return activity;
}

}  // namespace

bool RehabTargetIsValid(const std::string& exercise, double target_deg) {
  if (!std::isfinite(target_deg)) return false;
  if (exercise == kCervicalRotation) return target_deg >= 10 && target_deg <= 90;
  std::optional<motion::Exercise> parsed = motion::ParseExercise(exercise);
  return parsed && motion::TargetIsValid(*parsed, target_deg);
}

StatusOr<RehabActivity> ActivityFromRequest(const json& object, const std::string& where) {
  if (!object.is_object()) {
    return InvalidArgument("invalid_activities", where + "an activity must be an object");
  }
  static constexpr const char* kKeys[] = {"exercise",   "side",          "sets", "reps",
                                          "target_deg", "days_per_week", "title"};
  for (const auto& [key, value] : object.items()) {
    if (std::find(std::begin(kKeys), std::end(kKeys), key) == std::end(kKeys)) {
      return InvalidArgument("unknown_field", where + "unknown field " + key);
    }
  }
  for (const char* key : kKeys) {
    if (!object.contains(key)) return InvalidArgument("invalid_field", where + key + " is required");
  }
  RehabActivity activity;
  const json& exercise = object["exercise"];
  if (!exercise.is_string() || (exercise != kCervicalRotation &&
                                !motion::ParseExercise(exercise.get<std::string>()))) {
    return InvalidArgument("invalid_exercise",
                           where + "exercise must be knee-flexion, knee-extension, "
                                   "elbow-flexion, shoulder-flexion, shoulder-abduction, "
                                   "hip-flexion or cervical-rotation");
  }
  activity.exercise = exercise.get<std::string>();
  if (!object["side"].is_string() || !motion::ParseSide(object["side"].get<std::string>())) {
    return InvalidArgument("invalid_side", where + "side must be left or right");
  }
  activity.side = object["side"].get<std::string>();
  MC_ASSIGN_OR_RETURN(activity.sets, WholeNumber(object, "sets", 1, 10, "invalid_sets", where));
  MC_ASSIGN_OR_RETURN(activity.reps, WholeNumber(object, "reps", 1, 50, "invalid_reps", where));
  MC_ASSIGN_OR_RETURN(activity.days_per_week, WholeNumber(object, "days_per_week", 1, 7,
                                                          "invalid_days_per_week", where));
  const json& target = object["target_deg"];
  if (!target.is_number() || !RehabTargetIsValid(activity.exercise, target.get<double>())) {
    return InvalidArgument("invalid_target",
                           where + "target_deg is not a target this exercise can reach "
                                   "(at least 10 degrees from where it starts, 0-180)");
  }
  activity.target_deg = std::round(target.get<double>() * 10) / 10;
  const json& title = object["title"];
  if (!title.is_string() || title.get<std::string>().empty() ||
      title.get<std::string>().size() > kMaxTitleLength) {
    return InvalidArgument("invalid_title", where + "title must be 1-120 characters");
  }
  activity.title = title.get<std::string>();
  return activity;
}

json ProgrammeCarePlan(const std::string& pseudonym, int64_t author_user_id,
                       const std::string& title, const std::vector<RehabActivity>& activities,
                       const std::string& created) {
  json entries = json::array();
  int index = 0;
  for (const RehabActivity& activity : activities) {
    json prescription = {
        {"url", kRehabPrescriptionUrl},
        {"extension",
         json::array({Extension("side", "valueCode", activity.side),
                      Extension("reps", "valueInteger", activity.reps),
                      Extension("target-angle", "valueQuantity",
                                {{"value", activity.target_deg},
                                 {"unit", "deg"},
                                 {"system", "http://unitsofmeasure.org"},
                                 {"code", "deg"}})})}};
    entries.push_back(
        {{"id", fmt::format("a{}", ++index)},
         {"detail",
          {{"extension", json::array({prescription})},
           {"kind", "ServiceRequest"},
           {"code",
            {{"coding", json::array({{{"system", kRehabCodeSystem}, {"code", activity.exercise}}})},
             {"text", activity.title}}},
           {"status", "scheduled"},
           {"scheduledTiming",
            {{"repeat", {{"frequency", activity.days_per_week}, {"period", 1}, {"periodUnit", "wk"}}}}},
           {"quantity", {{"value", activity.sets}, {"unit", "sets"}}},
           {"description", Words(activity)}}}});
  }
  return {{"resourceType", "CarePlan"},
          {"status", "active"},
          {"intent", "plan"},
          {"category", json::array({{{"text", "Rehabilitation exercise programme"}}})},
          {"title", title},
          {"subject", {{"reference", "Patient/" + pseudonym}}},
          {"period", {{"start", created.substr(0, 10)}}},
          {"created", created},
          {"author", {{"reference", fmt::format("Practitioner/{}", author_user_id)}}},
          {"activity", std::move(entries)}};
}

std::optional<RehabProgramme> ProgrammeFromCarePlan(const std::string& careplan_id,
                                                    const json& careplan) {
  if (!careplan.is_object() || careplan.value("resourceType", "") != "CarePlan") {
    return std::nullopt;
  }
  RehabProgramme programme;
  programme.careplan_id = careplan_id;
  programme.title = careplan.value("title", "");
  programme.created = careplan.value("created", "");
  programme.status = careplan.value("status", "");
  const json activities = careplan.value("activity", json::array());
  if (!activities.is_array()) return std::nullopt;
  for (const json& entry : activities) {
    if (std::optional<RehabActivity> activity = ActivityFromCarePlan(entry)) {
      programme.activities.push_back(std::move(*activity));
    }
  }
  if (programme.activities.empty()) return std::nullopt;
  return programme;
}

json ProgrammeJson(const RehabProgramme& programme) {
  json activities = json::array();
  for (const RehabActivity& activity : programme.activities) {
    activities.push_back({{"id", activity.id},
                          {"exercise", activity.exercise},
                          {"side", activity.side},
                          {"sets", activity.sets},
                          {"reps", activity.reps},
                          {"target_deg", activity.target_deg},
                          {"days_per_week", activity.days_per_week},
                          {"title", activity.title}});
  }
  return {{"careplan_id", programme.careplan_id},
          {"title", programme.title},
          {"created", programme.created},
          {"activities", std::move(activities)}};
}

}  // namespace mc::fhir
