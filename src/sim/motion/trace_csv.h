// The keypoint trace format (docs/motion.md, "Trace CSV"): a header, then
// one row per frame. Columns: `t_ms`, then for each of the 17 MoveNet
// keypoints `<part>_x, <part>_y, <part>_z, <part>_score`, in any order;
// other columns are ignored. z is empty in every row for 2D (webcam) data
// and given in every row for 3D. No quoting; spaces around a cell and a
// trailing '\r' are ignored; empty lines are skipped.
//
// ParseTraceCsv never throws. On bad input it returns a TraceError with a
// stable code and a message that names the line (1-based, the header is
// line 1) and column:
//   trace_empty           no header or no data row
//   trace_too_large       more than kMaxTraceFrames rows
//   trace_missing_column  a required column is absent (all are named)
//   trace_row_width       a row's cell count differs from the header's
//   trace_not_a_number    a cell is not a finite number
//   trace_score_range     a score outside 0..1
//   trace_depth_mixed     z given in some cells and empty in others
//   trace_time_order      t_ms not greater than the previous row's
#pragma once

#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "sim/motion/keypoints.h"

namespace mc::motion {

// One hour at 60 Hz.
inline constexpr size_t kMaxTraceFrames = 216000;

struct TraceError {
  std::string code;
  std::string message;
};

std::variant<std::vector<Frame>, TraceError> ParseTraceCsv(
    std::string_view text);

}  // namespace mc::motion
