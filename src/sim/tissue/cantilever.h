// The cantilever check: a beam clamped at x = 0 sags under gravity to rest;
// its tip deflection is compared with Euler-Bernoulli's
// rho g A L^4 / (8 E I) (docs/tissue.md "Validation"). Behind
// `metaclinic tissue cantilever` and the engine's tests.
//
// The run: a Kuhn-split grid with `cells_through_height` cells through H,
// cubic-ish cells along and across; substeps of `courant` times the time a
// pressure wave takes to cross one cell (small steps: XPBD then needs few
// iterations to reach the material's stiffness), mass-proportional damping
// critical for the first bending mode (omega_1 from Euler-Bernoulli, used
// only to choose the damping and the duration), for `periods` first-mode
// periods. Deterministic; no clock is read.
#pragma once

#include "core/status.h"
#include "sim/tissue/material.h"

namespace mc::tissue {

struct CantileverOptions {
  double length_m = 0.5;
  double height_m = 0.05;
  double width_m = 0.05;
  Material material{1e7, 0.3, 1000};
  int iterations = 10;  // Gauss-Seidel sweeps per substep, 1..200
  // Linear tetrahedra are too stiff in bending on coarse grids: 2 cells
  // through the height give -49%, 4 give -20%, 6 give -11% (docs/tissue.md).
  int cells_through_height = 6;  // 1..16
  double periods = 2.5;  // first-mode periods simulated, 1..100
  double courant = 2;  // substep / (cell size / pressure wave speed), 0.01..10
};

struct CantileverResult {
  double tip_deflection_m = 0;     // downward, positive
  double euler_bernoulli_m = 0;    // rho g A L^4 / (8 E I)
  double relative_error = 0;       // (tip - EB) / EB
  double tip_speed_m_s = 0;        // at the end: ~0 when at rest
  int tets = 0;
  int substeps = 0;
  double substep_s = 0;
};

// Validates `options` (invalid_argument with code "tissue_bad_beam" or
// "tissue_bad_material" and a message that names the flag) and runs the
// check. Limits: sizes 1 mm..10 m; aspect ratios up to 100; at most 200k
// tetrahedra.
StatusOr<CantileverResult> RunCantilever(const CantileverOptions& options);

}  // namespace mc::tissue
