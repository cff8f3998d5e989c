// Deterministic random numbers for the simulator: the same seed gives the same
// sequence on every platform (std::mt19937_64 is fully specified; the
// uniform/normal/truncated-normal transforms are written here rather than
// taken from <random>, whose distributions differ between libraries).
// One object per stream; not thread-safe.
#pragma once

#include <cstdint>
#include <random>

namespace mc::glucose {

// Mixes a seed and a stream label into an independent seed (SplitMix64).
uint64_t DeriveSeed(uint64_t seed, uint64_t stream);

class Random {
 public:
  explicit Random(uint64_t seed) : engine_(seed) {}
  double Uniform();  // [0, 1)
  double Normal();   // standard normal (Marsaglia polar)
  // Normal(mean, sd) truncated to [low, high] by rejection. REQUIRES low < high.
  double TruncatedNormal(double mean, double sd, double low, double high);

 private:
  std::mt19937_64 engine_;
  bool has_spare_ = false;
  double spare_ = 0;
};

}  // namespace mc::glucose
