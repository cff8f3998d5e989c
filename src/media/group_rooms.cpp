#include "media/group_rooms.h"

#include <algorithm>
#include <utility>

#include "core/crypto.h"
#include "core/name_table.h"
#include "core/utf8.h"
#include "fmt/format.h"
#include "media/janus_tokens.h"
#include "spdlog/spdlog.h"

namespace mc::media {

namespace {

// Janus ids travel through JavaScript: keep them below 2^53.
uint64_t RandomId() {
  const std::string bytes = RandomBytes(8);
  uint64_t value = 0;
  for (unsigned char byte : bytes) value = (value << 8) | byte;
  return (value & ((uint64_t{1} << 53) - 1)) | 1;
}

constexpr std::string_view kAudioMid = "0";
constexpr std::string_view kVideoMid = "1";

}  // namespace

std::string_view GroupKindName(GroupKind kind) {
  switch (kind) {
    case GroupKind::kTherapy:
      return "therapy";
    case GroupKind::kConference:
      return "conference";
    case GroupKind::kClass:
      return "class";
  }
  return "therapy";
}

StatusOr<GroupKind> ParseGroupKind(std::string_view name) {
  if (name == "therapy") return GroupKind::kTherapy;
  if (name == "conference") return GroupKind::kConference;
  if (name == "class") return GroupKind::kClass;
  return InvalidArgument("invalid_kind",
                         "kind must be therapy, conference or class");
}

// The places' wire names, one table for both directions.
constexpr NameTable<GroupPlace, 3> kPlaceNames = {
    {GroupPlace::kRoom, "room"},
    {GroupPlace::kForest, "forest"},
    {GroupPlace::kBeach, "beach"}};

std::string_view GroupPlaceName(GroupPlace place) {
  return NameIn(kPlaceNames, place, "room");
}

StatusOr<GroupPlace> ParseGroupPlace(std::string_view name) {
  if (auto place = ValueIn(kPlaceNames, name)) return *place;
  return InvalidArgument("invalid_place",
                         "place must be room, forest or beach");
}

int GroupCapacity(GroupKind kind) {
  switch (kind) {
    case GroupKind::kTherapy:
      return 12;
    case GroupKind::kConference:
      return 30;
    case GroupKind::kClass:
      return 50;
  }
  return 12;
}

const GroupMember* Group::Find(std::string_view key) const {
  for (const GroupMember& member : members)
    if (member.key == key && !member.removed) return &member;
  return nullptr;
}

bool Group::Silenced(const GroupMember& member) const {
  return member.muted || (!stick.empty() && !member.host && member.key != stick);
}

std::string NameFor(const GroupMember& member, bool viewer_is_self_or_host) {
  if (!member.first_name_only || viewer_is_self_or_host) return member.name;
  const size_t space = member.name.find(' ');
  return space == std::string::npos ? member.name : member.name.substr(0, space);
}

GroupRooms::GroupRooms(GroupSpaces& spaces, JanusRooms* janus,
                       std::function<std::string(int64_t)> core_token,
                       std::string room_key, Clock& clock,
                       GroupRoomsOptions options)
    : spaces_(spaces),
      janus_(janus),
      core_token_(std::move(core_token)),
      room_key_(std::move(room_key)),
      clock_(clock),
      options_(std::move(options)) {}

RoomSettings GroupRooms::SettingsLocked(const Group& group) const {
  RoomSettings settings;
  settings.room = group.room;
  settings.secret = group.secret;
  settings.description = group.title;
  settings.publishers = GroupCapacity(group.kind);
  auto found = tokens_.find(group.id);
  if (found != tokens_.end())
    for (const auto& [member, tokens] : found->second)
      settings.allowed.insert(settings.allowed.end(), tokens.begin(), tokens.end());
  return settings;
}

StatusOr<Group> GroupRooms::Create(const GroupMember& host,
                                   const std::string& title, GroupKind kind,
                                   std::vector<GroupMember> members,
                                   GroupPlan plan) {
  if (title.empty() || title.size() > 120 || !IsValidUtf8(title))
    return InvalidArgument("invalid_title",
                           "give the room a title of 1 to 120 characters");
  // The host once, then each other member once.
  std::vector<GroupMember> everyone = {host};
  everyone[0].host = true;
  everyone[0].on_stage = true;
  for (GroupMember& member : members) {
    const bool seen = std::any_of(everyone.begin(), everyone.end(),
                                  [&](const GroupMember& m) { return m.key == member.key; });
    if (!seen) everyone.push_back(std::move(member));
  }
  const int limit = janus_ != nullptr ? GroupCapacity(kind) : kPeerToPeerLimit;
  if (static_cast<int>(everyone.size()) > limit)
    return InvalidArgument(
        "too_many_members",
        janus_ != nullptr
            ? fmt::format("a {} room holds {} people", GroupKindName(kind), limit)
            : fmt::format("without the media server a room holds {} people "
                          "(peer to peer)",
                          limit));
  Group group;
  group.id = RandomHex(16);
  group.title = title;
  group.kind = kind;
  group.room = RandomId();
  group.secret = RandomHex(24);
  group.created_ms = clock_.NowUnixMs();
  group.plan = plan;
  for (GroupMember& member : everyone) member.participant = RandomId();
  group.members = std::move(everyone);
  std::vector<std::string> keys;
  for (const GroupMember& member : group.members) keys.push_back(member.key);
  const std::string& place_template =
      plan.place == GroupPlace::kForest  ? options_.forest_template
      : plan.place == GroupPlace::kBeach ? options_.beach_template
                                         : options_.template_space;
  MC_ASSIGN_OR_RETURN(group.space, spaces_.Open(place_template, keys));
  std::lock_guard lock(mutex_);
  if (janus_ != nullptr) {
    if (Status created = janus_->Create(SettingsLocked(group)); !created.ok()) {
      (void)spaces_.Close(group.space);
      return created;
    }
  }
  groups_[group.id] = group;
  return group;
}

std::vector<Group> GroupRooms::ListFor(const std::string& member) const {
  std::lock_guard lock(mutex_);
  std::vector<Group> out;
  for (const auto& [id, group] : groups_)
    if (group.Find(member) != nullptr) out.push_back(group);
  std::sort(out.begin(), out.end(), [](const Group& a, const Group& b) {
    return a.created_ms > b.created_ms;
  });
  return out;
}

Group* GroupRooms::FindLocked(const std::string& id, const std::string& member) {
  auto found = groups_.find(id);
  if (found == groups_.end() || found->second.Find(member) == nullptr)
    return nullptr;
  return &found->second;
}

StatusOr<Group> GroupRooms::Get(const std::string& id,
                                const std::string& member) const {
  std::lock_guard lock(mutex_);
  auto found = groups_.find(id);
  if (found == groups_.end() || found->second.Find(member) == nullptr)
    return NotFound("group_not_found", "no such group room");
  return found->second;
}

StatusOr<GroupTicket> GroupRooms::Join(const std::string& id,
                                       const std::string& member,
                                       JoinChoices choices) {
  std::lock_guard lock(mutex_);
  Group* group = FindLocked(id, member);
  if (group == nullptr) return NotFound("group_not_found", "no such group room");
  GroupMember& self = *MemberOfLocked(*group, member);
  if (group->locked && !self.joined && !self.host)
    return FailedPrecondition("room_locked",
                              "the host has locked this room");
  self.silhouette = choices.silhouette;
  self.first_name_only = choices.first_name_only;
  MC_RETURN_IF_ERROR(spaces_.NameMember(
      group->space, member, self.first_name_only ? NameFor(self, false) : ""));
  GroupTicket ticket;
  ticket.space = group->space;
  ticket.janus = janus_ != nullptr;
  ticket.room = group->room;
  ticket.participant = self.participant;
  if (janus_ == nullptr) return ticket;
  const int64_t now_s = clock_.NowUnixMs() / 1000;
  ticket.expires_unix_s = now_s + options_.token_lifetime_s;
  ticket.core_token = core_token_(ticket.expires_unix_s);
  ticket.room_token =
      MintRoomToken(room_key_, {group->room, member, ticket.expires_unix_s});
  // Tokens past their time leave the allowed list as new ones come.
  std::vector<std::string> expired;
  for (auto& [key, tokens] : tokens_[group->id]) {
    std::erase_if(tokens, [&](const std::string& token) {
      const bool stale =
          !VerifyRoomToken(room_key_, token, group->room, key, now_s).ok();
      if (stale) expired.push_back(token);
      return stale;
    });
  }
  if (!expired.empty()) (void)janus_->Allow(group->room, group->secret, expired, false);
  MC_RETURN_IF_ERROR(
      janus_->Allow(group->room, group->secret, {ticket.room_token}, true));
  tokens_[group->id][member].push_back(ticket.room_token);
  return ticket;
}

Status GroupRooms::ApplyLocked(const Group& group, const GroupMember& member) {
  if (janus_ == nullptr || !member.joined) return Status();
  MC_RETURN_IF_ERROR(janus_->Moderate(group.room, group.secret, member.participant,
                                      std::string(kAudioMid), group.Silenced(member)));
  // Video off stage; a participant who sends no video has no such stream,
  // which Janus answers with an error that changes nothing.
  (void)janus_->Moderate(group.room, group.secret, member.participant,
                         std::string(kVideoMid), !member.on_stage);
  return Status();
}

void GroupRooms::ApplyAllLocked(const Group& group) {
  for (const GroupMember& member : group.members) {
    if (member.removed) continue;
    // Someone between publishers (reconnecting, not yet sending) has no
    // stream Janus can mute; their next Joined applies the state again.
    if (Status applied = ApplyLocked(group, member); !applied.ok())
      spdlog::debug("group room: {}", MessageOf(applied));
  }
}

StatusOr<bool> GroupRooms::Joined(const std::string& id, const std::string& member) {
  std::lock_guard lock(mutex_);
  Group* group = FindLocked(id, member);
  if (group == nullptr) return NotFound("group_not_found", "no such group room");
  GroupMember& self = *MemberOfLocked(*group, member);
  self.joined = true;
  const bool arrived = !self.present;
  self.present = true;
  // Someone who joined but sends nothing yet has no stream to mute; the
  // browser reports again once it publishes.
  if (Status applied = ApplyLocked(*group, self); !applied.ok())
    spdlog::debug("group room: {}", MessageOf(applied));
  return arrived;
}

StatusOr<bool> GroupRooms::Left(const std::string& id, const std::string& member) {
  std::lock_guard lock(mutex_);
  Group* group = FindLocked(id, member);
  if (group == nullptr) return NotFound("group_not_found", "no such group room");
  GroupMember& self = *MemberOfLocked(*group, member);
  const bool departed = self.present;
  self.present = false;
  std::erase(group->hands, member);
  return departed;
}

StatusOr<Group*> GroupRooms::HostLocked(const std::string& id,
                                        const std::string& host) {
  Group* group = FindLocked(id, host);
  if (group == nullptr) return NotFound("group_not_found", "no such group room");
  if (!group->Find(host)->host)
    return PermissionDenied("host_only", "only the host can do that");
  return group;
}

GroupMember* GroupRooms::MemberOfLocked(Group& group, const std::string& key) {
  for (GroupMember& member : group.members)
    if (member.key == key && !member.removed) return &member;
  return nullptr;
}

Status NoSuchMember() {
  return NotFound("member_not_found", "that person is not in this room");
}

Status GroupRooms::Mute(const std::string& id, const std::string& host,
                        const std::string& member, bool mute) {
  std::lock_guard lock(mutex_);
  MC_ASSIGN_OR_RETURN(Group * group, HostLocked(id, host));
  GroupMember* target = MemberOfLocked(*group, member);
  if (target == nullptr) return NoSuchMember();
  target->muted = mute;
  return ApplyLocked(*group, *target);
}

Status GroupRooms::Stage(const std::string& id, const std::string& host,
                         const std::string& member, bool on_stage) {
  std::lock_guard lock(mutex_);
  MC_ASSIGN_OR_RETURN(Group * group, HostLocked(id, host));
  GroupMember* target = MemberOfLocked(*group, member);
  if (target == nullptr) return NoSuchMember();
  target->on_stage = on_stage;
  return ApplyLocked(*group, *target);
}

Status GroupRooms::Remove(const std::string& id, const std::string& host,
                          const std::string& member) {
  std::lock_guard lock(mutex_);
  MC_ASSIGN_OR_RETURN(Group * group, HostLocked(id, host));
  GroupMember* target = MemberOfLocked(*group, member);
  if (target == nullptr) return NoSuchMember();
  if (target->host)
    return FailedPrecondition("host_stays", "the host cannot remove themselves");
  target->removed = true;
  target->present = false;
  std::erase(group->hands, member);
  if (group->stick == member) {
    group->stick.clear();
    ApplyAllLocked(*group);
  }
  (void)spaces_.RemoveMember(group->space, member);
  if (janus_ != nullptr) {
    // Off the allowed list first, so they cannot come straight back.
    auto& tokens = tokens_[group->id][member];
    if (!tokens.empty())
      MC_RETURN_IF_ERROR(janus_->Allow(group->room, group->secret, tokens, false));
    tokens.clear();
    if (target->joined) (void)janus_->Kick(group->room, group->secret, target->participant);
  }
  return Status();
}

Status GroupRooms::Lock(const std::string& id, const std::string& host,
                        bool locked) {
  std::lock_guard lock(mutex_);
  MC_ASSIGN_OR_RETURN(Group * group, HostLocked(id, host));
  group->locked = locked;
  if (!locked || janus_ == nullptr) return Status();
  // Tokens of people who never came in stop working.
  std::vector<std::string> unused;
  for (GroupMember& member : group->members) {
    if (member.joined || member.host) continue;
    auto& tokens = tokens_[group->id][member.key];
    unused.insert(unused.end(), tokens.begin(), tokens.end());
    tokens.clear();
  }
  if (unused.empty()) return Status();
  return janus_->Allow(group->room, group->secret, unused, false);
}

Status GroupRooms::End(const std::string& id, const std::string& host) {
  std::lock_guard lock(mutex_);
  MC_ASSIGN_OR_RETURN(Group * group, HostLocked(id, host));
  if (janus_ != nullptr) (void)janus_->Destroy(group->room, group->secret);
  (void)spaces_.Close(group->space);
  tokens_.erase(group->id);
  groups_.erase(group->id);
  return Status();
}

void GroupRooms::MediaRestarted() {
  std::lock_guard lock(mutex_);
  if (janus_ == nullptr) return;
  for (auto& [id, group] : groups_) {
    if (Status created = janus_->Create(SettingsLocked(group)); !created.ok())
      spdlog::warn("janus: could not make a group room again: {}",
                   MessageOf(created));
  }
}

}  // namespace mc::media
