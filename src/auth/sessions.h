// Sessions: who a request comes from.
//
// A session token is 256 random bits, given to the browser once (as an
// HttpOnly cookie) and stored only as its BLAKE2b hash. Sessions end after
// an idle timeout (default 30 min), an absolute timeout (default 12 h), on
// logout, or when the account is disabled. The CSRF token of a session is
// derived from its secret token, so it needs no storage and cannot be
// guessed without the cookie.
//
// Threading: thread-safe; methods block on the store.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "core/clock.h"
#include "core/status.h"
#include "store/session_store.h"
#include "store/user_store.h"

namespace mc {

struct SessionOptions {
  int64_t idle_timeout_ms = 30 * 60 * 1000;
  int64_t absolute_timeout_ms = 12 * 60 * 60 * 1000;
};

struct Session {
  std::string token_hash;
  UserRow user;  // id 0 and role "guest" for a visit-link session
  std::string guest_purpose;
  std::string csrf_token;
  int64_t created_unix_ms = 0;
};

class SessionManager {
 public:
  SessionManager(SessionStore& store, UserStore& users, const Clock& clock,
                 SessionOptions options);

  // Starts a session for `user_id` (0 with a purpose for a guest) and returns
  // its secret token (64 hex characters).
  StatusOr<std::string> Create(int64_t user_id, const std::string& guest_purpose);

  // The live session for `token`. Unauthenticated with code "no_session"
  // (unknown or malformed), "session_expired" or "account_disabled".
  StatusOr<Session> Resolve(const std::string& token);

  // Ends the session for `token` (idempotent).
  Status Revoke(const std::string& token);
  // Ends every session of the account (disabling it, a password reset) and
  // then tells the revocation listener, so live connections end too.
  Status RevokeAllOf(int64_t user_id);

  // Called with the user id after each RevokeAllOf that succeeded (the
  // realtime world closes that account's WebSockets). REQUIRES: set before
  // requests are served and cleared (empty function) before whatever it
  // calls goes away; the listener must be thread-safe.
  void SetRevocationListener(std::function<void(int64_t user_id)> listener) {
    revocation_listener_ = std::move(listener);
  }

  static std::string HashToken(const std::string& token);
  static std::string CsrfTokenFor(const std::string& token);

 private:
  SessionStore& store_;
  UserStore& users_;
  const Clock& clock_;
  std::function<void(int64_t)> revocation_listener_;
  SessionOptions options_;
};

}  // namespace mc
