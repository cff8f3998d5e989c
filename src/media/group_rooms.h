// Group rooms (docs/voice.md "Group rooms"): a therapy group, a case
// conference or a class, each a members-only space in the world (so people
// see each other) and a Janus VideoRoom (so each sends once and hears
// everyone). The server owns them: it creates the Janus room with a secret
// only it holds, lists who may join (a room token per member), and carries
// out the host's decisions (mute, remove, lock, on stage, the talking stick)
// in Janus at once (group_rooms_floor.cpp holds who may speak: raised hands,
// the stick, reports to the host).
// Without Janus a room still opens and says it runs peer to peer (up to 6).
// Rooms live in memory, like consultations' rooms; they end when the host
// ends them or the server stops. Thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
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
  // The name others see over `member`'s avatar in `space` from their next
  // entry ("" their account's name).
  virtual Status NameMember(const std::string& space, const std::string& member,
                            const std::string& name) = 0;
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

// NotFound ("member_not_found").
Status NoSuchMember();

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
  bool present = false;   // in the call now (joined, not yet left)
  // The member's choices on joining (issue 16): others see a silhouette,
  // and only the first word of `name` (the host sees the whole name).
  bool silhouette = false;
  bool first_name_only = false;
};

// The name `member` shows to `viewer`: their first name when they chose
// first name only and the viewer is neither they nor the host.
std::string NameFor(const GroupMember& member, bool viewer_is_self_or_host);

// A member told the host about someone (shown to the host only).
struct GroupReport {
  std::string from;    // member key
  std::string about;   // member key
  std::string reason;  // 1..300 characters of UTF-8
  int64_t unix_ms = 0;
};
inline constexpr size_t kMaxReportsPerGroup = 50;
inline constexpr size_t kMaxReasonBytes = 300;

// The breathing pacer the host shows to everyone in the room (issue 16
// "Guided breathing", group_rooms_pacer.cpp). Every browser draws the same
// phase by counting from `started_unix_ms` on the server's clock; the
// patterns and their phases are web/src/ui/breathing.ts's.
struct GroupPacer {
  std::string pattern;                // "resonance" | "sighing" | "box"
  std::vector<double> phase_seconds;  // one per phase of the pattern
  int64_t started_unix_ms = 0;
};
// Each phase lasts 1 to 12 seconds (as the solo pacer allows).
inline constexpr double kMinPhaseSeconds = 1;
inline constexpr double kMaxPhaseSeconds = 12;
// How many phases `pattern` has; InvalidArgument ("invalid_pattern").
StatusOr<size_t> PacerPhaseCount(std::string_view pattern);

// A member's choices when they join (GET ticket).
struct JoinChoices {
  bool silhouette = false;
  bool first_name_only = false;
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
  // Raised hands, first raised first (member keys).
  std::vector<std::string> hands;
  // Who holds the talking stick ("" none): while someone does, everyone
  // but they and the host is muted in Janus.
  std::string stick;
  std::vector<GroupReport> reports;
  std::optional<GroupPacer> pacer;  // none: no shared pacer running
  const GroupMember* Find(std::string_view key) const;
  // Muted now: by the host, or because someone else holds the stick.
  bool Silenced(const GroupMember& member) const;
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
  // list, and their `choices` kept (the world shows them by the name
  // others may see). NotFound; FailedPrecondition ("room_locked") when the
  // host locked the room before this member first joined.
  StatusOr<GroupTicket> Join(const std::string& id, const std::string& member,
                             JoinChoices choices = {});
  // The member's browser has joined the media: the host's mute (and the
  // stage, and the stick) are applied to them in Janus again. True when
  // they were not present before (an arrival, for the attendance record).
  StatusOr<bool> Joined(const std::string& id, const std::string& member);
  // The member left the call (their hand goes down). True when they were
  // present (a departure for the attendance record). NotFound.
  StatusOr<bool> Left(const std::string& id, const std::string& member);

  // The member's own hand (group_rooms_floor.cpp). Raising twice keeps the
  // first place in the queue. NotFound.
  Status RaiseHand(const std::string& id, const std::string& member, bool raised);
  // The host gives the talking stick to `member` (their hand goes down), or
  // takes it back with "" (everyone's own mute state returns). Everyone in
  // the call is muted or unmuted in Janus before it returns (someone not
  // publishing at that moment is on their next Joined). PermissionDenied
  // (host_only), NotFound (member_not_found).
  Status GiveStick(const std::string& id, const std::string& host,
                   const std::string& member);
  // `from` tells the host about `about`: InvalidArgument ("invalid_reason"
  // for 0 or more than 300 bytes or bad UTF-8, "cannot_report_self"),
  // NotFound (member_not_found), ResourceExhausted ("too_many_reports").
  Status Report(const std::string& id, const std::string& from,
                const std::string& about, const std::string& reason);

  // The host starts the shared pacer (its start is now on this server's
  // clock; starting again restarts it) or stops it with nullopt.
  // PermissionDenied (host_only), NotFound (group_not_found),
  // InvalidArgument ("invalid_pattern"; "invalid_phase_seconds" for the
  // wrong number of phases or one outside 1..12 s).
  Status SetPacer(const std::string& id, const std::string& host,
                  std::optional<GroupPacer> pacer);

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
  // Now on the clock pacer starts are taken from.
  int64_t NowUnixMs() const { return clock_.NowUnixMs(); }

 private:
  Group* FindLocked(const std::string& id, const std::string& member);
  StatusOr<Group*> HostLocked(const std::string& id, const std::string& host);
  RoomSettings SettingsLocked(const Group& group) const;
  Status ApplyLocked(const Group& group, const GroupMember& member);
  static GroupMember* MemberOfLocked(Group& group, const std::string& key);
  // Applies everyone's mute (the stick changed); a member Janus does not
  // know now gets it on their next Joined.
  void ApplyAllLocked(const Group& group);

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
