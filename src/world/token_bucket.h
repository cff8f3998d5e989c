// A token bucket: `rate_per_second` tokens accrue up to `burst`; each action
// takes one. Time is handed in. Thread-compatible.
#pragma once

#include <algorithm>
#include <cstdint>

namespace mc::world {

class TokenBucket {
 public:
  TokenBucket() = default;
  TokenBucket(double rate_per_second, double burst)
      : rate_per_ms_(rate_per_second / 1000.0), burst_(burst), tokens_(burst) {}

  // Takes `cost` tokens at `now_ms` when available; false (nothing taken)
  // otherwise.
  bool Take(int64_t now_ms, double cost = 1) {
    if (last_ms_ == 0 || now_ms < last_ms_) last_ms_ = now_ms;
    tokens_ = std::min(burst_, tokens_ + (now_ms - last_ms_) * rate_per_ms_);
    last_ms_ = now_ms;
    if (tokens_ < cost) return false;
    tokens_ -= cost;
    return true;
  }

 private:
  double rate_per_ms_ = 0;
  double burst_ = 0;
  double tokens_ = 0;
  int64_t last_ms_ = 0;
};

}  // namespace mc::world
