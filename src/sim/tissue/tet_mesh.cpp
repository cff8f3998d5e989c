#include "sim/tissue/tet_mesh.h"

#include <algorithm>

namespace mc::tissue {

double SixSignedVolume(const Vec3& a, const Vec3& b, const Vec3& c,
                       const Vec3& d) {
  return (b - a).cross(c - a).dot(d - a);
}

namespace {

constexpr double kMinSixVolume = 6e-15;

std::optional<std::string> FindBadTet(const TetMesh& mesh,
                                      const std::vector<Vec3>& positions,
                                      const char* what) {
  for (size_t t = 0; t < mesh.tets.size(); ++t) {
    const Tet& tet = mesh.tets[t];
    const double six_volume =
        SixSignedVolume(positions[tet[0]], positions[tet[1]],
                        positions[tet[2]], positions[tet[3]]);
    if (!(six_volume > kMinSixVolume)) {
      return "tetrahedron " + std::to_string(t) + " is " + what +
             " (six times its volume is " + std::to_string(six_volume) + ")";
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> FindMeshProblem(const TetMesh& mesh) {
  const size_t vertex_count = mesh.rest_positions_m.size();
  if (mesh.pinned.size() != vertex_count) return "pinned flags: wrong count";
  if (mesh.tet_materials.size() != mesh.tets.size()) {
    return "tetrahedron materials: wrong count";
  }
  if (mesh.tets.empty()) return "the mesh has no tetrahedra";
  for (const Material& material : mesh.materials) {
    if (!IsValid(material)) return "a material is out of range";
  }
  std::vector<uint8_t> used(vertex_count, 0);
  for (size_t t = 0; t < mesh.tets.size(); ++t) {
    const Tet& tet = mesh.tets[t];
    for (int i = 0; i < 4; ++i) {
      if (tet[i] < 0 || static_cast<size_t>(tet[i]) >= vertex_count) {
        return "tetrahedron " + std::to_string(t) + ": index out of range";
      }
      for (int j = 0; j < i; ++j) {
        if (tet[i] == tet[j]) {
          return "tetrahedron " + std::to_string(t) + ": repeated vertex";
        }
      }
      used[tet[i]] = 1;
    }
    if (mesh.tet_materials[t] >= mesh.materials.size()) {
      return "tetrahedron " + std::to_string(t) + ": unknown material";
    }
  }
  for (size_t v = 0; v < vertex_count; ++v) {
    if (!used[v]) return "vertex " + std::to_string(v) + " is dangling";
    if (!mesh.rest_positions_m[v].allFinite()) {
      return "vertex " + std::to_string(v) + " is not finite";
    }
  }
  return FindBadTet(mesh, mesh.rest_positions_m, "flat or inverted at rest");
}

std::optional<std::string> FindInvertedTet(const TetMesh& mesh,
                                           const std::vector<Vec3>& positions) {
  if (positions.size() != mesh.rest_positions_m.size()) {
    return "positions: wrong count";
  }
  return FindBadTet(mesh, positions, "flat or inverted");
}

std::vector<std::array<int32_t, 3>> BoundaryFaces(const TetMesh& mesh) {
  // Faces of each tet, wound outward for a positively oriented tet.
  static constexpr int kFaces[4][3] = {{0, 2, 1}, {0, 1, 3}, {0, 3, 2},
                                       {1, 2, 3}};
  struct Face {
    std::array<int32_t, 3> sorted;
    std::array<int32_t, 3> wound;
  };
  std::vector<Face> faces;
  faces.reserve(mesh.tets.size() * 4);
  for (const Tet& tet : mesh.tets) {
    for (const auto& f : kFaces) {
      Face face;
      face.wound = {tet[f[0]], tet[f[1]], tet[f[2]]};
      face.sorted = face.wound;
      std::sort(face.sorted.begin(), face.sorted.end());
      faces.push_back(face);
    }
  }
  std::sort(faces.begin(), faces.end(), [](const Face& a, const Face& b) {
    return a.sorted < b.sorted;
  });
  std::vector<std::array<int32_t, 3>> boundary;
  for (size_t i = 0; i < faces.size();) {
    size_t j = i + 1;
    while (j < faces.size() && faces[j].sorted == faces[i].sorted) ++j;
    if (j - i == 1) boundary.push_back(faces[i].wound);
    i = j;
  }
  return boundary;
}

}  // namespace mc::tissue
