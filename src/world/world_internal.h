// Internal state of World (world.h), shared by world.cpp (connections,
// messages), world_tick.cpp (the tick and the messages it applies),
// world_poses.cpp (poses, snapshots, the overload controller),
// world_sessions.cpp and interest.cpp. Not an API:
// nothing outside src/world includes this.
#pragma once

#include <algorithm>
#include <deque>
#include <map>
#include <optional>
#include <variant>

#include "absl/container/flat_hash_map.h"
#include "world/body_simulation.h"
#include "world/geometry.h"
#include "world/interest.h"
#include "world/protocol.h"
#include "world/token_bucket.h"
#include "world/world.h"

namespace mc::world {

inline constexpr float kHeadHeightM = 1.6f;  // a standing avatar's head

// A position quantized in `bounds` with `rotation`, and back.
inline protocol::Transform MakeTransform(const Vec3& position,
                                         uint32_t rotation, const Box3& bounds) {
  const auto q = protocol::QuantizePosition(position, bounds);
  return {q.x, q.y, q.z, rotation};
}
inline Vec3 PositionOf(const protocol::Transform& transform,
                       const Box3& bounds) {
  return protocol::DequantizePosition(transform.x, transform.y, transform.z,
                                      bounds);
}

// Receive-side state of one connection. `sender`/`closer` are thread-safe;
// the strand fields are touched only by Receive for this connection.
struct Connection {
  uint64_t id = 0;
  int64_t user_id = 0;  // set once by Open; 0 for guests and bots
  uint32_t entity = 0;
  FrameSender sender;
  ConnectionCloser closer;
  // strand-only:
  bool hello_done = false;
  // any thread (set once by Receive at hello, read by the tick):
  std::atomic<uint16_t> version{0};
  TokenBucket frames;
  int64_t last_throttle_error_ms = 0;
  // any thread:
  std::atomic<int64_t> last_receive_ms{0};
  std::atomic<bool> closing{false};
};

struct Space;

// avatar_style and activity share a bucket of their own, so typing
// indicators never spend the chat budget; a client that sends only on
// change (at most 2/s, as the browser does) never reaches it.
inline constexpr double kAvatarChangesPerSecond = 4;
inline constexpr double kAvatarChangesBurst = 8;

// Tick-side state of one connection (owned by the tick thread).
struct Client {
  std::shared_ptr<Connection> connection;
  ClientIdentity identity;
  std::string member_key;
  protocol::EntityKind kind = protocol::EntityKind::kPerson;
  bool low_data = false;
  Space* space = nullptr;  // null outside any space
  ViewState view;
  std::vector<Candidate> visible;  // cached SelectVisible result
  uint64_t visible_layout = 0;     // Space::layout when `visible` was chosen
  bool visible_valid = false;
  TokenBucket social;
  bool has_pending_pose = false;
  protocol::Pose pending_pose;
  uint32_t ack_sequence = 0;
  uint32_t last_sent_ack = 0;
  // Version 5 (world_avatars.cpp): kept for the session, across spaces.
  protocol::AvatarStyle style;
  uint8_t activity = 0;  // protocol::kActivity* bits; cleared on join
  TokenBucket avatar_changes{kAvatarChangesPerSecond, kAvatarChangesBurst};
};

struct Space {
  std::shared_ptr<const SpaceDefinition> definition;
  std::vector<Avatar> avatars;                       // dense; swap-removed
  absl::flat_hash_map<uint32_t, uint32_t> index_of;  // entity -> avatars[i]
  Grid grid;
  int next_spawn = 0;
  uint64_t layout = 0;  // bumped when avatar indices change (removals)
  // Spaces with "simulation": "glucose"; null elsewhere or when unavailable.
  std::unique_ptr<BodySimulation> simulation;
  int64_t last_sim_state_ms = 0;
  bool sim_state_dirty = false;  // an action changed it: broadcast this tick
  bool sim_log_dirty = false;    // the log grew: send sim_log this tick
  // A personal instance's owner (SpaceRecord's), "" elsewhere.
  std::string owner_key;
  std::string owner_name;
  int64_t empty_since_ms = 0;  // when the last avatar left; 0 while occupied
};

// A definition plus its member list (private instances, invite spaces).
struct SpaceRecord {
  std::shared_ptr<const SpaceDefinition> definition;
  std::set<std::string> members;
  // Names members show in this space instead of their own (World::NameMember).
  std::map<std::string, std::string> names;
  bool private_instance = false;
  // Personal instances (Instancing::kPersonal): whose it is.
  std::string owner_key;
  std::string owner_name;
};

// A single-use invite into a personal instance (sim_action "invite").
struct PendingInvite {
  std::string space;
  std::string owner_key;
  int64_t expires_ms = 0;
};
inline constexpr int64_t kInviteLifetimeMs = 60 * 60 * 1000;
inline constexpr size_t kMaxInvitesPerSpace = 16;

struct OpenedCommand {
  std::shared_ptr<Connection> connection;
  ClientIdentity identity;
};
struct MessageCommand {
  uint64_t connection = 0;
  protocol::ClientMessage message;
};
struct ClosedCommand {
  uint64_t connection = 0;
};
// Re-check who may stay in `space` (membership removed or space closed).
struct RecheckCommand {
  std::string space;
};
using Command =
    std::variant<OpenedCommand, MessageCommand, ClosedCommand, RecheckCommand>;

// The overload controller: the snapshot interval for the next ticks, from
// the smoothed tick duration. Grows by one while ticks use over 70% of the
// interval, shrinks by one when they would fit in 35% at the smaller
// interval; between `minimum` and `maximum`. Pure, for tests.
int NextSnapshotInterval(int current, double tick_ms_average,
                         int tick_interval_ms, int minimum, int maximum);

struct World::Impl {
  Impl(const Clock& clock, const WorldOptions& options)
      : clock(clock),
        options(options),
        snapshot_interval(std::max(1, options.snapshot_interval_ticks)),
        published_snapshot_interval(snapshot_interval) {}

