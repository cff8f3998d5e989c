// Who may speak in a group room (issue 16 "host tools"): raised hands in
// the order they went up, the talking stick (while someone holds it, the
// others but the host are muted in Janus, whatever their browsers do), and
// reports from members to the host. Part of GroupRooms (group_rooms.h).
#include <algorithm>

#include "core/utf8.h"
#include "media/group_rooms.h"

namespace mc::media {

Status GroupRooms::RaiseHand(const std::string& id, const std::string& member,
                             bool raised) {
  std::lock_guard lock(mutex_);
  Group* group = FindLocked(id, member);
  if (group == nullptr)
    return NotFound("group_not_found", "no such group room");
  auto& hands = group->hands;
  const bool up = std::find(hands.begin(), hands.end(), member) != hands.end();
  if (raised && !up) hands.push_back(member);
  if (!raised) std::erase(hands, member);
  return Status();
}

Status GroupRooms::GiveStick(const std::string& id, const std::string& host,
                             const std::string& member) {
  std::lock_guard lock(mutex_);
  MC_ASSIGN_OR_RETURN(Group * group, HostLocked(id, host));
  if (!member.empty() && MemberOfLocked(*group, member) == nullptr)
    return NoSuchMember();
  group->stick = member;
  std::erase(group->hands, member);
  ApplyAllLocked(*group);
  return Status();
}

Status GroupRooms::Report(const std::string& id, const std::string& from,
                          const std::string& about, const std::string& reason) {
  if (reason.empty() || reason.size() > kMaxReasonBytes || !IsValidUtf8(reason))
    return InvalidArgument("invalid_reason",
                           "say what happened in 1 to 300 characters");
  std::lock_guard lock(mutex_);
  Group* group = FindLocked(id, from);
  if (group == nullptr)
    return NotFound("group_not_found", "no such group room");
  if (from == about)
    return InvalidArgument("cannot_report_self", "you cannot report yourself");
  if (MemberOfLocked(*group, about) == nullptr) return NoSuchMember();
  if (group->reports.size() >= kMaxReportsPerGroup)
    return ResourceExhausted(
        "too_many_reports",
        "this room has had too many reports; tell the host in person");
  group->reports.push_back({from, about, reason, clock_.NowUnixMs()});
  return Status();
}

}  // namespace mc::media
