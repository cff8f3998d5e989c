#include "sim/tissue/cutting.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "sim/tissue/mesh_builders.h"

namespace mc::tissue {
namespace {

TEST(Cutting, TriangleMeetsTetrahedronSeparatesAndTouches) {
  const Vec3 tet[4] = {Vec3(0, 0, 0), Vec3(1, 0, 0), Vec3(0, 1, 0), Vec3(0, 0, 1)};
  // Through the middle.
  EXPECT_TRUE(TriangleMeetsTetrahedron(Vec3(-1, 0.2, -1), Vec3(3, 0.2, -1),
                                       Vec3(-1, 0.2, 3), tet));
  // Beyond the slanted face.
  EXPECT_FALSE(TriangleMeetsTetrahedron(Vec3(0.5, 0.5, 0.5), Vec3(1.5, 0, 0.5),
                                        Vec3(0.5, 0, 1.5), tet));
  // Beside it, with no face or axis plane between: needs an edge-cross axis.
  EXPECT_FALSE(TriangleMeetsTetrahedron(Vec3(0.6, 0.6, -1), Vec3(0.6, 0.6, 2),
                                        Vec3(2, 2, 0.5), tet));
  // A small triangle entirely inside.
  EXPECT_TRUE(TriangleMeetsTetrahedron(Vec3(0.1, 0.1, 0.1), Vec3(0.2, 0.1, 0.1),
                                       Vec3(0.1, 0.2, 0.1), tet));
}

TEST(Cutting, AStrokeAcrossThePadOpensAGapAndKeepsTheRest) {
  PadOptions options;
  options.cells = {10, 4, 10};
  const TissueModel model = BuildModel(MakePad(options));
  const TissueState state = RestState(model);
  // A scalpel 1 cm deep drawn along z across the whole pad at x = 0.003.
  BladeStroke stroke{Vec3(0.003, 0.02, -0.06), Vec3(0.003, 0.04, -0.06),
                     Vec3(0.003, 0.02, 0.06), Vec3(0.003, 0.04, 0.06)};
  const CutResult cut = Cut(model, state, stroke);
  EXPECT_GT(cut.removed_tets, 0);
  EXPECT_EQ(cut.model.mesh.tets.size() + cut.removed_tets, model.mesh.tets.size());
  EXPECT_EQ(FindMeshProblem(cut.model.mesh), std::nullopt);
  // What stays does not meet the stroke, and nothing wholly below the
  // blade's tip (y < 0.02) went.
  auto below_tip = [](const TetMesh& mesh, const std::vector<Vec3>& x) {
    int count = 0;
    for (const Tet& tet : mesh.tets) {
      double top = 0;
      for (int32_t v : tet) top = std::max(top, x[v].y());
      count += top < 0.02 - 1e-9;
    }
    return count;
  };
  EXPECT_EQ(below_tip(cut.model.mesh, cut.state.positions_m),
            below_tip(model.mesh, state.positions_m));
  for (const Tet& tet : cut.model.mesh.tets) {
    const Vec3 p[4] = {cut.state.positions_m[tet[0]], cut.state.positions_m[tet[1]],
                       cut.state.positions_m[tet[2]], cut.state.positions_m[tet[3]]};
    EXPECT_FALSE(TriangleMeetsTetrahedron(stroke.start_tip_m, stroke.start_back_m,
                                          stroke.end_back_m, p));
    EXPECT_FALSE(TriangleMeetsTetrahedron(stroke.start_tip_m, stroke.end_back_m,
                                          stroke.end_tip_m, p));
  }
  // A stroke that misses changes nothing.
  const CutResult miss = Cut(model, state, {Vec3(0, 0.05, 0), Vec3(0, 0.06, 0),
                                            Vec3(0.01, 0.05, 0), Vec3(0.01, 0.06, 0)});
  EXPECT_EQ(miss.removed_tets, 0);
  EXPECT_EQ(miss.model.mesh.tets.size(), model.mesh.tets.size());
}

// 1,000 random strokes on a pad that keeps moving between them: after each,
// the mesh is valid (no dangling vertex, no flat or inverted element at rest
// or in its current shape) and the simulation goes on without NaN.
TEST(Cutting, ThousandRandomStrokesKeepTheMeshValid) {
  PadOptions options;
  options.cells = {6, 3, 6};
  std::mt19937_64 random(18);
  std::uniform_real_distribution<double> across(-0.06, 0.06);
  std::uniform_real_distribution<double> height(0.0, 0.04);
  std::uniform_real_distribution<double> length(-0.02, 0.02);
  TissueModel model = BuildModel(MakePad(options));
  TissueState state = RestState(model);
  int total_removed = 0;
  for (int stroke_index = 0; stroke_index < 1000; ++stroke_index) {
    if (model.mesh.tets.size() < 200) {  // mostly cut away: a fresh pad
      model = BuildModel(MakePad(options));
      state = RestState(model);
    }
    const Vec3 tip(across(random), height(random), across(random));
    const Vec3 back = tip + Vec3(length(random), 0.01 + 0.5 * height(random), length(random));
    const Vec3 move(length(random), length(random) * 0.2, length(random));
    CutResult cut = Cut(model, state, {tip, back, tip + move, back + move});
    total_removed += cut.removed_tets;
    ASSERT_EQ(FindMeshProblem(cut.model.mesh), std::nullopt) << "stroke " << stroke_index;
    model = std::move(cut.model);
    state = Step(model, cut.state, {}, 0.005, {});
    ASSERT_EQ(FindInvertedTet(model.mesh, state.positions_m), std::nullopt)
        << "stroke " << stroke_index;
    for (const Vec3& p : state.positions_m) ASSERT_TRUE(p.allFinite());
  }
  EXPECT_GT(total_removed, 1000);  // the strokes did cut
}

}  // namespace
}  // namespace mc::tissue
