#include "sim/tissue/material.h"

#include <cmath>

namespace mc::tissue {

Lame LameOf(const Material& material) {
  const double e = material.youngs_pa;
  const double nu = material.poisson;
  return {e / (2 * (1 + nu)), e * nu / ((1 + nu) * (1 - 2 * nu))};
}

NeoHookeanCompliance ComplianceOf(const Material& material) {
  const Lame lame = LameOf(material);
  return {1 / lame.mu_pa, lame.lambda_pa > 0 ? 1 / lame.lambda_pa : 1e30};
}

bool IsValid(const Material& material) {
  return std::isfinite(material.youngs_pa) && material.youngs_pa > 0 &&
         std::isfinite(material.poisson) && material.poisson >= 0 &&
         material.poisson < 0.5 && std::isfinite(material.density_kg_m3) &&
         material.density_kg_m3 > 0;
}

}  // namespace mc::tissue
