// Group rooms (docs/voice.md "Group rooms"): a therapy group, a case
// conference or a class, each a members-only space in the world (so people
// see each other) and a Janus VideoRoom (so each sends once and hears
// everyone). The server owns them: it creates the Janus room with a secret
// only it holds, lists who may join (a room token per member), and carries
// out the host's decisions (mute, remove, lock, on stage) in Janus at once.
// Without Janus a room still opens and says it runs peer to peer (up to 6).
// Rooms live in memory, like consultations' rooms; they end when the host
// ends them or the server stops. Thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/status.h"
#include "media/janus_rooms.h"

namespace mc::media {

// The world's side: a members-only instance of a template space.
class GroupSpaces {
 public:
  virtual ~GroupSpaces() = default;
  virtual StatusOr<std::string> Open(const std::string& template_space,
                                     const std::vector<std::string>& members) = 0;
  virtual Status AddMember(const std::string& space, const std::string& member) = 0;
  virtual Status RemoveMember(const std::string& space, const std::string& member) = 0;
  virtual Status Close(const std::string& space) = 0;
};

enum class GroupKind { kTherapy, kConference, kClass };
std::string_view GroupKindName(GroupKind kind);
// "therapy" | "conference" | "class"; InvalidArgument ("invalid_kind").
StatusOr<GroupKind> ParseGroupKind(std::string_view name);
// Therapy groups hold 12, conferences 30, classes 50 (the host included).
int GroupCapacity(GroupKind kind);
// Where a room meets (issue 16 "Groups"): the group room, or the therapy
// forest clearing or beach; each is a world template the room is an
// instance of.
enum class GroupPlace { kRoom, kForest, kBeach };
std::string_view GroupPlaceName(GroupPlace place);
// "room" | "forest" | "beach"; InvalidArgument ("invalid_place").
StatusOr<GroupPlace> ParseGroupPlace(std::string_view name);

// When and where a room meets. Members can come in at any time; the start
// is what their appointments list shows.
struct GroupPlan {
  GroupPlace place = GroupPlace::kRoom;
  int64_t starts_unix_ms = 0;  // 0: not scheduled (it meets now)
};

// Without Janus, rooms of at most this many run peer to peer.
inline constexpr int kPeerToPeerLimit = 6;

struct GroupMember {
  std::string key;   // member key, "user:<id>"
  std::string name;  // as people see it
  uint64_t participant = 0;  // the Janus participant id the server assigned
  bool host = false;
  bool muted = false;     // by the host, enforced in Janus
  bool on_stage = false;  // may send video
  bool removed = false;
  bool joined = false;    // has joined the media at least once
};

struct Group {
  std::string id;  // 32 hex
  std::string title;
  GroupKind kind = GroupKind::kTherapy;
  GroupPlan plan;
  std::string space;  // the world instance
  uint64_t room = 0;  // the Janus room
  std::string secret;
  bool locked = false;
  int64_t created_ms = 0;
  std::vector<GroupMember> members;
  const GroupMember* Find(std::string_view key) const;
};

// What a member's browser needs to join (GET /api/groups/{id}/join).
struct GroupTicket {
  std::string space;
  bool janus = false;  // false: peer to peer (no media server)
  uint64_t room = 0;
  uint64_t participant = 0;
  std::string core_token;  // for every Janus request
  std::string room_token;  // the join's "token"
  int64_t expires_unix_s = 0;
};

struct GroupRoomsOptions {
  // The world template of each place.
  std::string template_space = "group-room";
  std::string forest_template = "therapy-forest";
  std::string beach_template = "therapy-beach";
  int token_lifetime_s = 600;
};

class GroupRooms {
 public:
  // `janus` may be null (no media server: peer to peer). `core_token`
  // mints a Janus core token with the given expiry; `room_key` signs room
  // tokens. Not owned; they outlive this.
  GroupRooms(GroupSpaces& spaces, JanusRooms* janus,
             std::function<std::string(int64_t)> core_token,
             std::string room_key, Clock& clock, GroupRoomsOptions options = {});

  // Opens a room hosted by `host` for `members` (not counting the host), in
  // the world template of `plan.place`. InvalidArgument (invalid_title,
  // too_many_members), NotFound (space_not_found) when the place's template
  // is not loaded, Unavailable (media_unavailable) when Janus is configured
  // but refuses.
  StatusOr<Group> Create(const GroupMember& host, const std::string& title,
                         GroupKind kind, std::vector<GroupMember> members,
                         GroupPlan plan = {});
  // The rooms `member` is in (host or member, not removed), newest first.
  std::vector<Group> ListFor(const std::string& member) const;
  // The room as `member` may see it. NotFound ("group_not_found") for
  // rooms they are not in (so ids cannot be probed).
  StatusOr<Group> Get(const std::string& id, const std::string& member) const;
  // Fresh credentials for `member`, their token put on the room's allowed
  // list. NotFound; FailedPrecondition ("room_locked") when the host locked
  // the room before this member first joined.
  StatusOr<GroupTicket> Join(const std::string& id, const std::string& member);
  // The member's browser has joined the media: the host's mute (and the
  // stage) are applied to them in Janus again.
  Status Joined(const std::string& id, const std::string& member);

  // Host actions (PermissionDenied "host_only" for anyone else; NotFound
  // "member_not_found" for someone not in the room). Each is in Janus when
  // it returns.
  Status Mute(const std::string& id, const std::string& host,
              const std::string& member, bool mute);
  Status Stage(const std::string& id, const std::string& host,
               const std::string& member, bool on_stage);
  Status Remove(const std::string& id, const std::string& host,
                const std::string& member);
  Status Lock(const std::string& id, const std::string& host, bool locked);
  Status End(const std::string& id, const std::string& host);

  // Janus started again: every open room is made anew in it.
  void MediaRestarted();
  bool has_media() const { return janus_ != nullptr; }

 private:
  Group* FindLocked(const std::string& id, const std::string& member);
  StatusOr<Group*> HostLocked(const std::string& id, const std::string& host);
  RoomSettings SettingsLocked(const Group& group) const;
  Status ApplyLocked(const Group& group, const GroupMember& member);

  GroupSpaces& spaces_;
  JanusRooms* janus_;
  std::function<std::string(int64_t)> core_token_;
  std::string room_key_;
  Clock& clock_;
  GroupRoomsOptions options_;
  mutable std::mutex mutex_;
  std::map<std::string, Group> groups_;
  // Live room tokens per group and member (removed when someone leaves).
  std::map<std::string, std::map<std::string, std::vector<std::string>>> tokens_;
};

}  // namespace mc::media
