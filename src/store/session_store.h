// SessionStore: sessions and visit links (the auth module's tables).
// Part of the Store (store.h); see there for threading and the backends.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"

namespace mc {

struct SessionRow {
  std::string token_hash;  // hex BLAKE2b-256 of the bearer token
  int64_t user_id = 0;     // 0 for a guest session from a visit link
  std::string guest_purpose;  // set only for guest sessions
  int64_t created_unix_ms = 0;
  int64_t last_seen_unix_ms = 0;
};

struct VisitLinkRow {
  std::string token_hash;
  std::string purpose;  // e.g. "appointment:42"
  int64_t created_by_user_id = 0;
  int64_t created_unix_ms = 0;
  int64_t expires_unix_ms = 0;
  int64_t used_unix_ms = 0;  // 0 while unused
};

class SessionStore {
 public:
  virtual ~SessionStore() = default;

  virtual Status CreateSession(const SessionRow& session) = 0;
  virtual StatusOr<SessionRow> FindSession(const std::string& token_hash) = 0;
  virtual Status TouchSession(const std::string& token_hash,
                              int64_t unix_ms) = 0;
  virtual Status DeleteSession(const std::string& token_hash) = 0;
  virtual Status DeleteSessionsOfUser(int64_t user_id) = 0;

  // ---- visit links ----
  virtual Status CreateVisitLink(const VisitLinkRow& link) = 0;
  // Atomically marks the link used and returns it. NotFound when unknown,
  // FailedPrecondition ("visit_link_used" / "visit_link_expired") otherwise.
  virtual StatusOr<VisitLinkRow> ConsumeVisitLink(const std::string& token_hash,
                                                  int64_t now_unix_ms) = 0;
};

}  // namespace mc
