#include "sim/motion/csv_cells.h"

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace mc::motion::csv {

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
    text.remove_prefix(1);
  }
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' ||
                           text.back() == '\r')) {
    text.remove_suffix(1);
  }
  return text;
}

std::vector<std::string_view> SplitCells(std::string_view line) {
  std::vector<std::string_view> cells;
  size_t begin = 0;
  while (true) {
    size_t comma = line.find(',', begin);
    cells.push_back(Trim(line.substr(begin, comma - begin)));
    if (comma == std::string_view::npos) break;
    begin = comma + 1;
  }
  return cells;
}

// The whole cell as a finite double.
std::optional<double> ParseNumber(std::string_view cell) {
  if (cell.empty() || cell.size() > 64) return std::nullopt;
  std::string text(cell);
  char* end = nullptr;
  errno = 0;
  double value = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size() || errno == ERANGE ||
      !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

std::string ShortNumber(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.10g", value);
  return text;
}

TraceError Error(std::string code, size_t line, std::string_view column,
                 std::string what) {
  std::string message = "line " + std::to_string(line);
  if (!column.empty()) message += ", column " + std::string(column);
  return {std::move(code), message + ": " + std::move(what)};
}

// Splits `text` into (line number, line) pairs, skipping empty lines.
std::vector<std::pair<size_t, std::string_view>> Lines(std::string_view text) {
  std::vector<std::pair<size_t, std::string_view>> lines;
  size_t number = 0;
  size_t begin = 0;
  while (begin <= text.size()) {
    size_t end = text.find('\n', begin);
    if (end == std::string_view::npos) end = text.size();
    ++number;
    std::string_view line = text.substr(begin, end - begin);
    if (!Trim(line).empty()) lines.emplace_back(number, line);
    begin = end + 1;
  }
  return lines;
}

size_t ColumnIndex(const std::vector<std::string_view>& header,
                   std::string_view name) {
  size_t found = header.size();
  for (size_t i = 0; i < header.size(); ++i) {
    if (header[i] == name) found = i;
  }
  return found;
}

}  // namespace mc::motion::csv
