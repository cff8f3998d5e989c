#include "sim/motion/set_trace.h"

#include <utility>
#include <vector>

#include "sim/motion/head_trace.h"

namespace mc::motion {

std::variant<SetResult, TraceError> AnalyseTraceCsv(
    std::string_view csv, const AnalysisOptions& options) {
  if (options.exercise == Exercise::kCervicalRotation) {
    auto parsed = ParseHeadTraceCsv(csv, options.side);
    if (auto* error = std::get_if<TraceError>(&parsed)) return std::move(*error);
    MotionAnalyser analyser(options);
    for (const HeadSample& sample : std::get<std::vector<HeadSample>>(parsed)) {
      analyser.PushAngle(sample.t_ms, sample.rotation_deg);
    }
    return analyser.Result();
  }
  auto parsed = ParseTraceCsv(csv);
  if (auto* error = std::get_if<TraceError>(&parsed)) return std::move(*error);
  return AnalyseTrace(std::get<std::vector<Frame>>(parsed), options);
}

}  // namespace mc::motion
