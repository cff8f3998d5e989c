// Internal: the right-hand side in a form the integrator inlines, with the
// per-interval constants (Dbar terms, insulin in pmol/kg/min) folded once.
#pragma once

#include <cmath>

#include "sim/glucose/model.h"

namespace mc::glucose::internal {

struct PreparedInputs {
  double carbs_mg_per_min = 0;
  double insulin_pmol_per_kg_min = 0;
  bool has_dbar = false;
  double alpha = 0, beta = 0, b_dbar = 0, d_dbar = 0;
};

inline PreparedInputs Prepare(const PatientParams& p, const ModelInputs& in) {
  PreparedInputs out;
  out.carbs_mg_per_min = in.carbs_mg_per_min;
  out.insulin_pmol_per_kg_min = in.insulin_u_per_min * 6000.0 / p.BW;
  out.has_dbar = in.dbar_mg > 0;
  if (out.has_dbar) {
    out.alpha = 5.0 / (2.0 * in.dbar_mg * (1.0 - p.b));
    out.beta = 5.0 / (2.0 * in.dbar_mg * p.d);
    out.b_dbar = p.b * in.dbar_mg;
    out.d_dbar = p.d * in.dbar_mg;
  }
  return out;
}

// tanh through one exp: glibc's tanh is ~2x slower and dominated the profile.
// Absolute error ~1e-16, which is what kgut needs (it adds 2 to the difference).
inline double FastTanh(double x) {
  if (x > 20) return 1.0;
  if (x < -20) return -1.0;
  const double e = std::exp(2.0 * x);
  return (e - 1.0) / (e + 1.0);
}

inline double Kgut(const PatientParams& p, const PreparedInputs& in, double qsto) {
  if (!in.has_dbar) return p.kmax;
  return p.kmin + (p.kmax - p.kmin) / 2.0 *
                      (FastTanh(in.alpha * (qsto - in.b_dbar)) -
                       FastTanh(in.beta * (qsto - in.d_dbar)) + 2.0);
}

inline void Rhs(const PatientParams& p, const PreparedInputs& in, const double* x,
                double* dx) {
  const double qsto = x[kQsto1] + x[kQsto2];
  // kgut only matters when there is liquid in the stomach.
  const double kgut = x[kQsto2] != 0 ? Kgut(p, in, qsto) : p.kmax;
  dx[kQsto1] = -p.kmax * x[kQsto1] + in.carbs_mg_per_min;
  dx[kQsto2] = p.kmax * x[kQsto1] - kgut * x[kQsto2];
  dx[kQgut] = kgut * x[kQsto2] - p.kabs * x[kQgut];

  const double ra = p.f * p.kabs * x[kQgut] / p.BW;
  const double egp = p.kp1 - p.kp2 * x[kGp] - p.kp3 * x[kId];
  const double renal = x[kGp] > p.ke2 ? p.ke1 * (x[kGp] - p.ke2) : 0.0;
  const double dgp = (egp > 0 ? egp : 0.0) + ra - p.Fsnc - renal - p.k1 * x[kGp] + p.k2 * x[kGt];
  dx[kGp] = x[kGp] >= 0 ? dgp : 0.0;

  const double uid = (p.Vm0 + p.Vmx * x[kX]) * x[kGt] / (p.Km0 + x[kGt]);
  const double dgt = -uid + p.k1 * x[kGp] - p.k2 * x[kGt];
  dx[kGt] = x[kGt] >= 0 ? dgt : 0.0;

  const double dip = -(p.m2 + p.m4) * x[kIp] + p.m1 * x[kIl] + p.ka1 * x[kIsc1] +
                     p.ka2 * x[kIsc2];
  const double insulin = x[kIp] / p.Vi;
  dx[kIp] = x[kIp] >= 0 ? dip : 0.0;
  dx[kX] = -p.p2u * x[kX] + p.p2u * (insulin - p.Ib);
  dx[kI1] = -p.ki * (x[kI1] - insulin);
  dx[kId] = -p.ki * (x[kId] - x[kI1]);
  const double dil = -(p.m1 + p.m30) * x[kIl] + p.m2 * x[kIp];
  dx[kIl] = x[kIl] >= 0 ? dil : 0.0;
  const double disc1 = in.insulin_pmol_per_kg_min - (p.ka1 + p.kd) * x[kIsc1];
  dx[kIsc1] = x[kIsc1] >= 0 ? disc1 : 0.0;
  const double disc2 = p.kd * x[kIsc1] - p.ka2 * x[kIsc2];
  dx[kIsc2] = x[kIsc2] >= 0 ? disc2 : 0.0;
  const double dgs = -p.ksc * x[kGs] + p.ksc * x[kGp];
  dx[kGs] = x[kGs] >= 0 ? dgs : 0.0;
}

}  // namespace mc::glucose::internal
