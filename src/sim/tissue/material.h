// Material: the elastic constants of one tissue layer, and the XPBD
// compliances they give for the stable Neo-Hookean constraints
// (Macklin & Mueller 2021, "A Constraint-based Formulation of Stable
// Neo-Hookean Materials"; see docs/tissue.md "Constraints").
//
// Plain values, no allocation; part of the engine that compiles natively and
// to WebAssembly (Eigen and the standard library only).
#pragma once

namespace mc::tissue {

struct Material {
  double youngs_pa = 50e3;        // > 0
  double poisson = 0.45;          // in [0, 0.5)
  double density_kg_m3 = 1050;    // > 0
};

// The Lame parameters of linear elasticity.
struct Lame {
  double mu_pa = 0;      // shear modulus
  double lambda_pa = 0;  // first Lame parameter
};
Lame LameOf(const Material& material);

// What one tetrahedron's two constraints need. The stable Neo-Hookean
// energy (Macklin & Mueller 2021; Smith et al. 2018)
//   psi = mu/2 (I_C - 3) + lambda'/2 (J - gamma)^2,
//   lambda' = lambda + mu, gamma = 1 + mu / lambda'
// equals, up to a constant, the sum of two parts that are each zero and
// flat at rest and never negative:
//   deviatoric  mu/2 C_D^2,  C_D = sqrt(I_C + J^2 - 4 J)   (compliance 1/mu)
//   hydrostatic lambda/2 C_H^2, C_H = J - 1                (compliance 1/lambda)
// (I_C = |F|^2, J = det F). Constraints that vanish at rest keep the rest
// shape a fixed point of every Gauss-Seidel sweep; the paper's C_D = |F|
// (rest value sqrt 3) does not once Gauss-Newton drops its prestress.
struct NeoHookeanCompliance {
  double deviatoric_per_m3 = 0;   // 1 / mu   (divide by rest volume)
  double hydrostatic_per_m3 = 0;  // 1 / lambda; 1e30 when lambda = 0
};
NeoHookeanCompliance ComplianceOf(const Material& material);

// True when the constants are finite and in range (see Material).
bool IsValid(const Material& material);

}  // namespace mc::tissue
