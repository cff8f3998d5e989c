// Time is handed in, never read from globals inside logic.
//
// Clock is an interface so tests can advance time without sleeping.
// SystemClock is thread-safe; FakeClock is for single-threaded tests or must
// be advanced while no other thread reads it.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"

namespace mc {

class Clock {
 public:
  virtual ~Clock() = default;
  // Milliseconds since the Unix epoch (wall time, for records and expiry).
  virtual int64_t NowUnixMs() const = 0;
  // Monotonic milliseconds from an arbitrary origin (for durations).
  virtual int64_t MonotonicMs() const = 0;
};

class SystemClock final : public Clock {
 public:
  int64_t NowUnixMs() const override;
  int64_t MonotonicMs() const override;
};

class FakeClock final : public Clock {
 public:
  explicit FakeClock(int64_t start_unix_ms = 1'767'225'600'000)
      : now_ms_(start_unix_ms) {}
  int64_t NowUnixMs() const override { return now_ms_.load(); }
  int64_t MonotonicMs() const override { return now_ms_.load(); }
  void AdvanceMs(int64_t delta_ms) { now_ms_ += delta_ms; }

 private:
  std::atomic<int64_t> now_ms_;
};

// ISO 8601 UTC text for a Unix millisecond time, e.g. 2026-01-01T00:00:00.000Z.
std::string FormatIsoUtc(int64_t unix_ms);

// The Unix millisecond time of ISO 8601 UTC text: YYYY-MM-DDTHH:MM, then
// optionally :SS and .fff, then Z (what FormatIsoUtc and the browser's
// Date.toISOString write). InvalidArgument ("invalid_time") for anything
// else, an impossible date included.
StatusOr<int64_t> ParseIsoUtc(std::string_view text);

}  // namespace mc