  const Clock& clock;
  const WorldOptions& options;

  // Definitions and members; any thread.
  mutable std::mutex registry_mutex;
  std::map<std::string, SpaceRecord> registry;

  // Connections by id; any thread.
  mutable std::mutex connections_mutex;
  absl::flat_hash_map<uint64_t, std::shared_ptr<Connection>> connections;
  uint64_t next_connection = 1;
  bool stopping = false;

  // Queue from net threads to the tick.
  std::mutex inbox_mutex;
  std::vector<Command> inbox;
  std::vector<Command> processing;  // tick-only

  // Tick-only state.
  absl::flat_hash_map<uint64_t, std::unique_ptr<Client>> clients;
  std::map<std::string, std::unique_ptr<Space>> spaces;
  uint32_t tick = 0;
  int64_t last_idle_check_ms = 0;
  InterestScratch scratch;
  uint64_t poses_coalesced = 0;  // since the last tick's stats merge
  // The snapshot interval in force (NextSnapshotInterval) and the tick
  // duration it follows, smoothed.
  int snapshot_interval = 1;
  double tick_ms_average = 0;
  uint32_t interval_changed_tick = 0;
  // Personal instances by their owner's member key, and open invites by
  // code (world_sessions.cpp).
  std::map<std::string, std::string> personal_instances;
  std::map<std::string, PendingInvite> invites;

  // Stats; any thread.
  mutable std::mutex stats_mutex;
  std::deque<double> tick_durations_ms;
  WorldCounters counters;  // guarded by stats_mutex
  std::vector<std::pair<std::string, size_t>> occupancy;  // guarded by stats_mutex
  Histogram tick_seconds{Histogram::LatencyBoundsSeconds()};  // thread-safe
  std::atomic<uint64_t> frames_in{0}, bytes_in{0}, frames_throttled{0},
      protocol_closes{0};
  std::atomic<uint64_t> avatars{0};
  std::atomic<int> published_snapshot_interval{1};  // snapshot_interval

