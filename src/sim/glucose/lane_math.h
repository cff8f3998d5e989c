// Internal: arithmetic written once for one double or for a pack of
// `kLaneCount` doubles (GCC vector extensions, two registers), so the model and the
// integrator have one definition that serves a single patient (T = double)
// and several patients advanced together (T = Lanes, one patient per lane).
//
// Every function here gives bit-identical results lane by lane to its scalar
// instantiation (no fused multiply-add: the library builds with
// -ffp-contract=off), which is what lets the batch integrator promise the
// scalar integrator's trajectories.
//
// Exp and Log are our own (Cody–Waite reduction and a polynomial, no table):
// glibc has no vector version that matches its scalar one. Exp: relative
// error < 5e-16 for |x| <= 700. Log: relative error < 1e-15 for normal x > 0.
// Pure functions; no state.
#pragma once

#include <bit>
#include <cstdint>
#include <type_traits>

namespace mc::glucose::internal {

// One AVX2 register holds 4 doubles; a lane pack is two of them (`Twin`),
// so the two halves form independent dependency chains and the CPU overlaps
// them (a step is a long chain: six right-hand sides, each with exp and
// divisions).
using Lanes4 = double __attribute__((vector_size(4 * sizeof(double))));
using LaneBits4 = int64_t __attribute__((vector_size(4 * sizeof(int64_t))));
using LaneWords4 = uint64_t __attribute__((vector_size(4 * sizeof(uint64_t))));

template <class V, class E>
struct Twin {
  V lo, hi;
  // GCC lets a vector's elements be read and written through its element type.
  using Element [[gnu::may_alias]] = E;
  E& operator[](int lane) { return reinterpret_cast<Element*>(this)[lane]; }
  E operator[](int lane) const { return reinterpret_cast<const Element*>(this)[lane]; }
};

#define MC_TWIN_BINARY(op)                                                              \
  template <class V, class E>                                                           \
  inline auto operator op(Twin<V, E> a, Twin<V, E> b) {                                 \
    using R = decltype(a.lo op b.lo);                                                   \
    return Twin<R, std::remove_cvref_t<decltype(R{}[0])>>{a.lo op b.lo, a.hi op b.hi};  \
  }                                                                                     \
  template <class V, class E, class S, std::enable_if_t<std::is_arithmetic_v<S>, int> = 0> \
  inline auto operator op(Twin<V, E> a, S b) {                                          \
    using R = decltype(a.lo op b);                                                      \
    return Twin<R, std::remove_cvref_t<decltype(R{}[0])>>{a.lo op b, a.hi op b};        \
  }                                                                                     \
  template <class V, class E, class S, std::enable_if_t<std::is_arithmetic_v<S>, int> = 0> \
  inline auto operator op(S a, Twin<V, E> b) {                                          \
    using R = decltype(a op b.lo);                                                      \
    return Twin<R, std::remove_cvref_t<decltype(R{}[0])>>{a op b.lo, a op b.hi};        \
  }
MC_TWIN_BINARY(+)
MC_TWIN_BINARY(-)
MC_TWIN_BINARY(*)
MC_TWIN_BINARY(/)
MC_TWIN_BINARY(<)
MC_TWIN_BINARY(>)
MC_TWIN_BINARY(<=)
MC_TWIN_BINARY(>=)
MC_TWIN_BINARY(!=)
MC_TWIN_BINARY(&)
MC_TWIN_BINARY(|)
MC_TWIN_BINARY(<<)
MC_TWIN_BINARY(>>)
#undef MC_TWIN_BINARY
template <class V, class E>
inline Twin<V, E> operator-(Twin<V, E> a) {
  return {-a.lo, -a.hi};
}

inline constexpr int kLaneCount = 8;
using Lanes = Twin<Lanes4, double>;
using LaneBits = Twin<LaneBits4, int64_t>;
using LaneWords = Twin<LaneWords4, uint64_t>;

// The comparison result of T: bool for double, a lane mask for Lanes.
template <class T>
struct MaskOf {
  using type = bool;
};
template <>
struct MaskOf<Lanes> {
  using type = LaneBits;
};
template <class T>
using Mask = typename MaskOf<T>::type;

inline double Where(bool condition, double yes, double no) { return condition ? yes : no; }
inline Lanes4 Where(LaneBits4 condition, Lanes4 yes, Lanes4 no) { return condition ? yes : no; }
inline Lanes Where(LaneBits condition, Lanes yes, Lanes no) {
  return {Where(condition.lo, yes.lo, no.lo), Where(condition.hi, yes.hi, no.hi)};
}

inline bool AnyLane(bool condition) { return condition; }
inline bool AnyLane(LaneBits4 condition) {
  return (condition[0] | condition[1] | condition[2] | condition[3]) != 0;
}
inline bool AnyLane(LaneBits condition) { return AnyLane(condition.lo | condition.hi); }

template <class T>
T Splat(double value) {
  if constexpr (std::is_same_v<T, double>) {
    return value;
  } else {
    return T{} + value;
  }
}

inline uint64_t WordsOf(double value) { return std::bit_cast<uint64_t>(value); }
inline LaneWords WordsOf(Lanes value) {
  return {std::bit_cast<LaneWords4>(value.lo), std::bit_cast<LaneWords4>(value.hi)};
}
inline double FromWords(uint64_t words) { return std::bit_cast<double>(words); }
inline Lanes FromWords(LaneWords words) {
  return {std::bit_cast<Lanes4>(words.lo), std::bit_cast<Lanes4>(words.hi)};
}

// e^x. REQUIRES |x| <= 700 (callers clamp).
template <class T>
T Exp(T x) {
  constexpr double kLog2e = 1.4426950408889634;
  constexpr double kRound = 0x1.8p52;  // adding it rounds to an integer
  constexpr double kLn2High = 0x1.62e42fee00000p-1;  // trailing zeros: n·kLn2High is exact
  constexpr double kLn2Low = 0x1.a39ef35793c76p-33;
  const T shifted = x * kLog2e + kRound;
  const T n = shifted - kRound;
  T r = x - n * kLn2High;
  r = r - n * kLn2Low;  // |r| <= 0.347
  // Taylor series to r^12 (truncation < 2e-17 relative on |r| <= 0.347),
  // evaluated by Estrin's scheme: 8 dependent operations instead of 24.
  const T r2 = r * r;
  const T r4 = r2 * r2;
  const T r8 = r4 * r4;
  const T q0 = 1.0 + r;
  const T q1 = 1.0 / 2 + r * (1.0 / 6);
  const T q2 = 1.0 / 24 + r * (1.0 / 120);
  const T q3 = 1.0 / 720 + r * (1.0 / 5040);
  const T q4 = 1.0 / 40320 + r * (1.0 / 362880);
  const T q5 = 1.0 / 3628800 + r * (1.0 / 39916800);
  const T q6 = Splat<T>(1.0 / 479001600);
  const T s0 = q0 + r2 * q1;
  const T s1 = q2 + r2 * q3;
  const T s2 = q4 + r2 * q5;
  const T p = (s0 + r4 * s1) + r8 * (s2 + r4 * q6);
  // The low bits of `shifted` hold n; 2^n is (n + 1023) in the exponent field.
  const auto scale = FromWords((WordsOf(shifted) + 1023) << 52);
  return p * scale;
}

// Natural logarithm. REQUIRES x > 0 and normal (denormals give a finite
// wrong value, never NaN).
template <class T>
T Log(T x) {
  constexpr double kLn2 = 0.6931471805599453;
  constexpr double kSqrt2 = 1.4142135623730951;
  const auto words = WordsOf(x);
  // The biased exponent as a double, without an integer conversion (none
  // exists for 64-bit lanes before AVX-512).
  const T biased = FromWords((words >> 52) | 0x4330000000000000ULL) - 0x1p52;
  T mantissa = FromWords((words & 0x000fffffffffffffULL) | 0x3ff0000000000000ULL);
  const auto big = mantissa > kSqrt2;
  mantissa = Where(big, mantissa * 0.5, mantissa);
  const T exponent = biased - 1023.0 + Where(big, Splat<T>(1.0), Splat<T>(0.0));
  // log m = 2·atanh(s), s = (m − 1)/(m + 1), |s| <= 0.172.
  const T s = (mantissa - 1.0) / (mantissa + 1.0);
  const T s2 = s * s;
  T p = Splat<T>(1.0 / 23);
  p = p * s2 + 1.0 / 21;
  p = p * s2 + 1.0 / 19;
  p = p * s2 + 1.0 / 17;
  p = p * s2 + 1.0 / 15;
  p = p * s2 + 1.0 / 13;
  p = p * s2 + 1.0 / 11;
  p = p * s2 + 1.0 / 9;
  p = p * s2 + 1.0 / 7;
  p = p * s2 + 1.0 / 5;
  p = p * s2 + 1.0 / 3;
  p = p * s2 + 1.0;
  return exponent * kLn2 + 2.0 * s * p;
}

// tanh(a) − tanh(b) with one division: 2(e^2a − e^2b)/((e^2a + 1)(e^2b + 1)).
// Absolute error ~2e-16; |a|, |b| > 20 count as ±20 (tanh is ±1 to double
// precision there).
template <class T>
T TanhDifference(T a, T b) {
  a = Where(a > 20.0, Splat<T>(20.0), a);
  a = Where(a < -20.0, Splat<T>(-20.0), a);
  b = Where(b > 20.0, Splat<T>(20.0), b);
  b = Where(b < -20.0, Splat<T>(-20.0), b);
  const T ea = Exp(2.0 * a);
  const T eb = Exp(2.0 * b);
  return 2.0 * (ea - eb) / ((ea + 1.0) * (eb + 1.0));
}

}  // namespace mc::glucose::internal
