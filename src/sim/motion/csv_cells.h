// The cells of the motion core's CSV traces (trace_csv.h, head_trace.h):
// lines, comma-separated cells without quoting, numbers, and errors that
// name the line and column. Internal to sim/motion; pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/motion/trace_csv.h"

namespace mc::motion::csv {

// Without spaces, tabs and a trailing '\r' around it.
std::string_view Trim(std::string_view text);

// The trimmed cells of `line`, split at every comma.
std::vector<std::string_view> SplitCells(std::string_view line);

// The whole cell as a finite double; nullopt otherwise (empty, text, inf,
// NaN, overflow, over 64 characters).
std::optional<double> ParseNumber(std::string_view cell);

// `value` for a message ("%.10g").
std::string ShortNumber(double value);

// "line N, column C: what" under `code`.
TraceError Error(std::string code, size_t line, std::string_view column,
                 std::string what);

// (line number from 1, line) pairs of `text`, skipping empty lines.
std::vector<std::pair<size_t, std::string_view>> Lines(std::string_view text);

// The index of the header cell `name`, or header.size() when absent.
size_t ColumnIndex(const std::vector<std::string_view>& header,
                   std::string_view name);

}  // namespace mc::motion::csv
