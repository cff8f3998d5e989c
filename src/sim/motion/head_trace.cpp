#include "sim/motion/head_trace.h"

#include <array>
#include <cmath>
#include <string>

#include "sim/motion/csv_cells.h"
#include "sim/motion/joint_angles.h"

namespace mc::motion {
namespace {

constexpr std::array<std::string_view, 5> kColumns = {
    "t_ms", "head_qx", "head_qy", "head_qz", "head_qw"};
constexpr double kUnitTolerance = 0.1;

}  // namespace

double HeadRotationTowardsDeg(double qx, double qy, double qz, double qw,
                              Side side) {
  double towards_left = CervicalRotationDeg(HeadForward(qx, qy, qz, qw),
                                            {0, 0, -1}, {0, 1, 0});
  return side == Side::kLeft ? towards_left : -towards_left;
}

std::variant<std::vector<HeadSample>, TraceError> ParseHeadTraceCsv(
    std::string_view text, Side side) {
  auto lines = csv::Lines(text);
  if (lines.size() < 2) {
    return TraceError{"trace_empty", "the trace has no header and data rows"};
  }
  if (lines.size() - 1 > kMaxTraceFrames) {
    return TraceError{"trace_too_large", "the trace has more than " +
                                             std::to_string(kMaxTraceFrames) +
                                             " frames"};
  }
  std::vector<std::string_view> header = csv::SplitCells(lines[0].second);
  std::array<size_t, kColumns.size()> where{};
  std::string missing;
  for (size_t column = 0; column < kColumns.size(); ++column) {
    where[column] = csv::ColumnIndex(header, kColumns[column]);
    if (where[column] == header.size()) {
      missing += (missing.empty() ? "" : ", ") + std::string(kColumns[column]);
    }
  }
  if (!missing.empty()) {
    return TraceError{"trace_missing_column", "missing column(s): " + missing};
  }
  std::vector<HeadSample> samples;
  samples.reserve(lines.size() - 1);
  for (size_t row = 1; row < lines.size(); ++row) {
    auto [line_number, line] = lines[row];
    std::vector<std::string_view> cells = csv::SplitCells(line);
    if (cells.size() != header.size()) {
      return csv::Error("trace_row_width", line_number, "",
                        std::to_string(cells.size()) +
                            " cells, the header has " +
                            std::to_string(header.size()));
    }
    std::array<std::optional<double>, kColumns.size()> values;
    int empty_quaternion_cells = 0;
    for (size_t column = 0; column < kColumns.size(); ++column) {
      std::string_view cell = cells[where[column]];
      if (column > 0 && cell.empty()) {
        ++empty_quaternion_cells;
        continue;
      }
      values[column] = csv::ParseNumber(cell);
      if (!values[column]) {
        return csv::Error("trace_not_a_number", line_number, kColumns[column],
                          "'" + std::string(cell.substr(0, 32)) +
                              "' is not a number");
      }
    }
    if (empty_quaternion_cells != 0 && empty_quaternion_cells != 4) {
      return csv::Error("trace_not_a_number", line_number, "head_qx",
                        "give all four quaternion cells, or none (no "
                        "tracking)");
    }
    HeadSample sample;
    sample.t_ms = *values[0];
    if (empty_quaternion_cells == 0) {
      double qx = *values[1], qy = *values[2], qz = *values[3],
             qw = *values[4];
      double length = std::sqrt(qx * qx + qy * qy + qz * qz + qw * qw);
      if (std::fabs(length - 1) > kUnitTolerance) {
        return csv::Error("trace_not_a_rotation", line_number, "head_qw",
                          "the quaternion's length is " +
                              csv::ShortNumber(length) + ", not 1");
      }
      sample.rotation_deg = HeadRotationTowardsDeg(
          qx / length, qy / length, qz / length, qw / length, side);
    }
    if (!samples.empty() && !(sample.t_ms > samples.back().t_ms)) {
      return csv::Error("trace_time_order", line_number, "t_ms",
                        "time goes backwards or repeats (" +
                            csv::ShortNumber(samples.back().t_ms) + " then " +
                            csv::ShortNumber(sample.t_ms) + ")");
    }
    samples.push_back(sample);
  }
  return samples;
}

}  // namespace mc::motion
