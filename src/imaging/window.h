// Window centre/width: turning modality values (e.g. Hounsfield units) into
// 8-bit grey levels, as PS3.3 C.11.2.1.2 defines the VOI LUT functions and
// PS3.18 8.3.5.1.3 the rendered resources' "window" parameter
// ("center,width,function" with function linear, linear-exact or sigmoid).
// Pure functions; no DICOM toolkit involved.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "imaging/dicom_instance.h"

namespace mc::imaging {

enum class WindowFunction { kLinear, kLinearExact, kSigmoid };

struct Window {
  double center = 0;
  double width = 0;
  WindowFunction function = WindowFunction::kLinear;
};

// Parses a "window" query value: "40,400,linear". InvalidArgument
// ("invalid_window") unless it is two finite numbers and a known function,
// with width >= 1 (linear) or > 0 (linear-exact, sigmoid).
StatusOr<Window> ParseWindow(std::string_view text);

// The window to use for `frame` when the request names none: the header's
// first Window Center/Width, else the frame's value range.
Window DefaultWindow(const Frame& frame);

// `frame` as 8-bit grey levels (0 black .. 255 white; MONOCHROME1 inverted),
// row by row, each level the window function rounded to the nearest integer.
std::vector<uint8_t> RenderGrey(const Frame& frame, const Window& window);

// One value through the window function, before rounding (0..255).
double WindowLevel(double value, const Window& window);

}  // namespace mc::imaging