  // Tick thread.
  std::thread thread;
  std::mutex run_mutex;
  std::condition_variable run_cv;
  bool running = false;

  // --- helpers (world.cpp / world_tick.cpp) ---
  void Push(Command command);
  std::shared_ptr<Connection> FindConnection(uint64_t id) const;
  void CloseConnection(Connection& connection, int code,
                       const std::string& reason);
  void Send(Client& client, const protocol::ServerMessage& message,
            Delivery delivery = Delivery::kReliable);
  void SendError(Client& client, protocol::MessageType in_reply_to,
                 const Status& status);
  // A signal not relayed: signal_refused naming its peer (version 7), or
  // `error` in reply to signal for older sessions.
  void RefuseSignal(Client& client, const protocol::Signal& signal,
                    const Status& status);

  void HandleCommand(Command& command, int64_t now_ms);
  void HandleMessage(Client& client, protocol::ClientMessage& message,
                     int64_t now_ms);
  void HandleJoin(Client& client, const std::string& space_id, int spawn_index,
                  protocol::LeftReason leave_reason, int64_t now_ms,
                  protocol::MessageType in_reply_to);
  void HandleChat(Client& client, const protocol::Chat& chat, int64_t now_ms);
  void HandlePortal(Client& client, const protocol::UsePortal& portal,
                    int64_t now_ms);
  void HandleSignal(Client& client, const protocol::Signal& signal);
  void HandleSimAction(Client& client, const protocol::SimAction& action,
                       int64_t now_ms);
  // world_sessions.cpp: personal instances, invites and the session log.
  StatusOr<std::string> CreateInstance(const std::string& template_id,
                                       const std::vector<std::string>& members,
                                       const std::string& owner_key,
                                       const std::string& owner_name);
  StatusOr<std::string> PersonalInstanceFor(const Client& client,
                                            const SpaceDefinition& definition);
  void HandleInvite(Client& client, int64_t now_ms);
  void HandleAcceptInvite(Client& client, const protocol::AcceptInvite& accept,
                          int64_t now_ms);
  // Logs at the current simulated minute, or at `t_min` when given (the
  // minute an action was taken, before a jump moved time on).
  void LogSimulation(Space& space, const Client& client,
                     protocol::SimLogKind kind, uint32_t amount,
                     std::optional<uint32_t> t_min = std::nullopt);
  void SendSimLog(Space& space);
  void SendSimState(Space& space);
  void RunSimulation(Space& space, int64_t now_ms);
  void SendToNearby(Client& from, float radius_m, const std::string& frame);
  // world_avatars.cpp (version 5): appearance and activity.
  void HandleAvatarStyle(Client& client, const protocol::AvatarStyle& style,
                         int64_t now_ms);
  void HandleActivity(Client& client, const protocol::Activity& activity,
                      int64_t now_ms);
  // To the joiner: everyone's non-default avatar_info; to the others: the
  // joiner's, when not the default. Clears the joiner's activity.
  void SendAvatarRoster(Client& joiner);
  // `about`'s avatar_info to the version-5 clients within `radius_m`.
  void SendAvatarInfo(Client& about, float radius_m);
  void LeaveSpace(Client& client, protocol::LeftReason reason);
  void Recheck(const std::string& space_id);
  bool IsMember(const std::string& space_id, const std::string& key) const;

  void ApplyPoses(Space& space, int64_t now_ms, WorldCounters& counters);
  void SendSnapshots(Space& space, WorldCounters& counters);
  void CheckIdle(int64_t now_ms);
  // Follows the tick's duration with the snapshot interval (world_tick.cpp).
  void AdaptSnapshotInterval(double duration_ms);
  // Closes personal sessions empty for options.personal_session_idle_ms
  // (world_sessions.cpp).
  void CloseIdleSessions(int64_t now_ms);
};

}  // namespace mc::world
