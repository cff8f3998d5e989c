// World: the realtime side of MetaClinic. It owns the spaces (from
// spaces/*.json plus private instances created at run time), the avatars in
// them, and the 20 Hz tick that validates poses, picks what each client sees
// and sends it snapshots within a byte budget. It implements RealtimeGateway,
// so net hands it every /ws connection; docs/protocol.md is the wire format
// and docs/world.md the model (interest management, budgets, policies).
//
// Ownership: the World owns all space and avatar state; connections are named
// by the ids Open returns. Definitions are immutable and shared. A space
// with Instancing::kPersonal (the body explorer) is never entered itself: a
// join of it enters the person's own members-only instance, which its owner
// may open to others with single-use invites (world_sessions.cpp,
// docs/world.md "Personal instances"); instances live as long as the World.
//
// Threading:
//  - Open/Receive/Closed run on net's threads. Receive decodes, answers
//    hello/ping at once and queues everything else; it never waits on the
//    tick (one short mutex guards the queue).
//  - All space state is touched only by Tick(), which Start() runs on the
//    world's own thread every tick_interval_ms; tests call Tick(now_ms)
//    directly with a fake clock and never call Start().
//  - CreatePrivateSpace/AddMember/RemoveMember/ClosePrivateSpace, SpaceJson,
//    SpaceListJson and StatsJson may be called from any thread.
//  - Nothing here touches the database or blocks on I/O.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "core/metrics.h"

#include "core/clock.h"
#include "core/status.h"
#include "world/realtime_gateway.h"
#include "world/space_definition.h"

namespace mc::glucose {
struct ParameterSet;
}

namespace mc::world {

struct WorldOptions {
  int tick_interval_ms = 50;          // 20 Hz
  int max_visible = 64;               // K: avatars one client sees at most
  float view_radius_m = 30;           // R
  int view_refresh_ticks = 4;         // re-pick who is visible every N ticks
  int byte_budget_per_second = 8192;  // snapshot bytes per client
  // A client gets a snapshot every N ticks (staggered), carrying the budget
  // of those N ticks: fewer, larger frames when per-frame cost matters.
  int snapshot_interval_ticks = 1;
  // Overload: while ticks take most of tick_interval_ms, the interval grows
  // (up to this), so every client still gets its byte budget in fewer
  // frames and the tick stays on time; it shrinks back when there is room.
  // 1 turns it off. StatsJson reports the interval in force.
  int max_snapshot_interval_ticks = 4;
  int low_data_budget_per_second = 2048;
  float max_speed_m_per_s = 6;     // faster steps are clamped
  float max_head_offset_m = 2.5f;  // head from body; beyond: reset
  float max_hand_offset_m = 1.5f;  // hands from head; beyond: dropped
  float chat_radius_m = 12;        // "nearby" chat
  int max_chat_bytes = 500;
  int space_chat_max_population = 500;  // above: space chat is staff-only
  double social_per_second = 1;         // chat, emote, presence
  double social_burst = 5;
  double frames_per_second = 60;  // every client frame
  double frames_burst = 120;
  int max_signal_bytes = 16 * 1024;
  int idle_timeout_ms = 60 * 1000;  // no frame at all: close 1001
  int stats_window_ticks = 200;     // tick percentiles over the last N
  // Virtual patients for spaces with "simulation": "glucose" (loaded before
  // the world starts; the tick never reads files). Null: those spaces run
  // no simulation and sim_action answers "simulation_unavailable".
  std::shared_ptr<const glucose::ParameterSet> glucose_parameters;
  int sim_state_interval_ms = 250;  // sim_state broadcast cadence
  // A personal session (a body-explorer instance) nobody has been in for
  // this long is closed: its simulation stops and its state and log go.
  // Coming back within it finds the session as it was left.
  int64_t personal_session_idle_ms = 12LL * 60 * 60 * 1000;
};

// Counters since start, for tests and StatsJson.
struct WorldCounters {
  uint64_t ticks = 0;
  uint64_t avatar_ticks = 0;  // sum over ticks of avatars present
  uint64_t frames_in = 0;
  uint64_t bytes_in = 0;
  uint64_t frames_out = 0;
  uint64_t bytes_out = 0;
  uint64_t snapshot_bytes = 0;
  uint64_t snapshots_sent = 0;
  uint64_t snapshots_dropped = 0;  // refused by a full send queue
  uint64_t poses_coalesced = 0;    // more than one pose in a tick
  uint64_t poses_corrected = 0;
  uint64_t frames_throttled = 0;  // dropped by the per-connection bucket
  uint64_t protocol_closes = 0;
};

class World final : public RealtimeGateway {
 public:
  // `spaces` as loaded by LoadSpaceDirectory; `clock` must outlive the world.
  World(std::vector<SpaceDefinition> spaces, const Clock& clock,
        WorldOptions options = {});
  ~World() override;  // stops the tick thread
  World(const World&) = delete;
  World& operator=(const World&) = delete;

