#include "imaging/window.h"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace mc::imaging {
namespace {

constexpr double kLowest = 0.0;
constexpr double kHighest = 255.0;

bool ParseNumber(std::string_view text, double* value) {
  // std::from_chars for double is in libstdc++ 11+.
  const auto [end, error] =
      std::from_chars(text.data(), text.data() + text.size(), *value);
  return error == std::errc() && end == text.data() + text.size() &&
         std::isfinite(*value);
}

}  // namespace

StatusOr<Window> ParseWindow(std::string_view text) {
  const Status invalid = InvalidArgument(
      "invalid_window",
      "window must be center,width,function (linear, linear-exact or sigmoid)");
  const size_t first = text.find(',');
  if (first == std::string_view::npos) return invalid;
  const size_t second = text.find(',', first + 1);
  if (second == std::string_view::npos) return invalid;
  Window window;
  if (!ParseNumber(text.substr(0, first), &window.center) ||
      !ParseNumber(text.substr(first + 1, second - first - 1), &window.width)) {
    return invalid;
  }
  const std::string_view function = text.substr(second + 1);
  if (function == "linear") {
    window.function = WindowFunction::kLinear;
    if (window.width < 1) return invalid;
  } else if (function == "linear-exact") {
    window.function = WindowFunction::kLinearExact;
    if (window.width <= 0) return invalid;
  } else if (function == "sigmoid") {
    window.function = WindowFunction::kSigmoid;
    if (window.width <= 0) return invalid;
  } else {
    return invalid;
  }
  return window;
}

Window DefaultWindow(const Frame& frame) {
  if (frame.window_width >= 1) return {frame.window_center, frame.window_width};
  if (frame.values.empty()) return {0, 1};
  const auto [low, high] =
      std::minmax_element(frame.values.begin(), frame.values.end());
  const double width = std::max(1.0, *high - *low + 1);
  return {*low + width / 2, width};
}

double WindowLevel(double value, const Window& window) {
  const double range = kHighest - kLowest;
  switch (window.function) {
    case WindowFunction::kLinear: {
      const double center = window.center - 0.5;
      const double half = (window.width - 1) / 2;
      if (value <= center - half) return kLowest;
      if (value > center + half) return kHighest;
      return ((value - center) / (window.width - 1) + 0.5) * range + kLowest;
    }
    case WindowFunction::kLinearExact: {
      const double half = window.width / 2;
      if (value <= window.center - half) return kLowest;
      if (value > window.center + half) return kHighest;
      return (value - window.center) / window.width * range + range / 2 +
             kLowest;
    }
    case WindowFunction::kSigmoid:
      return range /
                 (1 + std::exp(-4 * (value - window.center) / window.width)) +
             kLowest;
  }
  return kLowest;
}

std::vector<uint8_t> RenderGrey(const Frame& frame, const Window& window) {
  std::vector<uint8_t> grey(frame.values.size());
  for (size_t index = 0; index < frame.values.size(); ++index) {
    const double level =
        std::clamp(std::round(WindowLevel(frame.values[index], window)),
                   kLowest, kHighest);
    const auto byte = static_cast<uint8_t>(level);
    grey[index] = frame.monochrome1 ? static_cast<uint8_t>(255 - byte) : byte;
  }
  return grey;
}

}  // namespace mc::imaging
