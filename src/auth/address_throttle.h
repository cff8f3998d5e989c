// Per-address backoff for failed logins, in memory.
//
// After `free_failures` failures from one address, each further attempt must
// wait a delay that doubles per failure (1 s, 2 s, 4 s ... up to
// `max_delay_ms`); attempts inside the delay are refused without checking the
// password. An hour without failures clears the address; a success does
// not (an attacker could otherwise interleave sign-ins to an account of
// their own to reset the delay).
// Memory is bounded: at most `max_addresses` are tracked (oldest evicted).
//
// Threading: thread-safe. Time is handed in.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>

namespace mc {

struct AddressThrottleOptions {
  int64_t free_failures = 10;
  int64_t max_delay_ms = 60 * 1000;
  size_t max_addresses = 100000;
};

class AddressThrottle {
 public:
  explicit AddressThrottle(AddressThrottleOptions options) : options_(options) {}

  // 0 when `address` may try now, else milliseconds to wait.
  int64_t RetryAfterMs(const std::string& address, int64_t now_ms);
  void RecordFailure(const std::string& address, int64_t now_ms);
  // Failures of `address` in the last hour.
  int64_t Failures(const std::string& address, int64_t now_ms);

 private:
  struct Entry {
    int64_t failures = 0;
    int64_t last_failure_ms = 0;
  };
  AddressThrottleOptions options_;
  std::mutex mutex_;
  std::map<std::string, Entry> entries_;
};

}  // namespace mc