  // RealtimeGateway. Open never fails today (the identity was checked by
  // net); it returns Unavailable ("world_stopping") once Stop() was called.
  StatusOr<uint64_t> Open(const ClientIdentity& client, FrameSender sender,
                          ConnectionCloser closer) override;
  void Receive(uint64_t connection, std::string_view frame,
               bool binary) override;
  void Closed(uint64_t connection) override;

  // Runs Tick on the world's own thread every tick_interval_ms (monotonic
  // clock) until Stop(). Both are idempotent.
  void Start();
  void Stop();

  // One tick at `now_ms` (the clock's MonotonicMs timeline): applies queued
  // messages, validates poses, sends snapshots. REQUIRES: called from one
  // thread at a time, and not while Start() is running.
  void Tick(int64_t now_ms);

  // Closes every realtime connection of account `user_id` (close code 1008,
  // "session ended"): its sessions were revoked (disabled, password reset).
  // Thread-safe; the closes happen on the connections' own threads.
  void DisconnectUser(int64_t user_id);

  // A members-only instance of the template space `template_id` (a
  // definition with "template": true, or any space) whose members are
  // `member_keys` (see MemberKeyFor in access.h). Returns its id,
  // "<template>~<32 hex>" (128 random bits). NotFound ("space_not_found").
  StatusOr<std::string> CreatePrivateSpace(
      const std::string& template_id,
      const std::vector<std::string>& member_keys);
  // Adds a member (or, for invite spaces, an invitee). NotFound.
  Status AddMember(const std::string& space, const std::string& member_key);
  // Removes a member; if they are inside, they are moved out on the next
  // tick (Left, reason "removed") and stop receiving its events. NotFound.
  Status RemoveMember(const std::string& space, const std::string& member_key);
  // The name others see over `member_key`'s avatar in `space` from their
  // next entry (a group member who shows their first name only); "" goes
  // back to their own name. NotFound.
  Status NameMember(const std::string& space, const std::string& member_key,
                    const std::string& name);
  // Removes a private instance; everyone inside is moved out. NotFound, or
  // FailedPrecondition ("not_private") for a space loaded from a file.
  Status ClosePrivateSpace(const std::string& space);

  // The definition of `space` as JSON (SpaceDefinitionJson; a simulation
  // space adds "simulation_limits": the bounds of its actions, docs/world.md).
  // NotFound.
  StatusOr<std::string> SpaceJson(const std::string& space) const;
  // [{"id","name","department","policy","capacity"}] of the spaces loaded
  // from files (not templates, not private instances).
  std::string SpaceListJson() const;

  // {"tick_ms_p50","tick_ms_p99","tick_ms_max","connections","avatars", and
  // every WorldCounters field}; tick percentiles over the last
  // stats_window_ticks ticks.
  std::string StatsJson() const;
  WorldCounters Counters() const;
  // People present per space (spaces with nobody are left out), as of the
  // last second; for the admin console's system status.
  std::vector<std::pair<std::string, size_t>> Occupancy() const;
  // Open realtime connections, and every tick's duration so far (seconds),
  // for GET /metrics.
  size_t Connections() const;
  HistogramSnapshot TickDurations() const;

  const WorldOptions& options() const { return options_; }

  struct Impl;  // internal state (world_internal.h)

 private:
  const WorldOptions options_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace mc::world
