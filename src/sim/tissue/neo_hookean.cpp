#include "sim/tissue/neo_hookean.h"

#include <cmath>

namespace mc::tissue {
namespace {

// Below this C_D the deviatoric gradient's direction is undefined (it is
// the direction of the strain); the constraint is satisfied to rounding.
constexpr double kRestDeviation = 1e-9;

}  // namespace

void ProjectNeoHookean(const TetElement& element,
                       const std::vector<double>& inverse_masses,
                       double inverse_dt2, std::vector<Vec3>& positions,
                       double multipliers[2]) {
  const Tet& v = element.vertices;
  const Vec3 x0 = positions[v[0]];
  Mat3 edges;
  edges.col(0) = positions[v[1]] - x0;
  edges.col(1) = positions[v[2]] - x0;
  edges.col(2) = positions[v[3]] - x0;
  const Mat3 f = edges * element.rest_inverse;
  Mat3 cofactor;  // d(det F)/dF
  cofactor.col(0) = f.col(1).cross(f.col(2));
  cofactor.col(1) = f.col(2).cross(f.col(0));
  cofactor.col(2) = f.col(0).cross(f.col(1));
  const double j = f.col(0).dot(cofactor.col(0));

  // Hydrostatic: C_H = J - 1. Deviatoric: C_D = sqrt(I_C + J^2 - 4 J),
  // dC_D/dF = (F + (J - 2) cof F) / C_D. Gradients with respect to vertices
  // 1..3 are the columns of dC/dF * Dm^-T; vertex 0 gets minus their sum.
  const Mat3 rest_inverse_t = element.rest_inverse.transpose();
  const Mat3 grad_hyd = cofactor * rest_inverse_t;
  const Vec3 grad_hyd0 = -grad_hyd.rowwise().sum();
  const double c_hyd = j - 1;
  const double c_dev2 = f.squaredNorm() + j * j - 4 * j;
  const double c_dev = c_dev2 > 0 ? std::sqrt(c_dev2) : 0;
  const bool deviated = c_dev > kRestDeviation;
  Mat3 grad_dev = Mat3::Zero();
  if (deviated) {
    grad_dev = ((f + (j - 2) * cofactor) * rest_inverse_t) * (1 / c_dev);
  }
  const Vec3 grad_dev0 = -grad_dev.rowwise().sum();

  const double w0 = inverse_masses[v[0]];
  double a11 = w0 * grad_dev0.squaredNorm();
  double a12 = w0 * grad_dev0.dot(grad_hyd0);
  double a22 = w0 * grad_hyd0.squaredNorm();
  double w[3];
  for (int i = 0; i < 3; ++i) {
    w[i] = inverse_masses[v[i + 1]];
    a11 += w[i] * grad_dev.col(i).squaredNorm();
    a12 += w[i] * grad_dev.col(i).dot(grad_hyd.col(i));
    a22 += w[i] * grad_hyd.col(i).squaredNorm();
  }
  const double alpha_dev = element.deviatoric_compliance * inverse_dt2;
  const double alpha_hyd = element.hydrostatic_compliance * inverse_dt2;
  a11 += alpha_dev;
  a22 += alpha_hyd;
  const double rhs_dev = -c_dev - alpha_dev * multipliers[0];
  const double rhs_hyd = -c_hyd - alpha_hyd * multipliers[1];
  // The two constraints together (a 2x2 Newton step); the hydrostatic one
  // alone at rest, where the deviatoric gradient is zero.
  double d_dev = 0;
  double d_hyd = 0;
  if (deviated) {
    const double determinant = a11 * a22 - a12 * a12;
    if (!(determinant > 0)) return;
    d_dev = (rhs_dev * a22 - rhs_hyd * a12) / determinant;
    d_hyd = (a11 * rhs_hyd - a12 * rhs_dev) / determinant;
  } else {
    if (!(a22 > 0)) return;
    d_hyd = rhs_hyd / a22;
  }
  multipliers[0] += d_dev;
  multipliers[1] += d_hyd;

  positions[v[0]] += w0 * (grad_dev0 * d_dev + grad_hyd0 * d_hyd);
  for (int i = 0; i < 3; ++i) {
    positions[v[i + 1]] +=
        w[i] * (grad_dev.col(i) * d_dev + grad_hyd.col(i) * d_hyd);
  }
}

}  // namespace mc::tissue
