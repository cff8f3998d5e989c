// Poses and snapshots: a tick's per-space pass (world_tick.cpp calls it)
// validates the stored poses and sends each client its snapshot, and the
// overload controller sets how often. Runs only on the tick thread (or a
// test's thread).
#include <algorithm>

#include "world/world_internal.h"

namespace mc::world {
namespace {


void Shift(protocol::Transform& transform, const Vec3& delta,
           const Box3& bounds) {
  transform = MakeTransform(Add(PositionOf(transform, bounds), delta),
                            transform.rotation, bounds);
}

// Checks `pose` against the space and the avatar's last accepted state and
// fixes what it must. Returns true when the body was moved (the client is
// told with a Correction).
bool ValidatePose(const SpaceDefinition& space, const WorldOptions& options,
                  const Avatar& avatar, int64_t now_ms,
                  protocol::AvatarPose& pose) {
  const Box3& bounds = space.bounds;
  const Vec3 from = avatar.body_m;
  const Vec3 wanted = PositionOf(pose.body, bounds);
  Vec3 to = wanted;
  bool corrected = false;
  const int64_t elapsed_ms = std::clamp<int64_t>(
      now_ms - avatar.last_pose_ms, options.tick_interval_ms, 1000);
  const float max_step =
      options.max_speed_m_per_s * elapsed_ms / 1000.0f + 0.05f;
  const float step = Distance(from, to);
  if (step > max_step) {
    to = Add(from, Scale(Sub(to, from), max_step / step));
    corrected = true;
  }
  if (step > 0) {
    const Vec2 a{from.x, from.z}, b{to.x, to.z};
    for (const Segment2& wall : space.collision_walls) {
      if (PathCrossesWall(a, b, wall)) {
        to = from;
        corrected = true;
        break;
      }
    }
  }
  if (corrected) {
    const Vec3 delta = Sub(to, wanted);
    pose.body = MakeTransform(to, pose.body.rotation, bounds);
    Shift(pose.head, delta, bounds);
    if (pose.has_hands) {
      Shift(pose.left_hand, delta, bounds);
      Shift(pose.right_hand, delta, bounds);
    }
  }
  const Vec3 body = PositionOf(pose.body, bounds);
  Vec3 head = PositionOf(pose.head, bounds);
  if (Distance(head, body) > options.max_head_offset_m) {
    head = Add(body, {0, kHeadHeightM, 0});
    pose.head = MakeTransform(head, pose.head.rotation, bounds);
  }
  if (pose.has_hands && (Distance(PositionOf(pose.left_hand, bounds), head) >
                             options.max_hand_offset_m ||
                         Distance(PositionOf(pose.right_hand, bounds), head) >
                             options.max_hand_offset_m)) {
    pose.has_hands = false;
    pose.left_hand = pose.right_hand = protocol::Transform();
  }
  return corrected;
}

}  // namespace

int NextSnapshotInterval(int current, double tick_ms_average,
                         int tick_interval_ms, int minimum, int maximum) {
  // A tick's cost is roughly proportional to the snapshots it builds.
  if (tick_ms_average > 0.7 * tick_interval_ms) {
    return std::min(maximum, current + 1);
  }
  if (current > minimum &&
      tick_ms_average * current / (current - 1) < 0.35 * tick_interval_ms) {
    return current - 1;
  }
  return std::max(minimum, std::min(current, maximum));
}

void World::Impl::AdaptSnapshotInterval(double duration_ms) {
  constexpr double kSmoothing = 0.1;  // about the last ten ticks
  constexpr uint32_t kSettleTicks = 20;
  tick_ms_average += kSmoothing * (duration_ms - tick_ms_average);
  if (tick - interval_changed_tick < kSettleTicks) return;
  const int minimum = std::max(1, options.snapshot_interval_ticks);
  const int next =
      NextSnapshotInterval(snapshot_interval, tick_ms_average,
                           options.tick_interval_ms, minimum,
                           std::max(minimum, options.max_snapshot_interval_ticks));
  if (next != snapshot_interval) {
    snapshot_interval = next;
    interval_changed_tick = tick;
    published_snapshot_interval = next;
  }
}

void World::Impl::ApplyPoses(Space& space, int64_t now_ms,
                             WorldCounters& counters) {
  const SpaceDefinition& definition = *space.definition;
  for (Avatar& avatar : space.avatars) {
    Client& client = *avatar.client;
    if (!client.has_pending_pose) continue;
    client.has_pending_pose = false;
    const protocol::Pose& pose = client.pending_pose;
    if (pose.sequence <= avatar.last_sequence) continue;  // stale
    protocol::AvatarPose accepted = pose.pose;
    if (ValidatePose(definition, options, avatar, now_ms, accepted)) {
      ++counters.poses_corrected;
      // Droppable: a client that missed one keeps being corrected by the
      // next pose, so a slow consumer is not closed for it.
      Send(client, protocol::Correction{pose.sequence, accepted.body},
           Delivery::kDroppable);
    }
    if (!(accepted == avatar.pose)) ++avatar.version;
    avatar.pose = accepted;
    avatar.body_m = PositionOf(accepted.body, definition.bounds);
    avatar.last_pose_ms = now_ms;
    avatar.last_sequence = pose.sequence;
    client.ack_sequence = pose.sequence;
  }
}

namespace {

// Each client's view lives in its own heap blocks, cold since its last
// snapshot: start fetching the next client's while this one is encoded
// (the per-client merge is otherwise bound by those misses).
void PrefetchView(const Client& client) {
  constexpr size_t kLine = 64;
  const auto prefetch_range = [](const void* data, size_t bytes) {
    const char* begin = static_cast<const char*>(data);
    for (size_t offset = 0; offset < bytes; offset += kLine) {
      __builtin_prefetch(begin + offset);
    }
  };
  prefetch_range(client.view.entries.data(),
                 client.view.entries.size() * sizeof(ViewEntry));
  prefetch_range(client.visible.data(),
                 client.visible.size() * sizeof(Candidate));
}

}  // namespace

void World::Impl::SendSnapshots(Space& space, WorldCounters& counters) {
  const InterestOptions interest{options.max_visible, options.view_radius_m};
  std::string frame;
  for (uint32_t i = 0; i < space.avatars.size(); ++i) {
    Client& client = *space.avatars[i].client;
    if (i + 1 < space.avatars.size()) {
      PrefetchView(*space.avatars[i + 1].client);
    }
    if (client.connection->closing.load()) continue;
    const double rate = client.low_data ? options.low_data_budget_per_second
                                        : options.byte_budget_per_second;
    const double per_tick = rate * options.tick_interval_ms / 1000.0;
    const int interval = std::max(1, snapshot_interval);
    client.view.budget_bytes = std::min(client.view.budget_bytes + per_tick,
                                        (interval + 1) * per_tick);
    const uint32_t entity = space.avatars[i].entity;
    if ((tick + entity) % interval != 0) continue;
    // Who is visible changes slowly: re-pick every view_refresh_ticks
    // (staggered by entity), and in between only refresh distances.
    if (!client.visible_valid || client.visible_layout != space.layout ||
        (tick + entity) % std::max(1, options.view_refresh_ticks) == 0) {
      SelectVisible(space.grid, i, interest, scratch);
      client.visible = scratch.candidates;
      client.visible_layout = space.layout;
      client.visible_valid = true;
    } else {
      RefreshVisible(space.grid, i, client.visible);
      scratch.candidates = client.visible;
    }
    const bool ack_changed = client.ack_sequence != client.last_sent_ack;
    if (!BuildSnapshot(space.avatars, space.grid, client.view, tick,
                       client.ack_sequence, ack_changed,
                       static_cast<size_t>(client.view.budget_bytes), scratch,
                       frame)) {
      continue;
    }
    const size_t size = frame.size();
    if (client.connection->sender(std::move(frame), Delivery::kDroppable)) {
      CommitSnapshot(space.grid, tick, scratch, client.view);
      client.view.budget_bytes -= static_cast<double>(size);
      client.last_sent_ack = client.ack_sequence;
      ++counters.snapshots_sent;
      counters.snapshot_bytes += size;
      ++counters.frames_out;
      counters.bytes_out += size;
    } else {
      ++counters.snapshots_dropped;
    }
    frame.clear();
  }
}

}  // namespace mc::world
