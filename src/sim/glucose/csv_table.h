// A minimal reader for the simple comma-separated tables this module loads
// (parameter tables, replayed inputs). Internal to src/sim/glucose.
//
// Format: first line is the header; fields are separated by commas; no quoting;
// surrounding spaces and a trailing '\r' are kept out of numbers but a header's
// inner spaces are kept (vpatient_params.csv has a column named "x0_ 1").
// Empty lines are skipped. Row numbers in errors are 1-based data rows
// (the header is row 0) and name the file.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace mc::glucose {

class CsvTable {
 public:
  // Parses `text`. Fails (invalid_argument "csv_empty" / "csv_ragged") when the
  // text has no header or a row's field count differs from the header's.
  static StatusOr<CsvTable> Parse(std::string_view text, std::string file_name);

  // Reads and parses `path`. Fails with not_found "file_not_found" when the file
  // cannot be opened. `file_name` in later errors is the path's last component.
  static StatusOr<CsvTable> Read(const std::string& path);

  const std::string& file_name() const { return file_name_; }
  size_t row_count() const { return rows_.size(); }
  const std::vector<std::string>& header() const { return header_; }

  // Index of column `name`, or "csv_missing_column" naming the file.
  StatusOr<size_t> Column(std::string_view name) const;

  // The raw text of cell (row, column). REQUIRES: both in range.
  const std::string& Text(size_t row, size_t column) const { return rows_[row][column]; }

  // The cell as a finite double, or "csv_bad_number" naming file, row and column.
  StatusOr<double> Number(size_t row, size_t column) const;

 private:
  std::string file_name_;
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
};

// Parses a finite double from the whole of `text` (spaces trimmed).
bool ParseDouble(std::string_view text, double* value);

}  // namespace mc::glucose
