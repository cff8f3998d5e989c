#include "sim/tissue/cantilever.h"

#include <gtest/gtest.h>

namespace mc::tissue {
namespace {

TEST(Cantilever, RejectsOutOfRangeBeamsWithStableCodes) {
  CantileverOptions options;
  options.length_m = -1;
  EXPECT_EQ(ErrorCode(RunCantilever(options).status()), "tissue_bad_beam");
  options = {};
  options.material.poisson = 0.5;
  EXPECT_EQ(ErrorCode(RunCantilever(options).status()), "tissue_bad_material");
  options = {};
  options.material.youngs_pa = 0;
  EXPECT_EQ(ErrorCode(RunCantilever(options).status()), "tissue_bad_material");
  options = {};
  options.length_m = 10;
  options.height_m = 0.001;
  EXPECT_EQ(ErrorCode(RunCantilever(options).status()), "tissue_bad_beam");
}

}  // namespace
}  // namespace mc::tissue

namespace mc::tissue {
namespace {

// Euler-Bernoulli within 15% for two slender beams (L/H = 10) with small
// deflection (under 3% of the length), at the CLI's default resolution.
TEST(Cantilever, AgreesWithEulerBernoulliForTwoSlenderBeams) {
  CantileverOptions square;  // 0.5 x 0.05 x 0.05 m, nu = 0.3
  square.material.youngs_pa = 3e7;
  auto first = RunCantilever(square);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_LT(first->tip_deflection_m, 0.03 * square.length_m);
  EXPECT_NEAR(first->relative_error, 0, 0.15) << first->tip_deflection_m;
  EXPECT_LT(first->tip_speed_m_s, 1e-4);

  CantileverOptions flat;  // a flatter, softer strip of gel
  flat.length_m = 0.2;
  flat.height_m = 0.02;
  flat.width_m = 0.01;
  flat.material = {2e7, 0.4, 1100};
  auto second = RunCantilever(flat);
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_LT(second->tip_deflection_m, 0.03 * flat.length_m);
  EXPECT_NEAR(second->relative_error, 0, 0.15) << second->tip_deflection_m;
}

// Stiffness comes from the compliances, not from the iteration count: the
// static deflection moves by less than 5% between 10 and 40 sweeps per
// substep (a coarse beam keeps this quick).
TEST(Cantilever, StaticDeflectionDoesNotDependOnIterations) {
  CantileverOptions options;
  options.cells_through_height = 2;
  options.iterations = 10;
  auto ten = RunCantilever(options);
  options.iterations = 40;
  auto forty = RunCantilever(options);
  ASSERT_TRUE(ten.ok() && forty.ok());
  EXPECT_NEAR(ten->tip_deflection_m / forty->tip_deflection_m, 1, 0.05)
      << ten->tip_deflection_m << " vs " << forty->tip_deflection_m;
}

}  // namespace
}  // namespace mc::tissue
