#include "auth/address_throttle.h"

#include <algorithm>

namespace mc {
namespace {
constexpr int64_t kForgetAfterMs = 60 * 60 * 1000;
}

int64_t AddressThrottle::RetryAfterMs(const std::string& address,
                                      int64_t now_ms) {
  std::lock_guard lock(mutex_);
  auto found = entries_.find(address);
  if (found == entries_.end()) return 0;
  const Entry& entry = found->second;
  if (now_ms - entry.last_failure_ms >= kForgetAfterMs) {
    entries_.erase(found);
    return 0;
  }
  const int64_t over = entry.failures - options_.free_failures;
  if (over < 0) return 0;
  const int64_t delay =
      std::min<int64_t>(options_.max_delay_ms, int64_t{1000} << std::min<int64_t>(over, 20));
  const int64_t ready_at = entry.last_failure_ms + delay;
  return ready_at > now_ms ? ready_at - now_ms : 0;
}

void AddressThrottle::RecordFailure(const std::string& address, int64_t now_ms) {
  std::lock_guard lock(mutex_);
  if (entries_.size() >= options_.max_addresses && !entries_.count(address)) {
    auto oldest = std::min_element(
        entries_.begin(), entries_.end(), [](const auto& left, const auto& right) {
          return left.second.last_failure_ms < right.second.last_failure_ms;
        });
    entries_.erase(oldest);
  }
  Entry& entry = entries_[address];
  ++entry.failures;
  entry.last_failure_ms = now_ms;
}

int64_t AddressThrottle::Failures(const std::string& address, int64_t now_ms) {
  std::lock_guard lock(mutex_);
  auto found = entries_.find(address);
  if (found == entries_.end() || now_ms - found->second.last_failure_ms >= kForgetAfterMs) {
    return 0;
  }
  return found->second.failures;
}

}  // namespace mc
