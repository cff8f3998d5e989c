// The JSON of a finished set (docs/motion.md, "Result JSON"), written by
// hand so the native build and the WebAssembly build give the same bytes:
//
//   {"exercise", "side", "target_deg", "rep_count", "partial_count",
//    "reps": [{"start_ms", "end_ms", "peak_deg"}], "partials": [same],
//    "rom_deg": {"min", "max"} | null, "low_confidence_ms",
//    "low_confidence_spans": [{"start_ms", "end_ms"}],
//    "tempo": {"mean_rep_ms" | null, "fast_rep_count"}}
//
// Angles have one decimal (a goniometer reads whole degrees); times are
// whole milliseconds. One line, no trailing newline.
#pragma once

#include <string>

#include "sim/motion/motion_analysis.h"

namespace mc::motion {

std::string SetResultJson(const SetResult& result);

}  // namespace mc::motion
