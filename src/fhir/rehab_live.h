// RehabLive: what a patient playing a set in the gym shares with their
// therapist while it lasts (issue 17, "join a live session"; docs/api.md
// "Rehabilitation", PUT /api/rehab/live): the exercise, the live count and
// angle from the browser's motion core, and the latest 17 tracked keypoints
// (x, y, score; never a picture). In memory only, one frame per patient, the
// newest replacing the last: nothing is stored or logged, and a frame is
// gone kLiveExpiryMs after the patient's last one (or at once when they
// stop). Who may share or watch is decided by the caller (RehabService).
//
// It also remembers who watched whom lately, so the caller audits a
// therapist's joining once, not every poll.
//
// Threading: thread-safe (one mutex; no I/O under it).
#pragma once

#include <absl/base/thread_annotations.h>

#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/status.h"

namespace mc::fhir {

inline constexpr int64_t kLiveExpiryMs = 5000;
inline constexpr size_t kLiveKeypoints = 17;  // MoveNet order (docs/motion.md)
// The largest body of PUT /api/rehab/live: 17 keypoints need well under 2 KiB.
inline constexpr size_t kMaxLiveBodyBytes = 8 * 1024;

struct LiveFrame {
  std::string exercise;  // a motion core exercise name, or cervical-rotation
  std::string side;      // "left" or "right"
  double target_deg = 0;
  int reps = 0;  // the set's prescribed reps
  int rep_count = 0;
  int partial_count = 0;
  std::optional<double> angle_deg;  // none: not seen
  // Empty (the neck game, nothing tracked) or kLiveKeypoints of x, y, score
  // (image coordinates, y down, as the camera gave them).
  std::vector<std::array<double, 3>> keypoints;
  int64_t at_unix_ms = 0;  // set by RehabLive::Put
};

// A frame from the request's JSON object {exercise, side, target_deg, reps,
// rep_count, partial_count, angle_deg, keypoints}. InvalidArgument:
// "unknown_field", "invalid_exercise", "invalid_side", "invalid_live" (a
// missing or wrong value; keypoints null or 17 [x, y, score] with |x|, |y|
// <= 100000 and score 0-1).
StatusOr<LiveFrame> LiveFrameFromRequest(const nlohmann::json& object);

// {exercise, side, target_deg, reps, rep_count, partial_count, angle_deg,
// keypoints, age_ms} of a frame read at `now_unix_ms`.
nlohmann::json LiveFrameJson(const LiveFrame& frame, int64_t now_unix_ms);

class RehabLive {
 public:
  // `pseudonym`'s newest frame, stamped `now_unix_ms`.
  void Put(const std::string& pseudonym, LiveFrame frame, int64_t now_unix_ms);
  // The patient stopped: their frame goes at once.
  void End(const std::string& pseudonym);
  // The frame unless none came in the last kLiveExpiryMs.
  std::optional<LiveFrame> Get(const std::string& pseudonym, int64_t now_unix_ms) const;
  // Records that `watcher` looks at `pseudonym` now; true when this is a new
  // join (they had not looked in the last kLiveExpiryMs).
  bool Watch(int64_t watcher, const std::string& pseudonym, int64_t now_unix_ms);

 private:
  void DropExpired(int64_t now_unix_ms) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);

  mutable std::mutex mutex_;
  std::map<std::string, LiveFrame> frames_ ABSL_GUARDED_BY(mutex_);
  std::map<std::pair<int64_t, std::string>, int64_t> watched_ ABSL_GUARDED_BY(mutex_);
};

}  // namespace mc::fhir
