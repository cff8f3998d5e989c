#include "sim/tissue/cutting.h"

#include <algorithm>
#include <limits>

namespace mc::tissue {
namespace {

// Projection interval of `points` on `axis`.
template <int N>
void Project(const Vec3 (&points)[N], const Vec3& axis, double& low,
             double& high) {
  low = std::numeric_limits<double>::infinity();
  high = -low;
  for (const Vec3& p : points) {
    const double t = p.dot(axis);
    low = std::min(low, t);
    high = std::max(high, t);
  }
}

bool Separates(const Vec3 (&triangle)[3], const Vec3 (&tet)[4],
               const Vec3& axis) {
  if (axis.squaredNorm() < 1e-30) return false;  // parallel edges: no axis
  double tri_low, tri_high, tet_low, tet_high;
  Project(triangle, axis, tri_low, tri_high);
  Project(tet, axis, tet_low, tet_high);
  return tri_high < tet_low || tet_high < tri_low;
}

}  // namespace

bool TriangleMeetsTetrahedron(const Vec3& a, const Vec3& b, const Vec3& c,
                              const Vec3 p[4]) {
  const Vec3 triangle[3] = {a, b, c};
  const Vec3 tet[4] = {p[0], p[1], p[2], p[3]};
  const Vec3 triangle_edges[3] = {b - a, c - b, a - c};
  const Vec3 tet_edges[6] = {p[1] - p[0], p[2] - p[0], p[3] - p[0],
                             p[2] - p[1], p[3] - p[1], p[3] - p[2]};
  if (Separates(triangle, tet, triangle_edges[0].cross(triangle_edges[1]))) {
    return false;
  }
  static constexpr int kFaces[4][3] = {{0, 1, 2}, {0, 1, 3}, {0, 2, 3},
                                       {1, 2, 3}};
  for (const auto& f : kFaces) {
    if (Separates(triangle, tet, (p[f[1]] - p[f[0]]).cross(p[f[2]] - p[f[0]]))) {
      return false;
    }
  }
  for (const Vec3& e : triangle_edges) {
    for (const Vec3& g : tet_edges) {
      if (Separates(triangle, tet, e.cross(g))) return false;
    }
  }
  return true;
}

CutResult Cut(const TissueModel& model, const TissueState& state,
              const BladeStroke& stroke) {
  const Vec3& a = stroke.start_tip_m;
  const Vec3& b = stroke.start_back_m;
  const Vec3& c = stroke.end_back_m;
  const Vec3& d = stroke.end_tip_m;
  const Vec3 sweep_low = a.cwiseMin(b).cwiseMin(c).cwiseMin(d);
  const Vec3 sweep_high = a.cwiseMax(b).cwiseMax(c).cwiseMax(d);
  const TetMesh& mesh = model.mesh;
  std::vector<uint8_t> keep(mesh.tets.size(), 1);
  int removed = 0;
  for (size_t t = 0; t < mesh.tets.size(); ++t) {
    Vec3 p[4];
    for (int i = 0; i < 4; ++i) p[i] = state.positions_m[mesh.tets[t][i]];
    const Vec3 low = p[0].cwiseMin(p[1]).cwiseMin(p[2]).cwiseMin(p[3]);
    const Vec3 high = p[0].cwiseMax(p[1]).cwiseMax(p[2]).cwiseMax(p[3]);
    if ((low.array() > sweep_high.array()).any() ||
        (high.array() < sweep_low.array()).any()) {
      continue;
    }
    if (TriangleMeetsTetrahedron(a, b, c, p) ||
        TriangleMeetsTetrahedron(a, c, d, p)) {
      keep[t] = 0;
      ++removed;
    }
  }
  if (removed == 0 || removed == static_cast<int>(mesh.tets.size())) {
    return {model, state, 0};
  }
  // Compact: surviving tetrahedra in order, surviving vertices in order.
  std::vector<int32_t> new_index(mesh.rest_positions_m.size(), -1);
  for (size_t t = 0; t < mesh.tets.size(); ++t) {
    if (!keep[t]) continue;
    for (int32_t v : mesh.tets[t]) new_index[v] = 0;
  }
  TetMesh cut;
  cut.materials = mesh.materials;
  TissueState next;
  for (size_t v = 0; v < new_index.size(); ++v) {
    if (new_index[v] < 0) continue;
    new_index[v] = static_cast<int32_t>(cut.rest_positions_m.size());
    cut.rest_positions_m.push_back(mesh.rest_positions_m[v]);
    cut.pinned.push_back(mesh.pinned[v]);
    next.positions_m.push_back(state.positions_m[v]);
    next.velocities_m_s.push_back(state.velocities_m_s[v]);
  }
  for (size_t t = 0; t < mesh.tets.size(); ++t) {
    if (!keep[t]) continue;
    Tet tet;
    for (int i = 0; i < 4; ++i) tet[i] = new_index[mesh.tets[t][i]];
    cut.tets.push_back(tet);
    cut.tet_materials.push_back(mesh.tet_materials[t]);
  }
  return {BuildModel(std::move(cut)), std::move(next), removed};
}

}  // namespace mc::tissue
