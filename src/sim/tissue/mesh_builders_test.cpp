#include "sim/tissue/mesh_builders.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numbers>

namespace mc::tissue {
namespace {

double RestVolume(const TetMesh& mesh) {
  double six = 0;
  for (const Tet& t : mesh.tets) {
    const auto& x = mesh.rest_positions_m;
    six += SixSignedVolume(x[t[0]], x[t[1]], x[t[2]], x[t[3]]);
  }
  return six / 6;
}

TEST(MeshBuilders, BeamIsValidFillsItsBoxAndClampsOneEnd) {
  BeamMesh beam = MakeBeam({0.4, 0.04, 0.02, {10, 4, 2}, {}});
  EXPECT_EQ(FindMeshProblem(beam.mesh), std::nullopt);
  EXPECT_EQ(beam.mesh.tets.size(), 6u * 10 * 4 * 2);
  EXPECT_NEAR(RestVolume(beam.mesh), 0.4 * 0.04 * 0.02, 1e-12);
  EXPECT_EQ(beam.tip_vertices.size(), 5u * 3);
  for (size_t v = 0; v < beam.mesh.pinned.size(); ++v) {
    EXPECT_EQ(beam.mesh.pinned[v] == 1, beam.mesh.rest_positions_m[v].x() == 0);
  }
}

TEST(MeshBuilders, PadHasSkinOverFatOverMuscleAndAPinnedBottom) {
  PadOptions options;
  options.cells = {6, 6, 6};
  TetMesh pad = MakePad(options);
  EXPECT_EQ(FindMeshProblem(pad), std::nullopt);
  EXPECT_NEAR(RestVolume(pad), 0.1 * 0.03 * 0.1, 1e-12);
  // Rows from the top: 1 skin (15% of 6), 2 fat (35%), 3 muscle.
  for (size_t t = 0; t < pad.tets.size(); ++t) {
    double top = 0;
    for (int32_t v : pad.tets[t]) top = std::max(top, pad.rest_positions_m[v].y());
    const int row_from_top = static_cast<int>(std::lround((0.03 - top) / 0.005));
    const int expected = row_from_top < 1 ? 0 : row_from_top < 3 ? 1 : 2;
    EXPECT_EQ(pad.tet_materials[t], expected) << "tet " << t;
  }
  EXPECT_GT(pad.materials[0].youngs_pa, pad.materials[2].youngs_pa);
  EXPECT_GT(pad.materials[2].youngs_pa, pad.materials[1].youngs_pa);
  for (size_t v = 0; v < pad.pinned.size(); ++v) {
    EXPECT_EQ(pad.pinned[v] == 1, pad.rest_positions_m[v].y() == 0);
  }
}

TEST(MeshBuilders, TubeClosesAroundItsAxis) {
  TubeOptions options;
  TetMesh tube = MakeTube(options);
  EXPECT_EQ(FindMeshProblem(tube), std::nullopt);
  // A polygon of 16 sides has a little less area than the circle.
  const double ring = std::numbers::pi * (0.004 * 0.004 - 0.003 * 0.003);
  EXPECT_NEAR(RestVolume(tube), ring * 0.08, ring * 0.08 * 0.03);
  // The lumen is open: no vertex closer to the axis than the inner radius.
  for (const Vec3& p : tube.rest_positions_m) {
    EXPECT_GE(std::hypot(p.y(), p.z()), 0.003 - 1e-12);
  }
  // Closed around: every face on the boundary is on the inner or outer wall
  // or on an end.
  for (const auto& face : BoundaryFaces(tube)) {
    const Vec3 c = (tube.rest_positions_m[face[0]] + tube.rest_positions_m[face[1]] +
                    tube.rest_positions_m[face[2]]) / 3;
    const bool end = c.x() < 1e-9 || c.x() > 0.08 - 1e-9;
    const double r = std::hypot(c.y(), c.z());
    EXPECT_TRUE(end || r < 0.0031 || r > 0.0038) << r;
  }
}

TEST(MeshBuilders, FindMeshProblemNamesWhatIsWrong) {
  BeamMesh beam = MakeBeam({0.1, 0.01, 0.01, {2, 1, 1}, {}});
  TetMesh flipped = beam.mesh;
  std::swap(flipped.tets[3][0], flipped.tets[3][1]);
  EXPECT_NE(FindMeshProblem(flipped)->find("tetrahedron 3"), std::string::npos);
  TetMesh dangling = beam.mesh;
  dangling.rest_positions_m.push_back(Vec3(1, 1, 1));
  dangling.pinned.push_back(0);
  EXPECT_NE(FindMeshProblem(dangling)->find("dangling"), std::string::npos);
  TetMesh out_of_range = beam.mesh;
  out_of_range.tets[0][2] = 9999;
  EXPECT_NE(FindMeshProblem(out_of_range)->find("out of range"), std::string::npos);
  TetMesh bad_material = beam.mesh;
  bad_material.materials[0].poisson = 0.5;
  EXPECT_NE(FindMeshProblem(bad_material), std::nullopt);
}

}  // namespace
}  // namespace mc::tissue
