#include "sim/glucose/sensor.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace mc::glucose {
namespace {

constexpr int kPrecompute = 10;       // 15-min intervals per block
constexpr double kGridMin = 15.0;

// Not-a-knot cubic spline through (i·step, y_i), i = 0..n-1 (uniform grid),
// evaluated at `x`. Solves for the second derivatives M_i.
class UniformSpline {
 public:
  UniformSpline(const double* y, int n, double step) : y_(y, y + n), step_(step) {
    // Rows: not-a-knot at both ends, M_{i-1} + 4M_i + M_{i+1} = 6Δ²y_i/h² inside.
    std::vector<std::array<double, 16>> a(n);
    std::vector<double> rhs(n, 0.0);
    for (auto& row : a) row.fill(0.0);
    a[0][0] = 1, a[0][1] = -2, a[0][2] = 1;
    a[n - 1][n - 3] = 1, a[n - 1][n - 2] = -2, a[n - 1][n - 1] = 1;
    for (int i = 1; i < n - 1; ++i) {
      a[i][i - 1] = 1, a[i][i] = 4, a[i][i + 1] = 1;
      rhs[i] = 6.0 * (y[i + 1] - 2 * y[i] + y[i - 1]) / (step * step);
    }
    // Gaussian elimination with partial pivoting (n <= 16).
    for (int col = 0; col < n; ++col) {
      int pivot = col;
      for (int r = col + 1; r < n; ++r) {
        if (std::fabs(a[r][col]) > std::fabs(a[pivot][col])) pivot = r;
      }
      std::swap(a[col], a[pivot]);
      std::swap(rhs[col], rhs[pivot]);
      for (int r = col + 1; r < n; ++r) {
        double factor = a[r][col] / a[col][col];
        if (factor == 0) continue;
        for (int c = col; c < n; ++c) a[r][c] -= factor * a[col][c];
        rhs[r] -= factor * rhs[col];
      }
    }
    m_.assign(n, 0.0);
    for (int r = n - 1; r >= 0; --r) {
      double sum = rhs[r];
      for (int c = r + 1; c < n; ++c) sum -= a[r][c] * m_[c];
      m_[r] = sum / a[r][r];
    }
  }

  double operator()(double x) const {
    int n = static_cast<int>(y_.size());
    int i = std::clamp(static_cast<int>(x / step_), 0, n - 2);
    double h = step_;
    double t0 = x - i * h, t1 = (i + 1) * h - x;
    return m_[i] * t1 * t1 * t1 / (6 * h) + m_[i + 1] * t0 * t0 * t0 / (6 * h) +
           (y_[i] - m_[i] * h * h / 6) * t1 / h + (y_[i + 1] - m_[i + 1] * h * h / 6) * t0 / h;
  }

 private:
  std::vector<double> y_, m_;
  double step_;
};

}  // namespace

CgmSensor::CgmSensor(const SensorParams& params, uint64_t seed)
    : params_(params), random_(seed) {
  block_start_ = NextNoise15();
  // The spline is linear in the grid values: sample k of a block is
  // sum_j weights[k][j]·grid[j], with the weights from the spline through
  // each unit vector. Solving once here instead of every block.
  const int samples =
      static_cast<int>(std::floor(kPrecompute * kGridMin / params_.sample_time_min)) + 1;
  weights_.assign(static_cast<size_t>(samples - 1) * (kPrecompute + 1), 0.0);
  std::array<double, kPrecompute + 1> unit{};
  for (int j = 0; j <= kPrecompute; ++j) {
    unit.fill(0.0);
    unit[j] = 1.0;
    UniformSpline spline(unit.data(), kPrecompute + 1, kGridMin);
    for (int k = 1; k < samples; ++k) {
      weights_[static_cast<size_t>(k - 1) * (kPrecompute + 1) + j] =
          spline(k * params_.sample_time_min);
    }
  }
  block_.resize(samples - 1);
  block_next_ = block_.size();  // the first reading fills the first block
}

double CgmSensor::NextNoise15() {
  if (noise15_count_ == 0) {
    e_ = random_.Normal();
  } else {
    e_ = params_.pacf * (e_ + random_.Normal());
  }
  ++noise15_count_;
  return params_.xi + params_.lambda * std::sinh((e_ - params_.gamma) / params_.delta);
}

void CgmSensor::RefillBlock() {
  std::array<double, kPrecompute + 1> grid;
  grid[0] = block_start_;
  for (int i = 1; i <= kPrecompute; ++i) grid[i] = NextNoise15();
  block_start_ = grid[kPrecompute];
  const double* weights = weights_.data();
  for (double& sample : block_) {
    double sum = 0;
    for (int j = 0; j <= kPrecompute; ++j) sum += weights[j] * grid[j];
    sample = sum;
    weights += kPrecompute + 1;
  }
  block_next_ = 0;
}

double CgmSensor::NextError() {
  if (block_next_ >= block_.size()) RefillBlock();
  return block_[block_next_++];
}

double CgmSensor::Measure(int t_min, double bg_mg_dl) {
  if (t_min % params_.sample_time_min == 0) {
    double reading = bg_mg_dl + NextError();
    last_reading_ = std::clamp(reading, params_.min_mg_dl, params_.max_mg_dl);
  }
  return last_reading_;
}

}  // namespace mc::glucose
