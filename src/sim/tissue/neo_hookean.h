// Internal to the tissue engine: one Gauss-Seidel projection of a
// tetrahedron's deviatoric and hydrostatic constraints, solved together
// (a 2x2 system) so that the rest shape is a fixed point of every sweep.
#pragma once

#include <vector>

#include "sim/tissue/tissue_model.h"

namespace mc::tissue {

// Moves the element's vertices in `positions` and accumulates its two
// Lagrange multipliers in `multipliers` (deviatoric, hydrostatic; zeroed by
// the caller at each substep). `inverse_dt2` is 1 / substep^2.
void ProjectNeoHookean(const TetElement& element,
                       const std::vector<double>& inverse_masses,
                       double inverse_dt2, std::vector<Vec3>& positions,
                       double multipliers[2]);

}  // namespace mc::tissue
