#include "sim/motion/motion_c_api.h"

#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <variant>

#include "sim/motion/motion_analysis.h"
#include "sim/motion/result_json.h"
#include "sim/motion/head_trace.h"
#include "sim/motion/set_trace.h"

namespace {

using mc::motion::AnalysisOptions;
using mc::motion::MotionAnalyser;

constexpr size_t kMaxLiveSets = 16;

std::string& Output() {
  static std::string output;
  return output;
}

std::map<int, MotionAnalyser>& LiveSets() {
  static std::map<int, MotionAnalyser> sets;
  return sets;
}

double* Reading() {
  static double reading[MC_MOTION_READING_LENGTH] = {};
  return reading;
}

std::string Escaped(const std::string& text) {
  std::string escaped;
  for (char c : text) {
    if (c == '"' || c == '\\') escaped += '\\';
    if (static_cast<unsigned char>(c) < 0x20) continue;
    escaped += c;
  }
  return escaped;
}

void SetError(const std::string& code, const std::string& message) {
  Output() = "{\"error\":{\"code\":\"" + Escaped(code) + "\",\"message\":\"" +
             Escaped(message) + "\"}}";
}

// Fills `options` from the C arguments, or sets the error output.
bool ReadOptions(const char* exercise, const char* side, double target_deg,
                 AnalysisOptions* options) {
  auto parsed_exercise =
      mc::motion::ParseExercise(exercise == nullptr ? "" : exercise);
  if (!parsed_exercise) {
    SetError("unknown_exercise", "unknown exercise");
    return false;
  }
  auto parsed_side = mc::motion::ParseSide(side == nullptr ? "" : side);
  if (!parsed_side) {
    SetError("unknown_side", "side must be left or right");
    return false;
  }
  options->exercise = *parsed_exercise;
  options->side = *parsed_side;
  options->target_deg.reset();
  if (!std::isnan(target_deg)) {
    if (!mc::motion::TargetIsValid(*parsed_exercise, target_deg)) {
      SetError("bad_target", "the target is outside this exercise's range");
      return false;
    }
    options->target_deg = target_deg;
  }
  return true;
}

void WriteReading(const mc::motion::LiveReading& reading) {
  double* out = Reading();
  out[0] = reading.angle_deg.value_or(std::numeric_limits<double>::quiet_NaN());
  out[1] = static_cast<double>(reading.phase);
  out[2] = reading.rep_count;
  out[3] = reading.partial_count;
  out[4] = reading.too_fast ? 1 : 0;
  out[5] = !reading.closed ? -1 : (reading.closed->counted ? 1 : 0);
}

}  // namespace

extern "C" {

int mc_motion_analyse_csv(const char* csv, const char* exercise,
                          const char* side, double target_deg) {
  AnalysisOptions options;
  if (!ReadOptions(exercise, side, target_deg, &options)) return 2;
  auto analysed = mc::motion::AnalyseTraceCsv(csv == nullptr ? "" : csv, options);
  if (auto* error = std::get_if<mc::motion::TraceError>(&analysed)) {
    SetError(error->code, error->message);
    return 2;
  }
  Output() = mc::motion::SetResultJson(std::get<mc::motion::SetResult>(analysed));
  return 0;
}

const char* mc_motion_output(void) { return Output().c_str(); }

int mc_motion_live_open(const char* exercise, const char* side,
                        double target_deg) {
  AnalysisOptions options;
  if (!ReadOptions(exercise, side, target_deg, &options)) return 0;
  auto& sets = LiveSets();
  if (sets.size() >= kMaxLiveSets) {
    SetError("too_many_sets", "too many live sets are open");
    return 0;
  }
  int handle = 1;
  while (sets.count(handle) != 0) ++handle;
  sets.emplace(handle, MotionAnalyser(options));
  return handle;
}

int mc_motion_live_push(int handle, double t_ms, const double* keypoints,
                        int has_depth) {
  auto found = LiveSets().find(handle);
  if (found == LiveSets().end() || keypoints == nullptr) return -1;
  mc::motion::Frame frame;
  frame.t_ms = t_ms;
  frame.has_depth = has_depth != 0;
  for (int i = 0; i < mc::motion::kKeypointCount; ++i) {
    const double* point = keypoints + 4 * i;
    bool finite = std::isfinite(point[0]) && std::isfinite(point[1]) &&
                  (!has_depth || std::isfinite(point[2]));
    // A point without a finite position is not trusted, whatever its score.
    frame.keypoints[i] = {{point[0], point[1], has_depth ? point[2] : 0},
                          finite ? point[3] : 0};
  }
  WriteReading(found->second.Push(frame));
  return 0;
}

int mc_motion_live_push_head(int handle, double t_ms, double qx, double qy,
                             double qz, double qw) {
  auto found = LiveSets().find(handle);
  if (found == LiveSets().end() ||
      found->second.options().exercise !=
          mc::motion::Exercise::kCervicalRotation) {
    return -1;
  }
  std::optional<double> rotation;
  double length = std::sqrt(qx * qx + qy * qy + qz * qz + qw * qw);
  if (std::isfinite(length) && std::fabs(length - 1) <= 0.1) {
    rotation = mc::motion::HeadRotationTowardsDeg(
        qx / length, qy / length, qz / length, qw / length,
        found->second.options().side);
  }
  WriteReading(found->second.PushAngle(t_ms, rotation));
  return 0;
}

const double* mc_motion_live_reading(void) { return Reading(); }

int mc_motion_live_result(int handle) {
  auto found = LiveSets().find(handle);
  if (found == LiveSets().end()) return -1;
  Output() = mc::motion::SetResultJson(found->second.Result());
  return 0;
}

void mc_motion_live_close(int handle) { LiveSets().erase(handle); }

}  // extern "C"
