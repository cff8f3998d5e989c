// The pressed pad: a layered tissue pad (mesh_builders.h) of about a given
// number of tetrahedra, pressed by a 1 cm sphere that moves down into its
// centre and back (2 Hz, up to 8 mm deep). Behind `metaclinic tissue bench`
// and `make bench-tissue`; the caller times the steps, the scene reads no
// clock.
#pragma once

#include "core/status.h"
#include "sim/tissue/mesh_builders.h"
#include "sim/tissue/tissue_model.h"

namespace mc::tissue {

inline constexpr int kMinBenchTets = 100;
inline constexpr int kMaxBenchTets = 400000;
inline constexpr double kPadStepS = 0.005;  // one 5 ms step (200 Hz)

struct PadScene {
  TissueModel model;
  GridCells cells;
  StepOptions options;  // 2 substeps; `iterations` as asked
};

// A pad 10 x 3 x 10 cm whose cell grid gives the tetrahedron count nearest
// `target_tets`. invalid_argument "tissue_bad_bench" when target_tets is
// outside [kMinBenchTets, kMaxBenchTets] or iterations outside 1..50.
StatusOr<PadScene> MakePadScene(int target_tets, int iterations);

// The sphere's pose for step `step_index` (time = step_index * kPadStepS).
StepInputs PressInputs(int step_index);

}  // namespace mc::tissue
