// Internal: the right-hand side in a form the integrator inlines, with the
// per-interval constants (Dbar terms, insulin in pmol/kg/min) folded once.
//
// Written once as templates over the number type: T = double with the
// patient's `PatientParams` (one patient), or T = Lanes with `PatientLanes`
// (one patient per lane, lane_math.h). Both instantiations compute the same
// operations in the same order, so a lane's derivatives equal the scalar
// ones bit for bit.
#pragma once

#include "sim/glucose/lane_math.h"
#include "sim/glucose/model.h"

namespace mc::glucose::internal {

template <class T>
struct PreparedInputs {
  T carbs_mg_per_min{};
  T insulin_pmol_per_kg_min{};
  Mask<T> has_dbar{};
  T alpha{}, beta{}, b_dbar{}, d_dbar{};
};

inline PreparedInputs<double> Prepare(const PatientParams& p, const ModelInputs& in) {
  PreparedInputs<double> out;
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

// Puts one patient's prepared inputs into `lane`.
inline void SetLane(PreparedInputs<Lanes>* lanes, int lane, const PreparedInputs<double>& in) {
  lanes->carbs_mg_per_min[lane] = in.carbs_mg_per_min;
  lanes->insulin_pmol_per_kg_min[lane] = in.insulin_pmol_per_kg_min;
  lanes->has_dbar[lane] = in.has_dbar ? -1 : 0;
  lanes->alpha[lane] = in.alpha;
  lanes->beta[lane] = in.beta;
  lanes->b_dbar[lane] = in.b_dbar;
  lanes->d_dbar[lane] = in.d_dbar;
}

// The parameters the right-hand side reads, one patient per lane, under the
// names of `PatientParams` so that `Rhs` reads either.
struct PatientLanes {
  Lanes kmax{}, kmin{}, kabs{}, f{}, BW{}, kp1{}, kp2{}, kp3{}, ke1{}, ke2{}, Fsnc{}, k1{}, k2{},
      Vm0{}, Vmx{}, Km0{}, m1{}, m2{}, m4{}, m30{}, ka1{}, ka2{}, kd{}, Vi{}, p2u{}, Ib{}, ki{},
      ksc{};

  void Set(int lane, const PatientParams& p) {
    kmax[lane] = p.kmax, kmin[lane] = p.kmin, kabs[lane] = p.kabs, f[lane] = p.f;
    BW[lane] = p.BW, kp1[lane] = p.kp1, kp2[lane] = p.kp2, kp3[lane] = p.kp3;
    ke1[lane] = p.ke1, ke2[lane] = p.ke2, Fsnc[lane] = p.Fsnc, k1[lane] = p.k1;
    k2[lane] = p.k2, Vm0[lane] = p.Vm0, Vmx[lane] = p.Vmx, Km0[lane] = p.Km0;
    m1[lane] = p.m1, m2[lane] = p.m2, m4[lane] = p.m4, m30[lane] = p.m30;
    ka1[lane] = p.ka1, ka2[lane] = p.ka2, kd[lane] = p.kd, Vi[lane] = p.Vi;
    p2u[lane] = p.p2u, Ib[lane] = p.Ib, ki[lane] = p.ki, ksc[lane] = p.ksc;
  }
};

inline bool Both(bool a, bool b) { return a && b; }
inline LaneBits Both(LaneBits a, LaneBits b) { return a & b; }

// kgut (1/min) where `active` (a meal is known and the stomach holds
// liquid), kmax elsewhere.
template <class T, class P>
T GastricEmptying(const P& p, const PreparedInputs<T>& in, T qsto, Mask<T> active) {
  const T kmax = p.kmax;
  if (!AnyLane(active)) return kmax;
  const T kgut = p.kmin + (p.kmax - p.kmin) / 2.0 *
                              (TanhDifference(in.alpha * (qsto - in.b_dbar),
                                              in.beta * (qsto - in.d_dbar)) +
                               2.0);
  return Where(active, kgut, kmax);
}

template <class T, class P>
void Rhs(const P& p, const PreparedInputs<T>& in, const T* x, T* dx) {
  const T zero = Splat<T>(0.0);
  const T qsto = x[kQsto1] + x[kQsto2];
  // kgut only matters when there is liquid in the stomach.
  const T kgut = GastricEmptying(p, in, qsto, Both(x[kQsto2] != 0.0, in.has_dbar));
  dx[kQsto1] = -p.kmax * x[kQsto1] + in.carbs_mg_per_min;
  dx[kQsto2] = p.kmax * x[kQsto1] - kgut * x[kQsto2];
  dx[kQgut] = kgut * x[kQsto2] - p.kabs * x[kQgut];

  const T ra = p.f * p.kabs * x[kQgut] / p.BW;
  const T egp = p.kp1 - p.kp2 * x[kGp] - p.kp3 * x[kId];
  const T renal = Where(x[kGp] > p.ke2, p.ke1 * (x[kGp] - p.ke2), zero);
  const T dgp = Where(egp > 0.0, egp, zero) + ra - p.Fsnc - renal - p.k1 * x[kGp] + p.k2 * x[kGt];
  dx[kGp] = Where(x[kGp] >= 0.0, dgp, zero);

  const T uid = (p.Vm0 + p.Vmx * x[kX]) * x[kGt] / (p.Km0 + x[kGt]);
  const T dgt = -uid + p.k1 * x[kGp] - p.k2 * x[kGt];
  dx[kGt] = Where(x[kGt] >= 0.0, dgt, zero);

  const T dip = -(p.m2 + p.m4) * x[kIp] + p.m1 * x[kIl] + p.ka1 * x[kIsc1] + p.ka2 * x[kIsc2];
  const T insulin = x[kIp] / p.Vi;
  dx[kIp] = Where(x[kIp] >= 0.0, dip, zero);
  dx[kX] = -p.p2u * x[kX] + p.p2u * (insulin - p.Ib);
  dx[kI1] = -p.ki * (x[kI1] - insulin);
  dx[kId] = -p.ki * (x[kId] - x[kI1]);
  const T dil = -(p.m1 + p.m30) * x[kIl] + p.m2 * x[kIp];
  dx[kIl] = Where(x[kIl] >= 0.0, dil, zero);
  const T disc1 = in.insulin_pmol_per_kg_min - (p.ka1 + p.kd) * x[kIsc1];
  dx[kIsc1] = Where(x[kIsc1] >= 0.0, disc1, zero);
  const T disc2 = p.kd * x[kIsc1] - p.ka2 * x[kIsc2];
  dx[kIsc2] = Where(x[kIsc2] >= 0.0, disc2, zero);
  const T dgs = -p.ksc * x[kGs] + p.ksc * x[kGp];
  dx[kGs] = Where(x[kGs] >= 0.0, dgs, zero);
}

}  // namespace mc::glucose::internal
