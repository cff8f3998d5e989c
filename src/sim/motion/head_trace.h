// Cervical rotation from a headset (docs/motion.md "Cervical rotation"):
// the head trace is the WebXR viewer pose's orientation, one row per frame:
//
//   t_ms,head_qx,head_qy,head_qz,head_qw
//
// (other columns ignored, any order; the quaternion in a `local` reference
// space, y up, whose -z is where the seated patient faced when the session
// started). A row whose four quaternion cells are all empty is a frame
// without tracking (low confidence, no number).
//
// The reading is CervicalRotationDeg(HeadForward(q), -z, +y) towards the
// exercise's side (positive left in WebXR's frame, so negated for right):
// the trunk is taken to face -z, as it does when the patient sits facing
// ahead at the start and turns only the head. That is the assumption a
// head-only tracker has to make; a trunk that turns reads as neck rotation.
//
// Errors (TraceError, line and column named): trace_empty,
// trace_too_large, trace_missing_column, trace_row_width,
// trace_not_a_number (also only some quaternion cells given),
// trace_not_a_rotation (a quaternion whose length is not 1 +- 0.1),
// trace_time_order. Pure functions; no state.
#pragma once

#include <optional>
#include <string_view>
#include <variant>
#include <vector>

#include "sim/motion/exercises.h"
#include "sim/motion/trace_csv.h"

namespace mc::motion {

struct HeadSample {
  double t_ms = 0;
  // Degrees towards the side; nullopt: no tracking in this frame.
  std::optional<double> rotation_deg;
};

// Parses a head trace into rotations towards `side`.
std::variant<std::vector<HeadSample>, TraceError> ParseHeadTraceCsv(
    std::string_view text, Side side);

// The rotation towards `side` of a head orientation quaternion.
double HeadRotationTowardsDeg(double qx, double qy, double qz, double qw,
                              Side side);

}  // namespace mc::motion
