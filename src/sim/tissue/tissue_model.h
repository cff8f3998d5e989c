// The XPBD tissue engine: a TissueModel (what does not change while it
// moves: topology, rest shape, masses, constraint compliances), a
// TissueState (positions and velocities) and Step, a pure function
// (model, state, inputs, dt) -> next state. See docs/tissue.md.
//
// Step advances dt in `substeps` equal substeps; each substep predicts
// positions from velocities and gravity, then runs `iterations` Gauss-Seidel
// sweeps over every tetrahedron's coupled stable Neo-Hookean constraints,
// the attachments and the tools, and derives velocities from the positions.
// Stiffness comes from compliances (Young's modulus, Poisson's ratio), not
// from the iteration count: XPBD converges to the material's response, and
// small substeps with few iterations get there (Macklin et al. 2019, "Small
// Steps in Physics Simulation").
//
// Determinism: Step reads no clock, no random source and no global; it
// visits constraints in a fixed order, so the same model, state, inputs and
// options give bitwise identical states on one build. Time is handed in.
//
// Threading: none inside; models are immutable after BuildModel and may be
// shared between threads; a state belongs to its caller.
//
// Part of the engine that compiles natively and to WebAssembly (Eigen and
// the standard library only; no exceptions thrown on valid input).
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include <Eigen/Core>

#include "sim/tissue/tet_mesh.h"

namespace mc::tissue {

using Mat3 = Eigen::Matrix3d;

// One tetrahedron's rest data: its vertices, the inverse of its rest edge
// matrix, and its constraint compliances already divided by rest volume.
struct TetElement {
  Tet vertices;
  Mat3 rest_inverse;
  double deviatoric_compliance = 0;   // 1 / (mu V)
  double hydrostatic_compliance = 0;  // 1 / (lambda V)
};

struct TissueModel {
  TetMesh mesh;                        // topology and rest shape
  std::vector<TetElement> elements;    // one per mesh.tets entry
  std::vector<double> inverse_masses;  // per vertex; 0 when pinned
  std::vector<int32_t> surface_vertices;  // on a boundary face, ascending
  std::vector<std::array<int32_t, 3>> surface_faces;  // outward winding
};

// The model of `mesh`: masses lumped from each tetrahedron's rest volume
// times density (a quarter to each vertex), pinned vertices immovable.
// REQUIRES: FindMeshProblem(mesh) == nullopt.
TissueModel BuildModel(TetMesh mesh);

struct TissueState {
  std::vector<Vec3> positions_m;
  std::vector<Vec3> velocities_m_s;
};

// The model at rest, not moving.
TissueState RestState(const TissueModel& model);

// Tools the tissue cannot enter (positions are pushed out of them, no
// friction): a sphere, and a capsule (the set of points within radius of
// the segment a-b: a grasper jaw, a needle holder, a finger).
struct SphereTool {
  Vec3 center_m = Vec3::Zero();
  double radius_m = 0.005;
};
struct CapsuleTool {
  Vec3 a_m = Vec3::Zero();
  Vec3 b_m = Vec3::Zero();
  double radius_m = 0.002;
};

// A vertex held towards a target (a grasper's jaw, a suture): compliance
// 0 is rigid, larger is softer (metres per newton).
struct Attachment {
  int32_t vertex = 0;
  Vec3 target_m = Vec3::Zero();
  double compliance_m_per_n = 0;
};

// What acts on the tissue during one step; tools hold still for the step.
struct StepInputs {
  std::vector<SphereTool> spheres;
  std::vector<CapsuleTool> capsules;
  std::vector<Attachment> attachments;  // vertices must be in range
};

struct StepOptions {
  int substeps = 2;    // >= 1
  int iterations = 1;  // Gauss-Seidel sweeps per substep, >= 1
  Vec3 gravity_m_s2{0, -9.81, 0};
  // Velocity decays as exp(-damping_per_s * t): air and tissue losses.
  double damping_per_s = 5;
};

// The state one `dt_s` (> 0) after `state`. REQUIRES: state sizes match the
// model; options in range.
TissueState Step(const TissueModel& model, const TissueState& state,
                 const StepInputs& inputs, double dt_s,
                 const StepOptions& options);

// Total current volume of the model's tetrahedra (for tests and metrics).
double CurrentVolume(const TissueModel& model,
                     const std::vector<Vec3>& positions);

}  // namespace mc::tissue
