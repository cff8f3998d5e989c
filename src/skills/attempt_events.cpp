#include "skills/attempt_events.h"

#include <cmath>

#include "fmt/format.h"

namespace mc::skills {
namespace {

bool IsFiniteIn(const nlohmann::json& value, double low, double high) {
  if (!value.is_number()) return false;
  const double number = value.get<double>();
  return std::isfinite(number) && number >= low && number <= high;
}

bool IsFlag(const nlohmann::json& value) {
  return value.is_number_integer() &&
         (value.get<int64_t>() == 0 || value.get<int64_t>() == 1);
}

}  // namespace

StatusOr<std::string> CheckedEvents(const nlohmann::json& events) {
  if (!events.is_array()) {
    return InvalidArgument("invalid_events", "events must be an array");
  }
  if (events.size() > kMaxAttemptEvents) {
    return InvalidArgument("invalid_events",
                           fmt::format("at most {} events", kMaxAttemptEvents));
  }
  double last_ms = 0;
  for (size_t index = 0; index < events.size(); ++index) {
    const nlohmann::json& event = events[index];
    const auto bad = [index](const char* why) {
      return InvalidArgument("invalid_events",
                             fmt::format("events[{}]: {}", index, why));
    };
    if (!event.is_array() || event.size() < 4)
      return bad("must be an array of 4 or 6 numbers");
    if (!IsFiniteIn(event[0], last_ms, 1e7))
      return bad("time out of order or range");
    last_ms = event[0].get<double>();
    if (!IsFlag(event[1])) return bad("kind must be 0 (move) or 1 (grip)");
    if (!IsFlag(event[2])) return bad("hand must be 0 (left) or 1 (right)");
    if (event[1].get<int64_t>() == 1) {
      if (event.size() != 4 || !IsFlag(event[3]))
        return bad("a grip is [t, 1, hand, 0 or 1]");
      continue;
    }
    if (event.size() != 6) return bad("a move is [t, 0, hand, x, y, z]");
    for (size_t axis = 3; axis < 6; ++axis) {
      if (!IsFiniteIn(event[axis], -1000, 1000))
        return bad("coordinate out of range");
    }
  }
  return events.dump();
}

}  // namespace mc::skills
