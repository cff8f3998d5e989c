#include "sim/motion/motion_analysis.h"

#include <algorithm>
#include <cmath>

#include "sim/motion/joint_angles.h"

namespace mc::motion {

MotionAnalyser::MotionAnalyser(const AnalysisOptions& options)
    : profile_(ProfileOf(options.exercise)),
      options_(options),
      counter_(profile_.rest_deg,
               options.target_deg.value_or(profile_.target_deg)) {}

LiveReading MotionAnalyser::Push(const Frame& frame) {
  return PushAngle(frame.t_ms,
                   ReadJointAngle(frame, profile_.angle, options_.side));
}

LiveReading MotionAnalyser::PushAngle(double t_ms,
                                      std::optional<double> raw) {
  LiveReading reading;
  if (last_t_ms_ && !(t_ms > *last_t_ms_)) return reading;
  if (!first_t_ms_) first_t_ms_ = t_ms;
  last_t_ms_ = t_ms;
  if (!raw) {
    if (!gap_start_ms_) gap_start_ms_ = t_ms;
    filter_.Reset();
  } else {
    if (gap_start_ms_) {
      spans_.push_back({*gap_start_ms_, t_ms});
      gap_start_ms_.reset();
    }
    double smoothed = filter_.Filter(t_ms, *raw);
    reading.angle_deg = smoothed;
    reading.too_fast =
        std::fabs(filter_.speed_deg_per_s()) > profile_.max_speed_deg_per_s;
    if (!rom_) rom_ = RangeOfMotion{smoothed, smoothed};
    rom_->min_deg = std::min(rom_->min_deg, smoothed);
    rom_->max_deg = std::max(rom_->max_deg, smoothed);
  }
  reading.closed = counter_.Push(t_ms, reading.angle_deg);
  reading.phase = counter_.phase();
  reading.rep_count = static_cast<int>(counter_.reps().size());
  reading.partial_count = static_cast<int>(counter_.partials().size());
  return reading;
}

SetResult MotionAnalyser::Result() const {
  SetResult result;
  result.exercise = options_.exercise;
  result.side = options_.side;
  result.target_deg = counter_.target_deg();
  result.reps = counter_.reps();
  result.partials = counter_.partials();
  result.rom = rom_;
  result.low_confidence_spans = spans_;
  result.first_t_ms = first_t_ms_.value_or(0);
  result.last_t_ms = last_t_ms_.value_or(0);
  if (gap_start_ms_) {
    result.low_confidence_spans.push_back({*gap_start_ms_, *last_t_ms_});
  }
  for (const Span& span : result.low_confidence_spans) {
    result.low_confidence_ms += span.end_ms - span.start_ms;
  }
  double total_ms = 0;
  for (const Rep& rep : result.reps) {
    double duration_ms = rep.end_ms - rep.start_ms;
    total_ms += duration_ms;
    if (duration_ms < profile_.min_rep_ms) ++result.fast_rep_count;
  }
  if (!result.reps.empty()) {
    result.mean_rep_ms = total_ms / static_cast<double>(result.reps.size());
  }
  return result;
}

SetResult AnalyseTrace(const std::vector<Frame>& frames,
                       const AnalysisOptions& options) {
  MotionAnalyser analyser(options);
  for (const Frame& frame : frames) analyser.Push(frame);
  return analyser.Result();
}

}  // namespace mc::motion
