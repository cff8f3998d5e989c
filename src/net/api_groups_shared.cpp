#include "core/clock.h"
#include "net/api_groups_internal.h"
#include "records/audit_log.h"

namespace mc::group_api {

using nlohmann::json;

std::string MemberKey(int64_t user_id) {
  return "user:" + std::to_string(user_id);
}

int64_t UserIdOf(const std::string& key) {
  return key.rfind("user:", 0) == 0 ? std::stoll(key.substr(5)) : 0;
}

StatusOr<media::GroupRooms*> Groups(ApiServices& services) {
  if (services.groups == nullptr)
    return Unavailable("groups_unavailable", "group rooms are not enabled");
  return services.groups;
}

StatusOr<bool> BoolField(const json& body, const char* name) {
  if (!body.contains(name) || !body[name].is_boolean())
    return InvalidArgument("invalid_field",
                           std::string(name) + " must be true or false");
  return body[name].get<bool>();
}

namespace {

int HandPlace(const media::Group& group, const std::string& key) {
  for (size_t i = 0; i < group.hands.size(); ++i)
    if (group.hands[i] == key) return static_cast<int>(i) + 1;
  return 0;
}

json ReportsJson(const media::Group& group) {
  json reports = json::array();
  for (const media::GroupReport& report : group.reports) {
    const media::GroupMember* from = group.Find(report.from);
    const media::GroupMember* about = group.Find(report.about);
    reports.push_back(
        {{"from", from != nullptr ? from->name : "someone who left"},
         {"about", about != nullptr ? about->name : "someone who left"},
         {"about_user_id", UserIdOf(report.about)},
         {"reason", report.reason},
         {"at", FormatIsoUtc(report.unix_ms)}});
  }
  return reports;
}

json PacerJson(const media::Group& group) {
  if (!group.pacer) return nullptr;
  return {{"pattern", group.pacer->pattern},
          {"phase_seconds", group.pacer->phase_seconds},
          {"started_at_ms", group.pacer->started_unix_ms}};
}

}  // namespace

json GroupJson(const media::Group& group, const std::string& viewer,
               const media::GroupRooms& rooms) {
  const bool has_media = rooms.has_media();
  const media::GroupMember* self = group.Find(viewer);
  const bool viewer_hosts = self != nullptr && self->host;
  json members = json::array();
  for (const media::GroupMember& member : group.members) {
    if (member.removed) continue;
    members.push_back(
        {{"user_id", UserIdOf(member.key)},
         {"name", media::NameFor(member, viewer_hosts || member.key == viewer)},
         // The name over their avatar (what voices and silhouettes are matched
         // by).
         {"avatar_name", media::NameFor(member, false)},
         {"host", member.host},
         {"muted", member.muted},
         {"silenced", group.Silenced(member)},
         {"on_stage", member.on_stage},
         {"present", member.present},
         {"hand", HandPlace(group, member.key)},
         {"silhouette", member.silhouette},
         {"first_name_only", member.first_name_only},
         {"participant", member.participant}});
  }
  json out = {{"id", group.id},
              {"title", group.title},
              {"kind", media::GroupKindName(group.kind)},
              {"capacity", has_media ? media::GroupCapacity(group.kind)
                                     : media::kPeerToPeerLimit},
              {"media", has_media ? "janus" : "peer_to_peer"},
              {"space", group.space},
              {"place", media::GroupPlaceName(group.plan.place)},
              {"starts_at", group.plan.starts_unix_ms != 0
                                ? json(FormatIsoUtc(group.plan.starts_unix_ms))
                                : json(nullptr)},
              {"locked", group.locked},
              {"host", viewer_hosts},
              {"stick", group.stick.empty() ? json(nullptr)
                                            : json(UserIdOf(group.stick))},
              {"pacer", PacerJson(group)},
              // So browsers can count the pacer from the server's clock.
              {"server_time_ms", rooms.NowUnixMs()},
              {"members", members}};
  if (viewer_hosts) out["reports"] = ReportsJson(group);
  return out;
}

std::string RoomResource(const std::string& id) { return "GroupRoom/" + id; }

Status AuditGroup(ApiServices& services, const Actor& actor,
                  const std::string& action, const std::string& id,
                  const std::string& purpose) {
  if (services.audit == nullptr) return Status();
  return services.audit->Record(
      actor, {action, RoomResource(id), "", AuditOutcome::kSuccess, purpose});
}

}  // namespace mc::group_api
