// One set's trace, parsed and analysed: the keypoint CSV (trace_csv.h) for
// the body exercises, the head trace (head_trace.h) for cervical rotation.
// The one entry point of the C API's offline analysis (so the CLI and the
// browser's WebAssembly) and of the server's re-analysis of uploaded sets.
// Pure; no state.
#pragma once

#include <string_view>
#include <variant>

#include "sim/motion/motion_analysis.h"
#include "sim/motion/trace_csv.h"

namespace mc::motion {

// REQUIRES: options.target_deg, when set, is TargetIsValid.
std::variant<SetResult, TraceError> AnalyseTraceCsv(
    std::string_view csv, const AnalysisOptions& options);

}  // namespace mc::motion
