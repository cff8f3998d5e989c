#include "net/connection_limits.h"

#include <fmt/format.h>

namespace mc {

StatusOr<std::unique_ptr<ConnectionLimits::Ticket>> ConnectionLimits::Acquire(
    const std::string& session_key, int64_t user_id) {
  absl::MutexLock lock(&mutex_);
  int64_t& session_count = by_session_[session_key];
  int64_t* account_count = user_id != 0 ? &by_account_[user_id] : nullptr;
  const bool session_full = session_count >= options_.per_session;
  const bool account_full = account_count != nullptr && *account_count >= options_.per_account;
  if (session_full || account_full) {
    if (session_count == 0) by_session_.erase(session_key);
    if (account_count != nullptr && *account_count == 0) by_account_.erase(user_id);
    return ResourceExhausted(
        "too_many_connections",
        session_full ? fmt::format("at most {} live connections per sign-in; close another tab",
                                   options_.per_session)
                     : fmt::format("at most {} live connections per account",
                                   options_.per_account));
  }
  ++session_count;
  if (account_count != nullptr) ++*account_count;
  return std::unique_ptr<Ticket>(new Ticket(*this, session_key, user_id));
}

void ConnectionLimits::Release(const std::string& session_key, int64_t user_id) {
  absl::MutexLock lock(&mutex_);
  if (auto found = by_session_.find(session_key); found != by_session_.end()) {
    if (--found->second <= 0) by_session_.erase(found);
  }
  if (auto found = by_account_.find(user_id); user_id != 0 && found != by_account_.end()) {
    if (--found->second <= 0) by_account_.erase(found);
  }
}

ConnectionLimits::Ticket::~Ticket() { owner_.Release(session_key_, user_id_); }

}  // namespace mc
