#include "auth/sessions.h"

#include "core/roles.h"
#include "core/crypto.h"

namespace mc {
namespace {

// Writing last-seen on every request would turn reads into writes; a minute
// of slack on a 30-minute idle timeout is harmless.
constexpr int64_t kTouchIntervalMs = 60 * 1000;

bool LooksLikeToken(const std::string& token) {
  return token.size() == 64 &&
         token.find_first_not_of("0123456789abcdef") == std::string::npos;
}

}  // namespace

SessionManager::SessionManager(SessionStore& store, UserStore& users, const Clock& clock,
                               SessionOptions options)
    : store_(store), users_(users), clock_(clock), options_(options) {}

std::string SessionManager::HashToken(const std::string& token) {
  return Blake2bHex("metaclinic-session:" + token);
}

std::string SessionManager::CsrfTokenFor(const std::string& token) {
  return Blake2bHex("metaclinic-csrf:" + token);
}

StatusOr<std::string> SessionManager::Create(int64_t user_id,
                                             const std::string& guest_purpose) {
  const std::string token = RandomHex(32);
  const int64_t now = clock_.NowUnixMs();
  MC_RETURN_IF_ERROR(store_.CreateSession(
      SessionRow{HashToken(token), user_id, guest_purpose, now, now}));
  return token;
}

StatusOr<Session> SessionManager::Resolve(const std::string& token) {
  if (!LooksLikeToken(token)) {
    return Unauthenticated("no_session", "please sign in");
  }
  const std::string hash = HashToken(token);
  auto row = store_.FindSession(hash);
  if (row.status().code() == StatusCode::kNotFound) {
    return Unauthenticated("no_session", "please sign in");
  }
  MC_RETURN_IF_ERROR(row.status());
  const int64_t now = clock_.NowUnixMs();
  if (now - row->created_unix_ms >= options_.absolute_timeout_ms ||
      now - row->last_seen_unix_ms >= options_.idle_timeout_ms) {
    store_.DeleteSession(hash).IgnoreError();
    return Unauthenticated("session_expired",
                           "your session has expired; please sign in again");
  }
  Session session;
  session.token_hash = hash;
  session.guest_purpose = row->guest_purpose;
  session.csrf_token = CsrfTokenFor(token);
  session.created_unix_ms = row->created_unix_ms;
  if (row->user_id == 0) {
    session.user.role = std::string(kGuestRole);
    session.user.display_name = "Guest";
  } else {
    MC_ASSIGN_OR_RETURN(session.user, users_.FindUserById(row->user_id));
    if (session.user.disabled) {
      store_.DeleteSession(hash).IgnoreError();
      return Unauthenticated("account_disabled", "this account is disabled");
    }
  }
  if (now - row->last_seen_unix_ms >= kTouchIntervalMs) {
    MC_RETURN_IF_ERROR(store_.TouchSession(hash, now));
  }
  return session;
}

Status SessionManager::Revoke(const std::string& token) {
  if (!LooksLikeToken(token)) return Status();
  return store_.DeleteSession(HashToken(token));
}

Status SessionManager::RevokeAllOf(int64_t user_id) {
  MC_RETURN_IF_ERROR(store_.DeleteSessionsOfUser(user_id));
  if (revocation_listener_) revocation_listener_(user_id);
  return Status();
}

}  // namespace mc
