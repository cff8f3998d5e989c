#include "world/geometry.h"

#include <algorithm>

namespace mc::world {
namespace {

float Cross(const Vec2& origin, const Vec2& a, const Vec2& b) {
  return (a.x - origin.x) * (b.z - origin.z) -
         (a.z - origin.z) * (b.x - origin.x);
}

bool OnSegment(const Vec2& a, const Vec2& b, const Vec2& point) {
  return std::min(a.x, b.x) <= point.x && point.x <= std::max(a.x, b.x) &&
         std::min(a.z, b.z) <= point.z && point.z <= std::max(a.z, b.z);
}

int Sign(float value) { return (value > 0) - (value < 0); }

}  // namespace

bool SegmentsIntersect(const Vec2& a, const Vec2& b, const Vec2& c,
                       const Vec2& d) {
  const int d1 = Sign(Cross(c, d, a));
  const int d2 = Sign(Cross(c, d, b));
  const int d3 = Sign(Cross(a, b, c));
  const int d4 = Sign(Cross(a, b, d));
  if (d1 * d2 < 0 && d3 * d4 < 0) return true;
  if (d1 == 0 && OnSegment(c, d, a)) return true;
  if (d2 == 0 && OnSegment(c, d, b)) return true;
  if (d3 == 0 && OnSegment(a, b, c)) return true;
  if (d4 == 0 && OnSegment(a, b, d)) return true;
  return false;
}

bool PathCrossesWall(const Vec2& from, const Vec2& to, const Segment2& wall) {
  // Cheap reject first: most walls are nowhere near a step.
  if (std::max(from.x, to.x) < std::min(wall.from.x, wall.to.x) ||
      std::min(from.x, to.x) > std::max(wall.from.x, wall.to.x) ||
      std::max(from.z, to.z) < std::min(wall.from.z, wall.to.z) ||
      std::min(from.z, to.z) > std::max(wall.from.z, wall.to.z)) {
    return false;
  }
  const int d1 = Sign(Cross(wall.from, wall.to, from));
  const int d2 = Sign(Cross(wall.from, wall.to, to));
  const int d3 = Sign(Cross(from, to, wall.from));
  const int d4 = Sign(Cross(from, to, wall.to));
  if (d1 * d2 < 0 && d3 * d4 < 0) return true;
  return d2 == 0 && OnSegment(wall.from, wall.to, to);
}

}  // namespace mc::world
