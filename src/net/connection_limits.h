// ConnectionLimits: how many realtime connections one session and one
// account may hold at once (security finding: one session held 1,500
// avatars). A connection holds a Ticket for its whole life; destroying the
// ticket gives the place back.
//
// Threading: thread-safe (one mutex; a map update per connect and close,
// never on the frame path).
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include <absl/base/thread_annotations.h>
#include <absl/container/flat_hash_map.h>
#include <absl/synchronization/mutex.h>

#include "core/status.h"

namespace mc {

struct ConnectionLimitOptions {
  int64_t per_session = 4;
  int64_t per_account = 8;
};

class ConnectionLimits {
 public:
  class Ticket;

  explicit ConnectionLimits(ConnectionLimitOptions options) : options_(options) {}

  // A place for one more connection of session `session_key` (never empty)
  // of account `user_id` (0: a guest, counted per session only).
  // ResourceExhausted ("too_many_connections") when either limit is reached.
  StatusOr<std::unique_ptr<Ticket>> Acquire(const std::string& session_key, int64_t user_id);

  class Ticket {
   public:
    ~Ticket();
    Ticket(const Ticket&) = delete;
    Ticket& operator=(const Ticket&) = delete;

   private:
    friend class ConnectionLimits;
    Ticket(ConnectionLimits& owner, std::string session_key, int64_t user_id)
        : owner_(owner), session_key_(std::move(session_key)), user_id_(user_id) {}
    ConnectionLimits& owner_;
    std::string session_key_;
    int64_t user_id_;
  };

 private:
  void Release(const std::string& session_key, int64_t user_id);

  const ConnectionLimitOptions options_;
  absl::Mutex mutex_;
  absl::flat_hash_map<std::string, int64_t> by_session_ ABSL_GUARDED_BY(mutex_);
  absl::flat_hash_map<int64_t, int64_t> by_account_ ABSL_GUARDED_BY(mutex_);
};

}  // namespace mc
