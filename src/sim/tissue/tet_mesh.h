// TetMesh: a tetrahedral mesh at rest: vertex positions, tetrahedra (four
// vertex indices each, positively oriented), one material per tetrahedron,
// and which vertices are pinned (held in place: a clamp, the table under a
// pad). Plain value; the mesh builders (mesh_builders.h) and cutting
// (cutting.h) make them, BuildModel (tissue_model.h) turns one into a model.
//
// Part of the engine that compiles natively and to WebAssembly.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <Eigen/Core>
#include <Eigen/Geometry>

#include "sim/tissue/material.h"

namespace mc::tissue {

using Vec3 = Eigen::Vector3d;
using Tet = std::array<int32_t, 4>;

struct TetMesh {
  std::vector<Vec3> rest_positions_m;
  std::vector<Tet> tets;
  std::vector<uint8_t> tet_materials;  // index into materials, per tet
  std::vector<Material> materials;
  std::vector<uint8_t> pinned;  // per vertex: 1 = held in place
};

// Six times the signed volume of (a, b, c, d): positive when d lies on the
// side of triangle (a, b, c) that its counter-clockwise normal points to.
double SixSignedVolume(const Vec3& a, const Vec3& b, const Vec3& c,
                       const Vec3& d);

// What is wrong with `mesh`, or nullopt when it is valid: array sizes agree,
// every index is in range, every tetrahedron has four distinct vertices and
// a rest volume above 1e-15 m^3 (so none is flat or inverted), every
// material is valid, and no vertex is dangling (used by no tetrahedron).
std::optional<std::string> FindMeshProblem(const TetMesh& mesh);

// The same orientation and volume check for current `positions` (one per
// vertex): the first inverted or flat tetrahedron, or nullopt.
std::optional<std::string> FindInvertedTet(const TetMesh& mesh,
                                           const std::vector<Vec3>& positions);

// Boundary faces (a face used by exactly one tetrahedron), each wound so its
// normal points out of the mesh, in a deterministic order.
std::vector<std::array<int32_t, 3>> BoundaryFaces(const TetMesh& mesh);

}  // namespace mc::tissue
