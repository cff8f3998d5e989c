#include "sim/tissue/cantilever.h"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "fmt/format.h"
#include "sim/tissue/mesh_builders.h"
#include "sim/tissue/tissue_model.h"

namespace mc::tissue {
namespace {

constexpr double kGravity = 9.81;
constexpr int kMaxTets = 200000;

Status CheckOptions(const CantileverOptions& options) {
  const struct {
    const char* flag;
    double value;
  } sizes[] = {{"--length-m", options.length_m},
               {"--height-m", options.height_m},
               {"--width-m", options.width_m}};
  for (const auto& size : sizes) {
    if (!std::isfinite(size.value) || size.value < 1e-3 || size.value > 10) {
      return InvalidArgument(
          "tissue_bad_beam",
          fmt::format("{} must be between 0.001 and 10 (metres)", size.flag));
    }
  }
  if (options.length_m / options.height_m > 100 ||
      options.length_m / options.width_m > 100 ||
      options.height_m / options.width_m > 100 ||
      options.width_m / options.height_m > 100) {
    return InvalidArgument("tissue_bad_beam",
                           "the beam's sides may differ by at most 100 times");
  }
  const Material& m = options.material;
  if (!std::isfinite(m.youngs_pa) || m.youngs_pa < 100 || m.youngs_pa > 1e12) {
    return InvalidArgument("tissue_bad_material",
                           "--youngs-pa must be between 100 and 1e12 (pascals)");
  }
  if (!std::isfinite(m.poisson) || m.poisson < 0 || m.poisson > 0.495) {
    return InvalidArgument("tissue_bad_material",
                           "--poisson must be between 0 and 0.495");
  }
  if (!std::isfinite(m.density_kg_m3) || m.density_kg_m3 < 1 ||
      m.density_kg_m3 > 25000) {
    return InvalidArgument("tissue_bad_material",
                           "--density must be between 1 and 25000 (kg/m^3)");
  }
  if (options.iterations < 1 || options.iterations > 200) {
    return InvalidArgument("tissue_bad_beam",
                           "--iterations must be between 1 and 200");
  }
  if (options.cells_through_height < 1 || options.cells_through_height > 16 ||
      !(options.periods >= 1 && options.periods <= 100) ||
      !(options.courant >= 0.01 && options.courant <= 10)) {
    return InvalidArgument("tissue_bad_beam", "resolution out of range");
  }
  return Status();
}

GridCells CellsFor(const CantileverOptions& options) {
  const double cell = options.height_m / options.cells_through_height;
  GridCells cells;
  cells.up = options.cells_through_height;
  cells.along = std::max(1, static_cast<int>(std::lround(options.length_m / cell)));
  // Across the beam the displacement barely varies: two cells per height
  // suffice and keep the count (and the run time) down.
  cells.across = std::max(
      1, static_cast<int>(std::lround(2 * options.width_m / options.height_m)));
  return cells;
}

}  // namespace

StatusOr<CantileverResult> RunCantilever(const CantileverOptions& options) {
  MC_RETURN_IF_ERROR(CheckOptions(options));
  const GridCells cells = CellsFor(options);
  const double tets = 6.0 * cells.along * cells.up * cells.across;
  if (tets > kMaxTets) {
    return InvalidArgument(
        "tissue_bad_beam",
        fmt::format("the beam would need {:.0f} tetrahedra (at most {}): make "
                    "it less slender",
                    tets, kMaxTets));
  }
  BeamOptions beam_options{options.length_m, options.height_m, options.width_m,
                           cells, options.material};
  BeamMesh beam = MakeBeam(beam_options);
  const std::vector<int32_t> tip = beam.tip_vertices;
  const TissueModel model = BuildModel(std::move(beam.mesh));

  const Material& m = options.material;
  const double h = options.height_m;
  const double l = options.length_m;
  const double area = h * options.width_m;
  const double second_moment = options.width_m * h * h * h / 12;
  const double omega1 = 1.875104 * 1.875104 *
                        std::sqrt(m.youngs_pa * second_moment /
                                  (m.density_kg_m3 * area * l * l * l * l));
  CantileverResult result;
  result.euler_bernoulli_m = m.density_kg_m3 * kGravity * area * l * l * l * l /
                             (8 * m.youngs_pa * second_moment);
  const Lame lame = LameOf(m);
  const double wave_speed =
      std::sqrt((lame.lambda_pa + 2 * lame.mu_pa) / m.density_kg_m3);
  const double cell = h / options.cells_through_height;
  result.substep_s = options.courant * cell / wave_speed;
  result.substeps = static_cast<int>(
      std::ceil(options.periods * 2 * std::numbers::pi / omega1 /
                result.substep_s));
  result.tets = static_cast<int>(model.elements.size());

  StepOptions step_options;
  step_options.substeps = 1;
  step_options.iterations = options.iterations;
  step_options.gravity_m_s2 = Vec3(0, -kGravity, 0);
  step_options.damping_per_s = 2 * omega1;  // critical for the first mode
  TissueState state = RestState(model);
  const StepInputs no_inputs;
  for (int s = 0; s < result.substeps; ++s) {
    state = Step(model, state, no_inputs, result.substep_s, step_options);
  }
  double sag = 0;
  double speed = 0;
  for (int32_t v : tip) {
    sag += model.mesh.rest_positions_m[v].y() - state.positions_m[v].y();
    speed = std::max(speed, state.velocities_m_s[v].norm());
  }
  result.tip_deflection_m = sag / tip.size();
  result.tip_speed_m_s = speed;
  result.relative_error =
      (result.tip_deflection_m - result.euler_bernoulli_m) /
      result.euler_bernoulli_m;
  return result;
}

}  // namespace mc::tissue
