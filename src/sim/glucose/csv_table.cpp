#include "sim/glucose/csv_table.h"

#include <charconv>
#include <cmath>
#include <fstream>
#include <sstream>

#include "fmt/format.h"

namespace mc::glucose {
namespace {

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() &&
         (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) {
    text.remove_suffix(1);
  }
  return text;
}

std::vector<std::string> SplitFields(std::string_view line) {
  std::vector<std::string> fields;
  size_t start = 0;
  while (true) {
    size_t comma = line.find(',', start);
    std::string_view field =
        line.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
    fields.emplace_back(Trim(field));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return fields;
}

}  // namespace

bool ParseDouble(std::string_view text, double* value) {
  text = Trim(text);
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  if (text.empty()) return false;
  double parsed = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), parsed);
  if (error != std::errc() || end != text.data() + text.size() || !std::isfinite(parsed)) {
    return false;
  }
  *value = parsed;
  return true;
}

StatusOr<CsvTable> CsvTable::Parse(std::string_view text, std::string file_name) {
  CsvTable table;
  table.file_name_ = std::move(file_name);
  size_t start = 0;
  size_t line_number = 0;
  bool have_header = false;
  while (start <= text.size()) {
    size_t newline = text.find('\n', start);
    std::string_view line = text.substr(
        start, newline == std::string_view::npos ? std::string_view::npos : newline - start);
    start = newline == std::string_view::npos ? text.size() + 1 : newline + 1;
    ++line_number;
    if (Trim(line).empty()) continue;
    std::vector<std::string> fields = SplitFields(line);
    if (!have_header) {
      table.header_ = std::move(fields);
      have_header = true;
      continue;
    }
    if (fields.size() != table.header_.size()) {
      return InvalidArgument(
          "csv_ragged",
          fmt::format("{}: line {} has {} fields, the header has {}", table.file_name_,
                      line_number, fields.size(), table.header_.size()));
    }
    table.rows_.push_back(std::move(fields));
  }
  if (!have_header) {
    return InvalidArgument("csv_empty", fmt::format("{}: no header line", table.file_name_));
  }
  return table;
}

StatusOr<CsvTable> CsvTable::Read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound("file_not_found", fmt::format("cannot open {}", path));
  std::ostringstream buffer;
  buffer << in.rdbuf();
  size_t slash = path.find_last_of('/');
  return Parse(buffer.str(), slash == std::string::npos ? path : path.substr(slash + 1));
}

StatusOr<size_t> CsvTable::Column(std::string_view name) const {
  for (size_t i = 0; i < header_.size(); ++i) {
    if (header_[i] == name) return i;
  }
  return InvalidArgument("csv_missing_column",
                         fmt::format("{}: missing column \"{}\"", file_name_, name));
}

StatusOr<double> CsvTable::Number(size_t row, size_t column) const {
  double value = 0;
  if (!ParseDouble(rows_[row][column], &value)) {
    return InvalidArgument(
        "csv_bad_number",
        fmt::format("{}: row {} ({}), column {}: \"{}\" is not a finite number", file_name_,
                    row + 1, rows_[row][0], header_[column], rows_[row][column]));
  }
  return value;
}

}  // namespace mc::glucose
