// Cutting: a blade stroke removes every tetrahedron it passes through and
// leaves a valid mesh (docs/tissue.md "Cutting").
//
// The blade is a segment (tip to back, e.g. a scalpel's cutting edge); a
// stroke moves it from its start pose to its end pose, sweeping a
// quadrilateral (two triangles). Every tetrahedron whose current (deformed)
// shape meets that surface is removed, then every vertex no tetrahedron
// uses any more, so the result passes FindMeshProblem: no dangling vertex,
// no flat or inverted element (removal never changes the shape of the
// elements that stay). Removal rather than splitting: the gap is one element
// wide, the price of never creating slivers.
//
// Deterministic, pure: the same model, state and stroke give the same
// result. Part of the engine that compiles natively and to WebAssembly.
#pragma once

#include "sim/tissue/tissue_model.h"

namespace mc::tissue {

struct BladeStroke {
  Vec3 start_tip_m = Vec3::Zero();
  Vec3 start_back_m = Vec3::Zero();
  Vec3 end_tip_m = Vec3::Zero();
  Vec3 end_back_m = Vec3::Zero();
};

struct CutResult {
  TissueModel model;
  TissueState state;  // the surviving vertices' positions and velocities
  int removed_tets = 0;
};

// REQUIRES: state sizes match the model. When the stroke removes every
// tetrahedron, the result keeps them all and reports removed_tets = 0 (a
// model always has at least one element); callers rarely cut so much.
CutResult Cut(const TissueModel& model, const TissueState& state,
              const BladeStroke& stroke);

// True when the triangle (a, b, c) and the tetrahedron p[0..3] share a point
// (separating-axis test; touching counts as meeting).
bool TriangleMeetsTetrahedron(const Vec3& a, const Vec3& b, const Vec3& c,
                              const Vec3 p[4]);

}  // namespace mc::tissue
