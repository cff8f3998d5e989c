// The shared breathing pacer of a group room (issue 16 "Guided breathing"):
// the host starts or stops it; the room keeps its pattern, its phases'
// seconds and its start on the server's clock, which every member's browser
// counts from. Part of GroupRooms (group_rooms.h).
#include <array>
#include <cmath>
#include <utility>

#include "media/group_rooms.h"

namespace mc::media {

StatusOr<size_t> PacerPhaseCount(std::string_view pattern) {
  // web/src/ui/breathing.ts's kPatterns: in/out; in, a little more, out;
  // in, hold, out, hold.
  static constexpr std::array<std::pair<std::string_view, size_t>, 3> kCounts{
      {{"resonance", 2}, {"sighing", 3}, {"box", 4}}};
  for (const auto& [name, count] : kCounts)
    if (name == pattern) return count;
  return InvalidArgument("invalid_pattern",
                         "pattern is resonance, sighing or box");
}

Status GroupRooms::SetPacer(const std::string& id, const std::string& host,
                            std::optional<GroupPacer> pacer) {
  if (pacer) {
    MC_ASSIGN_OR_RETURN(size_t phases, PacerPhaseCount(pacer->pattern));
    bool valid = pacer->phase_seconds.size() == phases;
    for (double seconds : pacer->phase_seconds)
      valid = valid && std::isfinite(seconds) && seconds >= kMinPhaseSeconds &&
              seconds <= kMaxPhaseSeconds;
    if (!valid)
      return InvalidArgument(
          "invalid_phase_seconds",
          "give each of the pattern's phases 1 to 12 seconds");
  }
  std::lock_guard lock(mutex_);
  MC_ASSIGN_OR_RETURN(Group * group, HostLocked(id, host));
  if (pacer) pacer->started_unix_ms = clock_.NowUnixMs();
  group->pacer = std::move(pacer);
  return Status();
}

}  // namespace mc::media
