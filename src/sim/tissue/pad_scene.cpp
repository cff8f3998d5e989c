#include "sim/tissue/pad_scene.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <numbers>

#include "fmt/format.h"
#include "sim/tissue/mesh_builders.h"

namespace mc::tissue {

StatusOr<PadScene> MakePadScene(int target_tets, int iterations) {
  if (target_tets < kMinBenchTets || target_tets > kMaxBenchTets) {
    return InvalidArgument(
        "tissue_bad_bench",
        fmt::format("--tets must be between {} and {}", kMinBenchTets,
                    kMaxBenchTets));
  }
  if (iterations < 1 || iterations > 50) {
    return InvalidArgument("tissue_bad_bench",
                           "--iterations must be between 1 and 50");
  }
  // Square cells in plan, about 0.3 as many rows as columns: pick the grid
  // whose 6 * n * n * rows is nearest the target.
  PadOptions pad;
  long best_error = -1;
  for (int n = 2; n <= 200; ++n) {
    const int rows = std::max(2, static_cast<int>(std::lround(0.3 * n)));
    const long tets = 6L * n * n * rows;
    const long error = std::labs(tets - target_tets);
    if (best_error < 0 || error < best_error) {
      best_error = error;
      pad.cells = {n, rows, n};
    }
  }
  PadScene scene;
  scene.cells = pad.cells;
  scene.model = BuildModel(MakePad(pad));
  scene.options.substeps = 2;
  scene.options.iterations = iterations;
  return scene;
}

StepInputs PressInputs(int step_index) {
  constexpr double kRadius = 0.01;
  constexpr double kDepth = 0.008;
  constexpr double kThickness = 0.03;
  const double t = step_index * kPadStepS;
  const double press = 0.5 * (1 - std::cos(2 * std::numbers::pi * 2 * t));
  StepInputs inputs;
  inputs.spheres.push_back(
      {Vec3(0, kThickness + kRadius - kDepth * press, 0), kRadius});
  return inputs;
}

}  // namespace mc::tissue
