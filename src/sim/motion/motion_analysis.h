// MotionAnalyser: one set of one exercise, frame by frame: keypoints ->
// goniometer angle (joint_angles.h) -> smoothing (smoothing.h) -> rep state
// machine (rep_counter.h), with range of motion, tempo and low-confidence
// spans. The browser runs it live through the C API (motion_c_api.h); the
// server re-analyses a finished set's trace with AnalyseTrace. Same code,
// same numbers (docs/motion.md).
//
// A frame whose needed keypoints score below kMinimumScore gives no number:
// the filter restarts after such a gap, and the span from that frame to the
// next confident one (or to the last frame) counts as low confidence.
//
// Time is handed in with each frame; REQUIRES strictly increasing t_ms
// (the CSV reader enforces it; a frame that is not later is ignored).
// Plain value; not thread-safe.
#pragma once

#include <optional>
#include <vector>

#include "sim/motion/exercises.h"
#include "sim/motion/keypoints.h"
#include "sim/motion/rep_counter.h"
#include "sim/motion/smoothing.h"

namespace mc::motion {

struct AnalysisOptions {
  Exercise exercise = Exercise::kKneeFlexion;
  Side side = Side::kLeft;
  // nullopt: the exercise's default target. REQUIRES: TargetIsValid.
  std::optional<double> target_deg;
};

struct Span {
  double start_ms = 0;
  double end_ms = 0;
};

struct RangeOfMotion {
  double min_deg = 0;
  double max_deg = 0;
};

// What a finished set is: the record the server stores.
struct SetResult {
  Exercise exercise = Exercise::kKneeFlexion;
  Side side = Side::kLeft;
  double target_deg = 0;
  std::vector<Rep> reps;
  std::vector<Rep> partials;
  std::optional<RangeOfMotion> rom;  // nullopt: no confident frame
  double low_confidence_ms = 0;
  std::vector<Span> low_confidence_spans;
  std::optional<double> mean_rep_ms;  // nullopt: no counted rep
  int fast_rep_count = 0;             // counted reps under min_rep_ms
  double first_t_ms = 0;              // the first and last frame's time
  double last_t_ms = 0;
};

// The live state after a frame, for feedback.
struct LiveReading {
  std::optional<double> angle_deg;  // smoothed; nullopt: low confidence
  RepPhase phase = RepPhase::kWaitingForStart;
  int rep_count = 0;
  int partial_count = 0;
  bool too_fast = false;  // "slow down": speed above the profile's limit
  // Set on the frame that closed a rep or partial.
  std::optional<RepCounter::Closed> closed;
};

class MotionAnalyser {
 public:
  explicit MotionAnalyser(const AnalysisOptions& options);

  LiveReading Push(const Frame& frame);
  // The same for an angle already read (nullopt: low confidence), as a
  // headset's cervical rotation is (head_trace.h).
  LiveReading PushAngle(double t_ms, std::optional<double> raw_deg);

  const AnalysisOptions& options() const { return options_; }

  // The set so far (ROM, reps, spans up to the last frame pushed).
  SetResult Result() const;

 private:
  const ExerciseProfile& profile_;
  AnalysisOptions options_;
  AngleFilter filter_;
  RepCounter counter_;
  std::optional<double> first_t_ms_;
  std::optional<double> last_t_ms_;
  std::optional<double> gap_start_ms_;  // open low-confidence span
  std::optional<RangeOfMotion> rom_;
  std::vector<Span> spans_;
};

// Analyses a whole trace. REQUIRES: frames in strictly increasing t_ms.
SetResult AnalyseTrace(const std::vector<Frame>& frames,
                       const AnalysisOptions& options);

}  // namespace mc::motion
