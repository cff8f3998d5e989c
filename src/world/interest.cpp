#include "world/interest.h"

#include <algorithm>
#include <cmath>

namespace mc::world {
namespace {

using protocol::AvatarPose;
using protocol::SnapshotRecord;

// Priority of an entity the client has not seen yet: above any update.
constexpr float kEnteringPriority = 1e6f;

bool FitsDelta(uint16_t now, uint16_t before) {
  const int difference = static_cast<int>(now) - static_cast<int>(before);
  return difference >= -128 && difference <= 127;
}

bool PositionFitsDelta(const protocol::Transform& now,
                       const protocol::Transform& before) {
  return FitsDelta(now.x, before.x) && FitsDelta(now.y, before.y) &&
         FitsDelta(now.z, before.z);
}

bool SamePosition(const protocol::Transform& a, const protocol::Transform& b) {
  return a.x == b.x && a.y == b.y && a.z == b.z;
}

void SetPosition(int32_t* out, const protocol::Transform& now,
                 const protocol::Transform* before) {
  if (before == nullptr) {
    out[0] = now.x;
    out[1] = now.y;
    out[2] = now.z;
  } else {
    out[0] = static_cast<int32_t>(now.x) - before->x;
    out[1] = static_cast<int32_t>(now.y) - before->y;
    out[2] = static_cast<int32_t>(now.z) - before->z;
  }
}

void SetHands(SnapshotRecord& record, const AvatarPose& pose) {
  record.flags |= protocol::kRecordHands;
  record.has_hands = pose.has_hands;
  record.left_hand = pose.left_hand;
  record.right_hand = pose.right_hand;
}

void MakeEntered(const Avatar& avatar, const AvatarPose& pose,
                 SnapshotRecord& record) {
  record = SnapshotRecord();
  record.entity = avatar.entity;
  record.flags = protocol::kRecordEntered | protocol::kRecordBodyPosition |
                 protocol::kRecordBodyRotation | protocol::kRecordHeadPosition |
                 protocol::kRecordHeadRotation;
  record.kind = avatar.kind;
  record.status = avatar.status;
  record.name = avatar.name;
  SetPosition(record.body_position, pose.body, nullptr);
  record.body_rotation = pose.body.rotation;
  SetPosition(record.head_position, pose.head, nullptr);
  record.head_rotation = pose.head.rotation;
  if (pose.has_hands) SetHands(record, pose);
}

// A record with only what changed since `sent`; flags 0 when nothing did.
void MakeUpdate(uint32_t entity, const AvatarPose& pose, const AvatarPose& sent,
                SnapshotRecord& record) {
  record.entity = entity;
  record.flags = 0;
  record.name.clear();
  const bool body_moved = !SamePosition(pose.body, sent.body);
  const bool head_moved = !SamePosition(pose.head, sent.head);
  const bool delta = (body_moved || head_moved) &&
                     (!body_moved || PositionFitsDelta(pose.body, sent.body)) &&
                     (!head_moved || PositionFitsDelta(pose.head, sent.head));
  if (delta) record.flags |= protocol::kRecordDelta;
  if (body_moved) {
    record.flags |= protocol::kRecordBodyPosition;
    SetPosition(record.body_position, pose.body, delta ? &sent.body : nullptr);
  }
  if (pose.body.rotation != sent.body.rotation) {
    record.flags |= protocol::kRecordBodyRotation;
    record.body_rotation = pose.body.rotation;
  }
  if (head_moved) {
    record.flags |= protocol::kRecordHeadPosition;
    SetPosition(record.head_position, pose.head, delta ? &sent.head : nullptr);
  }
  if (pose.head.rotation != sent.head.rotation) {
    record.flags |= protocol::kRecordHeadRotation;
    record.head_rotation = pose.head.rotation;
  }
  if (pose.has_hands != sent.has_hands ||
      (pose.has_hands && (pose.left_hand != sent.left_hand ||
                          pose.right_hand != sent.right_hand))) {
    SetHands(record, pose);
  }
}

}  // namespace

void Grid::Reset(const Box3& bounds, float cell_m) {
  min_x_ = bounds.min.x;
  min_z_ = bounds.min.z;
  cell_m_ = cell_m;
  columns_ = std::max(
      1, static_cast<int>(std::ceil((bounds.max.x - bounds.min.x) / cell_m)));
  rows_ = std::max(
      1, static_cast<int>(std::ceil((bounds.max.z - bounds.min.z) / cell_m)));
  cell_start_.assign(static_cast<size_t>(columns_) * rows_ + 1, 0);
  items_.clear();
}

int Grid::CellX(float x) const {
  return std::clamp(static_cast<int>((x - min_x_) / cell_m_), 0, columns_ - 1);
}

int Grid::CellZ(float z) const {
  return std::clamp(static_cast<int>((z - min_z_) / cell_m_), 0, rows_ - 1);
}

void Grid::Build(const std::vector<Avatar>& avatars) {
  // Counting sort by cell: two passes, no per-cell allocations.
  std::fill(cell_start_.begin(), cell_start_.end(), 0);
  cell_of_.resize(avatars.size());
  points_.resize(avatars.size());
  poses_.resize(avatars.size());
  for (size_t i = 0; i < avatars.size(); ++i) {
    const Avatar& avatar = avatars[i];
    poses_[i] = avatar.pose;
    points_[i] = {avatar.body_m.x, avatar.body_m.z, avatar.entity,
                  avatar.version};
    const uint32_t cell =
        static_cast<uint32_t>(CellZ(avatar.body_m.z)) * columns_ +
        CellX(avatar.body_m.x);
    cell_of_[i] = cell;
    ++cell_start_[cell + 1];
  }
  for (size_t c = 1; c < cell_start_.size(); ++c)
    cell_start_[c] += cell_start_[c - 1];
  items_.resize(avatars.size());
  for (size_t i = 0; i < avatars.size(); ++i) {
    points_[i].index = static_cast<uint32_t>(i);
    items_[cell_start_[cell_of_[i]]++] = points_[i];
  }
  // cell_start_ now holds each cell's end; shift back to starts.
  for (size_t c = cell_start_.size() - 1; c > 0; --c)
    cell_start_[c] = cell_start_[c - 1];
  cell_start_[0] = 0;
}

void SelectVisible(const Grid& grid, uint32_t self,
                   const InterestOptions& options, InterestScratch& scratch) {
  auto& candidates = scratch.candidates;
  candidates.clear();
  const Grid::Point origin = grid.point(self);
  const float radius_squared = options.radius_m * options.radius_m;
  const int cx = grid.CellX(origin.x);
  const int cz = grid.CellZ(origin.z);
  const int last_ring = std::min(
      grid.max_ring(),
      static_cast<int>(std::ceil(options.radius_m / grid.cell_m())) + 1);
  const size_t wanted = static_cast<size_t>(options.max_visible);
  size_t counted = 0;  // candidates[0, counted) already compared to `reach`
  size_t inside = 0;   // of those, how many lie within the last reach
  float last_reach_squared = -1;
  for (int ring = 0; ring <= last_ring; ++ring) {
    grid.ForEachInRing(cx, cz, ring, [&](const Grid::Point& p) {
      const float dx = p.x - origin.x, dz = p.z - origin.z;
      const float d2 = dx * dx + dz * dz;
      if (d2 <= radius_squared && p.index != self) {
        candidates.push_back({p.index, p.entity, p.version, d2});
      }
    });
    // Anything outside rings 0..ring is at least ring*cell away: once K are
    // found within that distance, no farther ring can displace them.
    if (candidates.size() >= wanted && ring > 0) {
      const float reach = ring * grid.cell_m();
      const float reach_squared = reach * reach;
      if (reach_squared != last_reach_squared) {
        inside = 0;
        counted = 0;
        last_reach_squared = reach_squared;
      }
      for (; counted < candidates.size(); ++counted) {
        inside += candidates[counted].distance_m <= reach_squared;
      }
      if (inside >= wanted) break;
    }
  }
  auto by_distance = [](const Candidate& a, const Candidate& b) {
    return a.distance_m < b.distance_m;
  };
  if (candidates.size() > wanted) {
    std::nth_element(candidates.begin(), candidates.begin() + wanted,
                     candidates.end(), by_distance);
    candidates.resize(wanted);
  }
  for (Candidate& c : candidates) c.distance_m = std::sqrt(c.distance_m);
  std::sort(candidates.begin(), candidates.end(),
            [](const Candidate& a, const Candidate& b) {
              return a.entity < b.entity;
            });
}

void RefreshVisible(const Grid& grid, uint32_t self,
                    std::vector<Candidate>& candidates) {
  const Grid::Point& origin = grid.point(self);
  for (Candidate& c : candidates) {
    const Grid::Point& p = grid.point(c.index);
    c.version = p.version;
    const float dx = p.x - origin.x, dz = p.z - origin.z;
    c.distance_m = std::sqrt(dx * dx + dz * dz);
  }
}

bool BuildSnapshot(const std::vector<Avatar>& avatars, const Grid& grid,
                   const ViewState& view, uint32_t tick, uint32_t ack_sequence,
                   bool ack_changed, size_t budget_bytes,
                   InterestScratch& scratch, std::string& frame) {
  const auto& candidates = scratch.candidates;
  const auto& old = view.entries;
  auto& items = scratch.items;
  items.clear();
  auto& left_entries = scratch.left_entries;
  left_entries.clear();
  scratch.left_sent.assign(old.size(), 0);

  // Merge the sorted candidate list with the sorted old view. Only versions
  // are compared here; poses are read for the records actually written.
  size_t i = 0, j = 0;
  while (i < candidates.size() || j < old.size()) {
    const uint32_t candidate_entity =
        i < candidates.size() ? candidates[i].entity : UINT32_MAX;
    const uint32_t old_entity = j < old.size() ? old[j].entity : UINT32_MAX;
    if (old_entity < candidate_entity) {
      left_entries.push_back(static_cast<uint32_t>(j));
      ++j;
    } else if (candidate_entity < old_entity) {
      items.push_back({kEnteringPriority - candidates[i].distance_m,
                       static_cast<uint16_t>(i), -1});
      __builtin_prefetch(&grid.pose(candidates[i].index));
      ++i;
    } else {
      const ViewEntry& entry = old[j];
      if (candidates[i].version != entry.sent_version) {
        const float staleness = static_cast<float>(tick - entry.last_sent_tick);
        const float nearness = 1.0f / (1.0f + candidates[i].distance_m * 0.25f);
        items.push_back({staleness * nearness, static_cast<uint16_t>(i),
                         static_cast<int16_t>(j)});
        // The records are written in priority order, i.e. at random; fetch
        // what they read now, while walking both arrays in order.
        __builtin_prefetch(&view.sent[j]);
        __builtin_prefetch(&grid.pose(candidates[i].index));
      }
      ++i;
      ++j;
    }
  }

  protocol::SnapshotWriter& writer = scratch.writer;
  writer.Reset(tick, ack_sequence, budget_bytes);
  SnapshotRecord& record = scratch.record;
  for (uint32_t entry : left_entries) {
    if (writer.size() + 5 > budget_bytes) break;
    record.entity = old[entry].entity;
    record.flags = protocol::kRecordLeft;
    writer.Add(record);
    scratch.left_sent[entry] = 1;
  }
  auto by_priority = [](const auto& a, const auto& b) {
    return a.priority > b.priority;
  };
  // Only the first few records fit the budget: pick those in linear time,
  // then order just them (the rest is ordered only if the budget lasts).
  const size_t likely = std::min(items.size(), budget_bytes / 16 + 4);
  if (likely < items.size()) {
    std::nth_element(items.begin(), items.begin() + likely, items.end(),
                     by_priority);
  }
  std::sort(items.begin(), items.begin() + likely, by_priority);
  auto& sent = scratch.sent;
  sent.assign(candidates.size(), 0);
  scratch.sent_items.clear();
  scratch.membership_changed = writer.record_count() > 0;  // left records
  int misses = 0;
  for (size_t k = 0; k < items.size(); ++k) {
    if (k == likely) std::sort(items.begin() + k, items.end(), by_priority);
    const auto& item = items[k];
    const Candidate& candidate = candidates[item.candidate];
    if (item.view_entry < 0) {
      MakeEntered(avatars[candidate.index], grid.pose(candidate.index), record);
    } else {
      MakeUpdate(candidate.entity, grid.pose(candidate.index),
                 view.sent[item.view_entry], record);
    }
    if (writer.size() + protocol::RecordSize(record) > budget_bytes) {
      // A smaller record further down may still fit; stop after a few tries.
      if (++misses > 4) break;
      continue;
    }
    writer.Add(record);
    sent[item.candidate] = 1;
    scratch.sent_items.push_back({item.candidate, item.view_entry});
    if (item.view_entry < 0) scratch.membership_changed = true;
  }
  if (writer.record_count() == 0 && !ack_changed) return false;
  writer.Finish(frame);
  return true;
}

void CommitSnapshot(const Grid& grid, uint32_t tick, InterestScratch& scratch,
                    ViewState& view) {
  const auto& candidates = scratch.candidates;
  const auto& sent = scratch.sent;
  if (!scratch.membership_changed) {
    // Same entities as before: update the sent ones in place (each sent
    // record was an update, so it knows its entry in the view).
    for (const InterestScratch::SentItem& item : scratch.sent_items) {
      const Candidate& candidate = candidates[item.candidate];
      const size_t j = static_cast<size_t>(item.view_entry);
      view.entries[j] = {candidate.entity, tick, candidate.version};
      view.sent[j] = grid.pose(candidate.index);
    }
    return;
  }
  const auto& old = view.entries;
  ViewState& fresh = scratch.new_view;
  fresh.entries.clear();
  fresh.sent.clear();
  size_t i = 0, j = 0;
  while (i < candidates.size() || j < old.size()) {
    const uint32_t candidate_entity =
        i < candidates.size() ? candidates[i].entity : UINT32_MAX;
    const uint32_t old_entity = j < old.size() ? old[j].entity : UINT32_MAX;
    if (old_entity < candidate_entity) {
      if (!scratch.left_sent[j]) {
        fresh.entries.push_back(old[j]);
        fresh.sent.push_back(view.sent[j]);
      }
      ++j;
      continue;
    }
    const bool both = old_entity == candidate_entity;
    if (sent[i]) {
      fresh.entries.push_back(
          {candidates[i].entity, tick, candidates[i].version});
      fresh.sent.push_back(grid.pose(candidates[i].index));
    } else if (both) {
      fresh.entries.push_back(old[j]);
      fresh.sent.push_back(view.sent[j]);
    }
    ++i;
    if (both) ++j;
  }
  view.entries.swap(fresh.entries);
  view.sent.swap(fresh.sent);
}

}  // namespace mc::world
