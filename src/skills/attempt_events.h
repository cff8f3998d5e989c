// The recorded instrument events of an attempt (docs/skills.md "Replay"),
// as the browser's peg transfer model takes them
// (web/src/skills/peg-transfer.ts), one JSON array each:
//   [t_ms, 0, hand, x_mm, y_mm, z_mm]   a grasper's tip moved
//   [t_ms, 1, hand, closed]             its jaws closed (1) or opened (0)
// hand 0 is the left grasper, 1 the right; times in milliseconds from the
// page's clock, not decreasing. The server keeps them for replay; it does
// not run the task itself.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>

#include "core/status.h"

namespace mc::skills {

inline constexpr size_t kMaxAttemptEvents = 20000;

// `events` checked and written back compactly. InvalidArgument
// "invalid_events" naming the first bad event: not an array, more than
// kMaxAttemptEvents, an unknown kind, a hand other than 0 or 1, a number
// that is not finite or out of range (|coordinate| <= 1000 mm, 0 <= t <=
// 10^7 ms), a time before the one before it.
StatusOr<std::string> CheckedEvents(const nlohmann::json& events);

}  // namespace mc::skills
