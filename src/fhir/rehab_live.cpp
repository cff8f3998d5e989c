#include "fhir/rehab_live.h"

#include <algorithm>
#include <cmath>

#include "fhir/rehab_programme.h"
#include "sim/motion/exercises.h"

namespace mc::fhir {

using nlohmann::json;

namespace {

// `object[key]` as a number in [low, high] (whole when `whole`).
StatusOr<double> Bounded(const json& object, const char* key, double low, double high,
                         bool whole = false) {
  const json& value = object.contains(key) ? object[key] : json();
  if (!value.is_number() || !std::isfinite(value.get<double>()) || value.get<double>() < low ||
      value.get<double>() > high ||
      (whole && value.get<double>() != std::floor(value.get<double>()))) {
    return InvalidArgument("invalid_live", std::string(key) + " must be a " +
                                               (whole ? "whole number" : "number") + " from " +
                                               std::to_string(static_cast<int>(low)) + " to " +
                                               std::to_string(static_cast<int>(high)));
  }
  return value.get<double>();
}

StatusOr<std::vector<std::array<double, 3>>> Keypoints(const json& value) {
  std::vector<std::array<double, 3>> points;
  if (value.is_null()) return points;
  if (!value.is_array() || value.size() != kLiveKeypoints) {
    return InvalidArgument("invalid_live", "keypoints must be null or 17 [x, y, score]");
  }
  for (const json& point : value) {
    if (!point.is_array() || point.size() != 3) {
      return InvalidArgument("invalid_live", "each keypoint is [x, y, score]");
    }
    std::array<double, 3> parsed{};
    for (size_t i = 0; i < 3; ++i) {
      const double limit = i == 2 ? 1.0 : 100000.0;
      const double low = i == 2 ? 0.0 : -limit;
      if (!point[i].is_number() || !std::isfinite(point[i].get<double>()) ||
          point[i].get<double>() < low || point[i].get<double>() > limit) {
        return InvalidArgument("invalid_live",
                               "keypoint x and y must be within 100000, score 0-1");
      }
      parsed[i] = point[i].get<double>();
    }
    points.push_back(parsed);
  }
  return points;
}

}  // namespace

StatusOr<LiveFrame> LiveFrameFromRequest(const json& object) {
  if (!object.is_object()) return InvalidArgument("invalid_live", "the body must be an object");
  static constexpr const char* kKeys[] = {"exercise",  "side",          "target_deg",
                                          "reps",      "rep_count",     "partial_count",
                                          "angle_deg", "keypoints"};
  for (const auto& [key, value] : object.items()) {
    if (std::find(std::begin(kKeys), std::end(kKeys), key) == std::end(kKeys)) {
      return InvalidArgument("unknown_field", "unknown field: " + key);
    }
  }
  LiveFrame frame;
  const json& exercise = object.contains("exercise") ? object["exercise"] : json();
  if (!exercise.is_string() ||
      (exercise.get<std::string>() != kCervicalRotation &&
       !motion::ParseExercise(exercise.get<std::string>()))) {
    return InvalidArgument("invalid_exercise", "exercise must be an exercise of the motion core");
  }
  frame.exercise = exercise.get<std::string>();
  const json& side = object.contains("side") ? object["side"] : json();
  if (side != "left" && side != "right") {
    return InvalidArgument("invalid_side", "side must be left or right");
  }
  frame.side = side.get<std::string>();
  MC_ASSIGN_OR_RETURN(frame.target_deg, Bounded(object, "target_deg", 0, 180));
  MC_ASSIGN_OR_RETURN(double reps, Bounded(object, "reps", 1, 50, true));
  MC_ASSIGN_OR_RETURN(double count, Bounded(object, "rep_count", 0, 1000, true));
  MC_ASSIGN_OR_RETURN(double partial, Bounded(object, "partial_count", 0, 1000, true));
  frame.reps = static_cast<int>(reps);
  frame.rep_count = static_cast<int>(count);
  frame.partial_count = static_cast<int>(partial);
  if (!object.contains("angle_deg")) {
    return InvalidArgument("invalid_live", "angle_deg must be a number or null");
  }
  if (!object["angle_deg"].is_null()) {
    MC_ASSIGN_OR_RETURN(double angle, Bounded(object, "angle_deg", -360, 360));
    frame.angle_deg = angle;
  }
  if (!object.contains("keypoints")) {
    return InvalidArgument("invalid_live", "keypoints must be null or 17 [x, y, score]");
  }
  MC_ASSIGN_OR_RETURN(frame.keypoints, Keypoints(object["keypoints"]));
  return frame;
}

json LiveFrameJson(const LiveFrame& frame, int64_t now_unix_ms) {
  json keypoints = nullptr;
  if (!frame.keypoints.empty()) {
    keypoints = json::array();
    for (const auto& point : frame.keypoints) keypoints.push_back({point[0], point[1], point[2]});
  }
  return {{"exercise", frame.exercise},
          {"side", frame.side},
          {"target_deg", frame.target_deg},
          {"reps", frame.reps},
          {"rep_count", frame.rep_count},
          {"partial_count", frame.partial_count},
          {"angle_deg", frame.angle_deg ? json(*frame.angle_deg) : json(nullptr)},
          {"keypoints", keypoints},
          {"age_ms", std::max<int64_t>(0, now_unix_ms - frame.at_unix_ms)}};
}

void RehabLive::DropExpired(int64_t now_unix_ms) {
  std::erase_if(frames_, [&](const auto& entry) {
    return now_unix_ms - entry.second.at_unix_ms > kLiveExpiryMs;
  });
  std::erase_if(watched_,
                [&](const auto& entry) { return now_unix_ms - entry.second > kLiveExpiryMs; });
}

void RehabLive::Put(const std::string& pseudonym, LiveFrame frame, int64_t now_unix_ms) {
  frame.at_unix_ms = now_unix_ms;
  std::lock_guard lock(mutex_);
  DropExpired(now_unix_ms);
  frames_[pseudonym] = std::move(frame);
}

void RehabLive::End(const std::string& pseudonym) {
  std::lock_guard lock(mutex_);
  frames_.erase(pseudonym);
}

std::optional<LiveFrame> RehabLive::Get(const std::string& pseudonym, int64_t now_unix_ms) const {
  std::lock_guard lock(mutex_);
  auto found = frames_.find(pseudonym);
  if (found == frames_.end() || now_unix_ms - found->second.at_unix_ms > kLiveExpiryMs) {
    return std::nullopt;
  }
  return found->second;
}

bool RehabLive::Watch(int64_t watcher, const std::string& pseudonym, int64_t now_unix_ms) {
  std::lock_guard lock(mutex_);
  DropExpired(now_unix_ms);
  auto [entry, inserted] = watched_.try_emplace({watcher, pseudonym}, now_unix_ms);
  entry->second = now_unix_ms;
  return inserted;
}

}  // namespace mc::fhir
