#include "sim/motion/trace_csv.h"

#include <array>
#include <optional>

#include "sim/motion/csv_cells.h"

namespace mc::motion {
namespace {

using csv::Error;
using csv::Lines;
using csv::ParseNumber;
using csv::ShortNumber;
using csv::SplitCells;


constexpr std::array<std::string_view, 4> kSuffixes = {"_x", "_y", "_z",
                                                       "_score"};
constexpr int kColumnsPerKeypoint = 4;
constexpr int kRequiredColumns = 1 + kKeypointCount * kColumnsPerKeypoint;

std::string RequiredColumnName(int index) {
  if (index == 0) return "t_ms";
  int keypoint = (index - 1) / kColumnsPerKeypoint;
  int field = (index - 1) % kColumnsPerKeypoint;
  return std::string(KeypointName(static_cast<Keypoint>(keypoint))) +
         std::string(kSuffixes[field]);
}

}  // namespace

std::variant<std::vector<Frame>, TraceError> ParseTraceCsv(
    std::string_view text) {
  auto lines = Lines(text);
  if (lines.size() < 2) {
    return TraceError{"trace_empty",
                      "the trace has no header and data rows"};
  }
  if (lines.size() - 1 > kMaxTraceFrames) {
    return TraceError{"trace_too_large",
                      "the trace has more than " +
                          std::to_string(kMaxTraceFrames) + " frames"};
  }
  std::vector<std::string_view> header = SplitCells(lines[0].second);
  std::array<size_t, kRequiredColumns> where{};
  std::string missing;
  for (int required = 0; required < kRequiredColumns; ++required) {
    std::string name = RequiredColumnName(required);
    size_t found = csv::ColumnIndex(header, name);
    if (found == header.size()) missing += (missing.empty() ? "" : ", ") + name;
    where[required] = found;
  }
  if (!missing.empty()) {
    return TraceError{"trace_missing_column",
                      "missing column(s): " + missing};
  }

  std::vector<Frame> frames;
  frames.reserve(lines.size() - 1);
  std::optional<bool> depth;  // decided by the first row
  for (size_t row = 1; row < lines.size(); ++row) {
    auto [line_number, line] = lines[row];
    std::vector<std::string_view> cells = SplitCells(line);
    if (cells.size() != header.size()) {
      return Error("trace_row_width", line_number, "",
                   std::to_string(cells.size()) + " cells, the header has " +
                       std::to_string(header.size()));
    }
    Frame frame;
    for (int required = 0; required < kRequiredColumns; ++required) {
      std::string_view cell = cells[where[required]];
      std::string name = RequiredColumnName(required);
      bool is_z = required > 0 && (required - 1) % kColumnsPerKeypoint == 2;
      if (is_z) {
        bool given = !cell.empty();
        if (!depth) depth = given;
        if (given != *depth) {
          return Error("trace_depth_mixed", line_number, name,
                       "z must be given in every row (3D) or empty in every "
                       "row (2D)");
        }
        if (!given) continue;
      }
      std::optional<double> value = ParseNumber(cell);
      if (!value) {
        return Error("trace_not_a_number", line_number, name,
                     "'" + std::string(cell.substr(0, 32)) +
                         "' is not a number");
      }
      if (required == 0) {
        frame.t_ms = *value;
        continue;
      }
      KeypointObservation& point =
          frame.keypoints[(required - 1) / kColumnsPerKeypoint];
      switch ((required - 1) % kColumnsPerKeypoint) {
        case 0: point.position.x = *value; break;
        case 1: point.position.y = *value; break;
        case 2: point.position.z = *value; break;
        case 3:
          if (*value < 0 || *value > 1) {
            return Error("trace_score_range", line_number, name,
                         "a score must lie in 0..1");
          }
          point.score = *value;
          break;
      }
    }
    frame.has_depth = *depth;
    if (!frames.empty() && !(frame.t_ms > frames.back().t_ms)) {
      return Error("trace_time_order", line_number, "t_ms",
                   "time goes backwards or repeats (" +
                       ShortNumber(frames.back().t_ms) + " then " +
                       ShortNumber(frame.t_ms) + ")");
    }
    frames.push_back(frame);
  }
  return frames;
}

}  // namespace mc::motion
