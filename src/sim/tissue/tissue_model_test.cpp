#include "sim/tissue/tissue_model.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>

#include "sim/tissue/mesh_builders.h"

namespace mc::tissue {
namespace {

double MaxSpeed(const TissueState& state) {
  double speed = 0;
  for (const Vec3& v : state.velocities_m_s) speed = std::max(speed, v.norm());
  return speed;
}

PadOptions SmallPad() {
  PadOptions pad;
  pad.cells = {8, 4, 8};
  return pad;
}

TEST(TissueModel, RestIsAFixedPointWithoutGravity) {
  const TissueModel model = BuildModel(MakePad(SmallPad()));
  StepOptions options;
  options.gravity_m_s2 = Vec3::Zero();
  options.iterations = 4;
  TissueState state = RestState(model);
  for (int i = 0; i < 50; ++i) state = Step(model, state, {}, 0.005, options);
  double drift = 0;
  for (size_t v = 0; v < state.positions_m.size(); ++v) {
    drift = std::max(drift, (state.positions_m[v] - model.mesh.rest_positions_m[v]).norm());
  }
  EXPECT_LT(drift, 1e-7);  // rounding only
  EXPECT_LT(MaxSpeed(state), 1e-5);
}

TEST(TissueModel, MassesComeFromDensityAndPinnedVerticesDoNotMove) {
  const TissueModel model = BuildModel(MakePad(SmallPad()));
  double mass = 0;
  int pinned = 0;
  for (size_t v = 0; v < model.inverse_masses.size(); ++v) {
    if (model.mesh.pinned[v]) {
      EXPECT_EQ(model.inverse_masses[v], 0);
      ++pinned;
    } else {
      mass += 1 / model.inverse_masses[v];
    }
  }
  EXPECT_EQ(pinned, 9 * 9);
  // The bottom row's pinned share is missing; the rest is bounded by the
  // densest layer.
  EXPECT_GT(mass, 0.1 * 0.03 * 0.1 * 920 * 0.7);
  EXPECT_LT(mass, 0.1 * 0.03 * 0.1 * 1100);
  TissueState state = RestState(model);
  for (int i = 0; i < 20; ++i) state = Step(model, state, {}, 0.005, {});
  for (size_t v = 0; v < model.inverse_masses.size(); ++v) {
    if (model.mesh.pinned[v]) {
      EXPECT_EQ(state.positions_m[v], model.mesh.rest_positions_m[v]);
    }
  }
}

// A 2 cm cube at nu = 0.49, bottom pinned, its top face driven 15% down by
// rigid attachments: it bulges sideways and keeps its volume.
TEST(TissueModel, NearlyIncompressibleBlockKeepsItsVolumeUnderCompression) {
  BeamOptions options{0.02, 0.02, 0.02, {4, 4, 4}, {20e3, 0.49, 1000}};
  TetMesh mesh = MakeBeam(options).mesh;
  StepInputs inputs;
  for (size_t v = 0; v < mesh.rest_positions_m.size(); ++v) {
    const Vec3& p = mesh.rest_positions_m[v];
    mesh.pinned[v] = p.y() == 0;
    if (p.y() > 0.02 - 1e-12) {
      inputs.attachments.push_back({static_cast<int32_t>(v), p - Vec3(0, 0.003, 0), 0});
    }
  }
  const TissueModel model = BuildModel(std::move(mesh));
  const double rest_volume = CurrentVolume(model, model.mesh.rest_positions_m);
  StepOptions step;
  step.substeps = 50;
  step.iterations = 10;
  step.gravity_m_s2 = Vec3::Zero();
  step.damping_per_s = 40;
  TissueState state = RestState(model);
  for (int i = 0; i < 30; ++i) state = Step(model, state, inputs, 1.0 / 60, step);
  double top = 0;
  double widest = 0;
  for (const Vec3& p : state.positions_m) {
    top = std::max(top, p.y());
    widest = std::max(widest, p.x());
  }
  EXPECT_NEAR(top, 0.017, 1e-6);      // compressed by 15%
  EXPECT_GT(widest, 0.02 + 0.0004);   // bulged sideways
  const double volume = CurrentVolume(model, state.positions_m);
  EXPECT_NEAR(volume / rest_volume, 1.0, 0.02) << volume / rest_volume;
  EXPECT_EQ(FindInvertedTet(model.mesh, state.positions_m), std::nullopt);
}

TEST(TissueModel, ToolsPushTheSurfaceAsideAndTheTissueGivesWay) {
  const TissueModel model = BuildModel(MakePad(SmallPad()));
  StepInputs inputs;
  inputs.spheres.push_back({Vec3(0, 0.03 + 0.01 - 0.006, 0), 0.01});
  inputs.capsules.push_back({Vec3(0.025, 0.028, -0.03), Vec3(0.025, 0.028, 0.03), 0.003});
  TissueState state = RestState(model);
  for (int i = 0; i < 40; ++i) state = Step(model, state, inputs, 0.005, {});
  double centre_top = 1;
  for (int32_t v : model.surface_vertices) {
    const Vec3& p = state.positions_m[v];
    EXPECT_GE((p - inputs.spheres[0].center_m).norm(), 0.01 - 1e-9);
    EXPECT_GE((p - Vec3(0.025, 0.028, std::clamp(p.z(), -0.03, 0.03))).norm(), 0.003 - 1e-9);
    if (std::abs(p.x()) < 1e-9 && std::abs(p.z()) < 1e-9) centre_top = p.y();
  }
  EXPECT_LT(centre_top, 0.03 - 0.005);  // pressed in under the sphere
  EXPECT_EQ(FindInvertedTet(model.mesh, state.positions_m), std::nullopt);
}

TEST(TissueModel, SoftAttachmentPullsLessThanARigidOne) {
  const TissueModel model = BuildModel(MakePad(SmallPad()));
  int32_t top_centre = -1;
  for (int32_t v : model.surface_vertices) {
    const Vec3& p = model.mesh.rest_positions_m[v];
    if (p.y() > 0.0299 && std::abs(p.x()) < 1e-9 && std::abs(p.z()) < 1e-9) top_centre = v;
  }
  ASSERT_GE(top_centre, 0);
  const Vec3 target = model.mesh.rest_positions_m[top_centre] + Vec3(0, 0.01, 0);
  double lifted[2];
  const double compliances[2] = {0, 1e-2};
  for (int k = 0; k < 2; ++k) {
    StepInputs inputs;
    inputs.attachments.push_back({top_centre, target, compliances[k]});
    TissueState state = RestState(model);
    for (int i = 0; i < 60; ++i) state = Step(model, state, inputs, 0.005, {});
    lifted[k] = state.positions_m[top_centre].y() - 0.03;
  }
  EXPECT_NEAR(lifted[0], 0.01, 1e-6);
  EXPECT_GT(lifted[1], 0.0005);
  EXPECT_LT(lifted[1], lifted[0] * 0.9);
}

TissueState RunPressedPad(const TissueModel& model) {
  TissueState state = RestState(model);
  for (int i = 0; i < 30; ++i) {
    StepInputs inputs;
    inputs.spheres.push_back({Vec3(0.001 * i, 0.035 - 0.0003 * i, 0), 0.01});
    state = Step(model, state, inputs, 0.005, {});
  }
  return state;
}

TEST(TissueModel, SameInputsGiveBitwiseIdenticalStates) {
  const TissueModel model = BuildModel(MakePad(SmallPad()));
  const TissueState a = RunPressedPad(model);
  const TissueState b = RunPressedPad(BuildModel(MakePad(SmallPad())));
  ASSERT_EQ(a.positions_m.size(), b.positions_m.size());
  const size_t bytes = a.positions_m.size() * sizeof(Vec3);
  EXPECT_EQ(std::memcmp(a.positions_m.data(), b.positions_m.data(), bytes), 0);
  EXPECT_EQ(std::memcmp(a.velocities_m_s.data(), b.velocities_m_s.data(), bytes), 0);
  // And the run did something: the pad moved.
  EXPECT_GT(MaxSpeed(a), 1e-4);
}

}  // namespace
}  // namespace mc::tissue
