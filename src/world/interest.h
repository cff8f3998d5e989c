// Interest management: which avatars one client sees, and the snapshot that
// brings its copy of them up to date within its byte budget.
//
// Per client and tick: the spatial grid yields the avatars within radius R,
// nearest first, at most K; each gets a priority that grows with nearness
// and with the ticks since it was last sent; records (left, entered, delta)
// are written in priority order until the budget is spent. Deltas are
// against ViewState, the last state *queued* to that client: when net drops
// the frame (full send queue), the view is not committed, so the next
// snapshot is computed against what the client really has.
//
// Internal to the world module; single-threaded (the tick).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "world/geometry.h"
#include "world/protocol.h"

namespace mc::world {

struct Client;

struct Avatar {
  uint32_t entity = 0;
  Client* client = nullptr;
  protocol::EntityKind kind = protocol::EntityKind::kPerson;
  protocol::PresenceStatus status = protocol::PresenceStatus::kAvailable;
  std::string name;
  protocol::AvatarPose pose;  // quantized in the space's bounds
  Vec3 body_m;                // pose.body position in metres
  uint32_t version = 1;       // bumped whenever `pose` changes
  int64_t last_pose_ms = 0;
  uint32_t last_sequence = 0;
};

// What one client was last sent about one entity (the small part the
// per-tick merge reads; the pose itself is in ViewState::sent).
struct ViewEntry {
  uint32_t entity = 0;
  uint32_t last_sent_tick = 0;
  uint32_t sent_version = 0;  // Avatar::version of the pose sent
};

// Everything a client has been sent about the entities it sees, sorted by
// entity id; `sent[i]` is the pose last sent for `entries[i]`.
struct ViewState {
  std::vector<ViewEntry> entries;
  std::vector<protocol::AvatarPose> sent;
  double budget_bytes = 0;  // accrued, unspent snapshot budget
};

// Uniform grid over the floor plan of one space, rebuilt every tick. It also
// keeps a compact copy of what interest management reads for every avatar,
// so the hot loops never touch the (large, cold) Avatar records.
class Grid {
 public:
  struct Point {
    float x = 0, z = 0;
    uint32_t entity = 0;
    uint32_t version = 0;
    uint32_t index = 0;  // into avatars
  };

  void Reset(const Box3& bounds, float cell_m);
  void Build(const std::vector<Avatar>& avatars);
  const Point& point(uint32_t index) const { return points_[index]; }
  const protocol::AvatarPose& pose(uint32_t index) const {
    return poses_[index];
  }

  // Calls visit(point) for every avatar in the cells at Chebyshev distance
  // exactly `ring` from cell (cx, cz).
  template <typename Visit>
  void ForEachInRing(int cx, int cz, int ring, Visit&& visit) const;

  int CellX(float x) const;
  int CellZ(float z) const;
  float cell_m() const { return cell_m_; }
  int max_ring() const { return std::max(columns_, rows_); }

 private:
  void VisitCell(int x, int z, auto& visit) const {
    if (x < 0 || z < 0 || x >= columns_ || z >= rows_) return;
    const size_t cell = static_cast<size_t>(z) * columns_ + x;
    for (uint32_t i = cell_start_[cell]; i < cell_start_[cell + 1]; ++i) {
      visit(items_[i]);
    }
  }
  float min_x_ = 0, min_z_ = 0, cell_m_ = 1;
  int columns_ = 1, rows_ = 1;
  std::vector<uint32_t> cell_start_;  // columns*rows + 1 offsets
  std::vector<Point> items_;          // grouped by cell (contiguous reads)
  std::vector<uint32_t> cell_of_;     // scratch
  std::vector<Point> points_;         // by avatar index
  std::vector<protocol::AvatarPose> poses_;  // by avatar index
};

template <typename Visit>
void Grid::ForEachInRing(int cx, int cz, int ring, Visit&& visit) const {
  if (ring == 0) {
    VisitCell(cx, cz, visit);
    return;
  }
  for (int x = cx - ring; x <= cx + ring; ++x) {
    VisitCell(x, cz - ring, visit);
    VisitCell(x, cz + ring, visit);
  }
  for (int z = cz - ring + 1; z <= cz + ring - 1; ++z) {
    VisitCell(cx - ring, z, visit);
    VisitCell(cx + ring, z, visit);
  }
}

struct InterestOptions {
  int max_visible = 64;
  float radius_m = 30;
};

struct Candidate {
  uint32_t index = 0;  // into avatars
  uint32_t entity = 0;
  uint32_t version = 0;
  float distance_m = 0;
};

// Reusable buffers so a tick allocates nothing in steady state.
struct InterestScratch {
  std::vector<Candidate> candidates;
  struct Item {
    float priority = 0;
    uint16_t candidate = 0;
    int16_t view_entry = -1;  // index into the old view, -1 when entering
  };
  std::vector<Item> items;
  std::vector<uint8_t> left_sent;      // per old view entry
  std::vector<uint32_t> left_entries;  // old view entries now out of view
  std::vector<uint8_t> sent;           // per candidate
  struct SentItem {
    uint16_t candidate = 0;
    int16_t view_entry = -1;  // as in Item
  };
  std::vector<SentItem> sent_items;    // records written, in order
  bool membership_changed = false;     // an entered or left record went out
  ViewState new_view;
  protocol::SnapshotWriter writer;
  protocol::SnapshotRecord record;
};

// The avatars `self` should see: within radius, nearest first, at most
// max_visible, sorted by entity id into scratch.candidates.
void SelectVisible(const Grid& grid, uint32_t self,
                   const InterestOptions& options, InterestScratch& scratch);

// Writes into `frame` the snapshot (after SelectVisible) that fits
// `budget_bytes`. Returns false when there is nothing worth sending (no
// record and `ack_sequence` already sent). Once the frame is queued, call
// CommitSnapshot with the same scratch to make it the client's new baseline.
bool BuildSnapshot(const std::vector<Avatar>& avatars, const Grid& grid,
                   const ViewState& view, uint32_t tick, uint32_t ack_sequence,
                   bool ack_changed, size_t budget_bytes,
                   InterestScratch& scratch, std::string& frame);

void CommitSnapshot(const Grid& grid, uint32_t tick, InterestScratch& scratch,
                    ViewState& view);

// Between two SelectVisible calls the same entities stay in view: refreshes
// their versions and distances from `grid`. REQUIRES: no avatar was removed
// from the space since `candidates` were selected (indices still valid).
void RefreshVisible(const Grid& grid, uint32_t self,
                    std::vector<Candidate>& candidates);

}  // namespace mc::world
