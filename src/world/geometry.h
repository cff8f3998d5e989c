// Small value types for the realtime world: vectors, quaternions, boxes and
// wall segments. World space is metres, y up; the floor plan is the x/z plane.
// Plain data, no invariants beyond those stated; thread-compatible.
#pragma once

#include <cmath>

namespace mc::world {

struct Vec3 {
  float x = 0;
  float y = 0;
  float z = 0;
};

// A rotation; producers keep it normalised (the codec re-normalises).
struct Quat {
  float x = 0;
  float y = 0;
  float z = 0;
  float w = 1;
};

struct Box3 {
  Vec3 min;
  Vec3 max;
};

// A point on the floor plan (x, z).
struct Vec2 {
  float x = 0;
  float z = 0;
};

// A wall on the floor plan: avatars may not cross it.
struct Segment2 {
  Vec2 from;
  Vec2 to;
};

inline bool Contains(const Box3& box, const Vec3& point) {
  return point.x >= box.min.x && point.x <= box.max.x && point.y >= box.min.y &&
         point.y <= box.max.y && point.z >= box.min.z && point.z <= box.max.z;
}

// `box` grown by `margin_m` on every side.
inline Box3 Inflate(const Box3& box, float margin_m) {
  return {{box.min.x - margin_m, box.min.y - margin_m, box.min.z - margin_m},
          {box.max.x + margin_m, box.max.y + margin_m, box.max.z + margin_m}};
}

inline Vec3 Add(const Vec3& a, const Vec3& b) {
  return {a.x + b.x, a.y + b.y, a.z + b.z};
}
inline Vec3 Sub(const Vec3& a, const Vec3& b) {
  return {a.x - b.x, a.y - b.y, a.z - b.z};
}
inline Vec3 Scale(const Vec3& a, float factor) {
  return {a.x * factor, a.y * factor, a.z * factor};
}

inline float DistanceSquared(const Vec3& a, const Vec3& b) {
  const float dx = a.x - b.x, dy = a.y - b.y, dz = a.z - b.z;
  return dx * dx + dy * dy + dz * dz;
}

inline float Distance(const Vec3& a, const Vec3& b) {
  return std::sqrt(DistanceSquared(a, b));
}

// True when the floor-plan paths a->b and c->d cross or touch.
bool SegmentsIntersect(const Vec2& a, const Vec2& b, const Vec2& c,
                       const Vec2& d);

// True when moving from `from` to `to` passes through `wall` or ends on it.
// Starting on a wall does not count, so an avatar can always step away.
bool PathCrossesWall(const Vec2& from, const Vec2& to, const Segment2& wall);

}  // namespace mc::world
