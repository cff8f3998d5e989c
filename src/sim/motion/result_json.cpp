#include "sim/motion/result_json.h"

#include <cmath>
#include <cstdio>

namespace mc::motion {
namespace {

std::string Degrees(double value) {
  char text[32];
  // -0.0 would print as "-0.0" on one side of a rounding and "0.0" on the
  // other; a reading is never negative but rounding noise can be.
  double rounded = std::round(value * 10) / 10;
  if (rounded == 0) rounded = 0;
  std::snprintf(text, sizeof text, "%.1f", rounded);
  return text;
}

std::string Milliseconds(double value) {
  return std::to_string(std::llround(value));
}

std::string RepsJson(const std::vector<Rep>& reps) {
  std::string json = "[";
  for (size_t i = 0; i < reps.size(); ++i) {
    if (i > 0) json += ",";
    json += "{\"start_ms\":" + Milliseconds(reps[i].start_ms) +
            ",\"end_ms\":" + Milliseconds(reps[i].end_ms) +
            ",\"peak_deg\":" + Degrees(reps[i].peak_deg) + "}";
  }
  return json + "]";
}

}  // namespace

std::string SetResultJson(const SetResult& result) {
  std::string json = "{\"exercise\":\"";
  json += ProfileOf(result.exercise).name;
  json += "\",\"side\":\"";
  json += SideName(result.side);
  json += "\",\"target_deg\":" + Degrees(result.target_deg);
  json += ",\"rep_count\":" + std::to_string(result.reps.size());
  json += ",\"partial_count\":" + std::to_string(result.partials.size());
  json += ",\"reps\":" + RepsJson(result.reps);
  json += ",\"partials\":" + RepsJson(result.partials);
  json += ",\"rom_deg\":";
  json += result.rom ? "{\"min\":" + Degrees(result.rom->min_deg) +
                           ",\"max\":" + Degrees(result.rom->max_deg) + "}"
                     : std::string("null");
  json += ",\"low_confidence_ms\":" + Milliseconds(result.low_confidence_ms);
  json += ",\"low_confidence_spans\":[";
  for (size_t i = 0; i < result.low_confidence_spans.size(); ++i) {
    const Span& span = result.low_confidence_spans[i];
    if (i > 0) json += ",";
    json += "{\"start_ms\":" + Milliseconds(span.start_ms) +
            ",\"end_ms\":" + Milliseconds(span.end_ms) + "}";
  }
  json += "],\"tempo\":{\"mean_rep_ms\":";
  json += result.mean_rep_ms ? Milliseconds(*result.mean_rep_ms) : "null";
  json += ",\"fast_rep_count\":" + std::to_string(result.fast_rep_count);
  return json + "}}";
}

}  // namespace mc::motion
