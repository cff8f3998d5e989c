#include "auth/accounts.h"

#include <algorithm>

#include "core/crypto.h"
#include "core/roles.h"

namespace mc {
namespace {

constexpr int64_t kHourMs = 60 * 60 * 1000;

// Invisible characters that let one name pose as another on screen:
// zero-width (U+200B-U+200F, U+2060, U+FEFF) and bidirectional overrides
// and isolates (U+202A-U+202E, U+2066-U+2069), as UTF-8.
bool HasInvisibleFormatting(const std::string& name) {
  for (size_t at = 0; at + 2 < name.size(); ++at) {
    const auto byte = [&](size_t offset) { return static_cast<unsigned char>(name[at + offset]); };
    if (byte(0) == 0xEF && byte(1) == 0xBB && byte(2) == 0xBF) return true;
    if (byte(0) != 0xE2) continue;
    if (byte(1) == 0x80 && ((byte(2) >= 0x8B && byte(2) <= 0x8F) ||
                            (byte(2) >= 0xAA && byte(2) <= 0xAE))) {
      return true;
    }
    if (byte(1) == 0x81 && (byte(2) == 0xA0 || (byte(2) >= 0xA6 && byte(2) <= 0xA9))) {
      return true;
    }
  }
  return false;
}

Status ValidateDisplayName(const std::string& name) {
  const bool has_control = std::any_of(name.begin(), name.end(), [](char c) {
    return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
  });
  if (name.empty() || name.size() > 100 || has_control || HasInvisibleFormatting(name)) {
    return InvalidArgument("invalid_name",
                           "the name must be 1 to 100 printable characters");
  }
  return Status();
}

Actor ActorFor(const UserRow& user, const std::string& request_id) {
  return Actor{user.id, user.role, user.patient_pseudonym, request_id};
}

}  // namespace

Accounts::Accounts(UserStore& store, AuditLog& audit, Vault& vault,
                   SessionManager& sessions, PasswordPolicy policy,
                   const Clock& clock, AccountOptions options)
    : store_(store),
      audit_(audit),
      vault_(vault),
      sessions_(sessions),
      policy_(std::move(policy)),
      clock_(clock),
      options_(options),
      address_throttle_(options.address_throttle) {
  if (options_.login_key.empty()) options_.login_key = RandomBytes(32);
}

std::string Accounts::LoginKey(const std::string& normalized_login) const {
  return Blake2bHex("login-throttle\x1f" + normalized_login, options_.login_key);
}

StatusOr<std::string> Accounts::NormalizeLogin(const std::string& login) {
  std::string lower = login;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  const bool valid_characters =
      lower.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789._-@") ==
      std::string::npos;
  if (lower.size() < 3 || lower.size() > 64 || !valid_characters) {
    return InvalidArgument(
        "invalid_login",
        "a login is 3 to 64 characters: letters, digits, '.', '_', '-', '@'");
  }
  return lower;
}

Status Accounts::RequireAdmin(const Actor& actor, const std::string& action) {
  if (actor.role == "admin" || actor.role == "system") return Status();
  MC_RETURN_IF_ERROR(audit_.Record(actor, {action, "User", "", AuditOutcome::kDenied}));
  return PermissionDenied("admin_only", "only an administrator may do this");
}

StatusOr<UserRow> Accounts::CreateUser(const Actor& actor, const NewUser& user) {
  MC_RETURN_IF_ERROR(RequireAdmin(actor, "user.create"));
  UserRow row;
  MC_ASSIGN_OR_RETURN(row.login, NormalizeLogin(user.login));
  MC_RETURN_IF_ERROR(ValidateDisplayName(user.display_name));
  if (!IsAccountRole(user.role)) {
    return InvalidArgument("invalid_role",
                           "role must be one of patient, clinician, nurse, "
                           "therapist, student, researcher, admin");
  }
  row.display_name = user.display_name;
  row.role = user.role;
  if (user.origin != PasswordOrigin::kInvitation) {
    MC_RETURN_IF_ERROR(policy_.Check(user.password));
    MC_ASSIGN_OR_RETURN(row.password_hash, HashPassword(user.password));
  }
  row.must_change_password = user.origin == PasswordOrigin::kOneTime;
  row.created_unix_ms = clock_.NowUnixMs();
  if (row.role == "patient") {
    MC_ASSIGN_OR_RETURN(row.patient_pseudonym, vault_.CreateSubject(actor));
  }
  MC_ASSIGN_OR_RETURN(row.id, store_.CreateUser(row));
  MC_RETURN_IF_ERROR(audit_.Record(
      actor, {"user.create", "User/" + std::to_string(row.id), "",
              AuditOutcome::kSuccess}));
  return row;
}

StatusOr<std::vector<UserRow>> Accounts::ListUsers(const Actor& actor) {
  MC_RETURN_IF_ERROR(RequireAdmin(actor, "user.list"));
  return store_.ListUsers();
}

StatusOr<UserRow> Accounts::FindByLogin(const Actor& actor,
                                        const std::string& login) {
  MC_RETURN_IF_ERROR(RequireAdmin(actor, "user.read"));
  MC_ASSIGN_OR_RETURN(std::string normalized, NormalizeLogin(login));
  return store_.FindUserByLogin(normalized);
}

StatusOr<UserRow> Accounts::UpdateUser(const Actor& actor, int64_t user_id,
                                       const std::string* role,
                                       const bool* disabled) {
  MC_RETURN_IF_ERROR(RequireAdmin(actor, "user.update"));
  MC_ASSIGN_OR_RETURN(UserRow user, store_.FindUserById(user_id));
  // An administrator who demotes or disables themself may leave nobody who
  // can undo it; another administrator has to.
  if (user.id == actor.user_id && ((role != nullptr && *role != user.role) ||
                                   (disabled != nullptr && *disabled))) {
    return InvalidArgument("cannot_change_self",
                           "you cannot change your own role or disable yourself; ask "
                           "another administrator");
  }
  if (role != nullptr) {
    if (!IsAccountRole(*role)) {
      return InvalidArgument("invalid_role", "unknown role");
    }
    if ((*role == "patient") != (user.role == "patient")) {
      return InvalidArgument("role_change_not_allowed",
                             "a patient account cannot become staff or the "
                             "reverse; create a new account");
    }
    user.role = *role;
  }
  if (disabled != nullptr) user.disabled = *disabled;
  MC_RETURN_IF_ERROR(store_.UpdateUser(user));
  if (user.disabled) MC_RETURN_IF_ERROR(sessions_.RevokeAllOf(user.id));
  MC_RETURN_IF_ERROR(audit_.Record(
      actor, {"user.update", "User/" + std::to_string(user.id), "",
              AuditOutcome::kSuccess}));
  return user;
}

Status Accounts::ResetPassword(const Actor& actor, int64_t user_id,
                               const std::string& password, PasswordOrigin origin) {
  MC_RETURN_IF_ERROR(RequireAdmin(actor, "user.password_reset"));
  MC_ASSIGN_OR_RETURN(UserRow user, store_.FindUserById(user_id));
  MC_RETURN_IF_ERROR(policy_.Check(password));
  MC_ASSIGN_OR_RETURN(user.password_hash, HashPassword(password));
  user.must_change_password = origin == PasswordOrigin::kOneTime;
  MC_RETURN_IF_ERROR(store_.UpdateUser(user));
  MC_RETURN_IF_ERROR(sessions_.RevokeAllOf(user.id));
  return audit_.Record(actor, {"user.password_reset", "User/" + std::to_string(user.id), "",
                               AuditOutcome::kSuccess});
}

StatusOr<LoginResult> Accounts::Login(const std::string& login,
                                      const std::string& password,
                                      const std::string& address,
                                      const std::string& request_id,
                                      int64_t* retry_after_ms) {
  const int64_t now = clock_.NowUnixMs();
  const Actor anonymous{0, "anonymous", "", request_id};
  const Status invalid = Unauthenticated(
      "invalid_credentials", "the login or password is incorrect");
  const Status throttled = ResourceExhausted(
      "too_many_attempts", "too many failed sign-ins; try again later");

  const int64_t wait_ms = address_throttle_.RetryAfterMs(address, now);
  if (wait_ms > 0) {
    if (retry_after_ms) *retry_after_ms = wait_ms;
    MC_RETURN_IF_ERROR(audit_.Record(
        anonymous, {"login.throttled", "", "", AuditOutcome::kDenied}));
    logins_throttled_.fetch_add(1, std::memory_order_relaxed);
    return throttled;
  }
  auto normalized = NormalizeLogin(login);
  if (!normalized.ok() || password.size() > 512) {
    BurnPasswordVerification(password);
    address_throttle_.RecordFailure(address, now);
    MC_RETURN_IF_ERROR(audit_.Record(
        anonymous, {"login.failed", "", "", AuditOutcome::kFailure}));
    login_failures_.fetch_add(1, std::memory_order_relaxed);
    return invalid;
  }
  MC_ASSIGN_OR_RETURN(int64_t failures,
                      store_.CountLoginFailures(LoginKey(*normalized), now - kHourMs));
  auto user = store_.FindUserByLogin(*normalized);
  if (user.status().code() != StatusCode::kNotFound) {
    MC_RETURN_IF_ERROR(user.status());
  }
  const Actor actor = user.ok() ? ActorFor(*user, request_id) : anonymous;
  // Over the account's limit, only addresses that have failed lately are
  // refused: the owner, signing in from a clean address, is not locked out
  // by someone else's guessing (each such attempt still counts for its
  // address). The refusals are audited for the account.
  if (failures >= options_.max_failures_per_hour &&
      address_throttle_.Failures(address, now) > 0) {
    if (retry_after_ms) *retry_after_ms = kHourMs;
    MC_RETURN_IF_ERROR(audit_.Record(
        actor, {"login.throttled", "", "", AuditOutcome::kDenied}));
    logins_throttled_.fetch_add(1, std::memory_order_relaxed);
    return throttled;
  }
  bool matched = false;
  if (user.ok() && !user->password_hash.empty()) {
    matched = VerifyPassword(user->password_hash, password) && !user->disabled;
  } else {
    BurnPasswordVerification(password);
  }
  if (!matched) {
    MC_RETURN_IF_ERROR(store_.RecordLoginFailure(LoginKey(*normalized), now, now - kHourMs));
    address_throttle_.RecordFailure(address, now);
    MC_RETURN_IF_ERROR(audit_.Record(
        actor, {"login.failed", "", "", AuditOutcome::kFailure}));
    login_failures_.fetch_add(1, std::memory_order_relaxed);
    return invalid;
  }
  MC_RETURN_IF_ERROR(store_.RecordUserLogin(user->id, now));
  LoginResult result;
  result.user = *user;
  result.user.last_login_unix_ms = now;
  MC_ASSIGN_OR_RETURN(result.token, sessions_.Create(user->id, ""));
  result.csrf_token = SessionManager::CsrfTokenFor(result.token);
  MC_RETURN_IF_ERROR(audit_.Record(
      actor, {"login", "User/" + std::to_string(user->id), "",
              AuditOutcome::kSuccess}));
  return result;
}

StatusOr<LoginResult> Accounts::ChangeOwnPassword(const Session& session,
                                                  const std::string& current_password,
                                                  const std::string& new_password,
                                                  const std::string& request_id) {
  MC_ASSIGN_OR_RETURN(UserRow user, store_.FindUserById(session.user.id));
  const Actor actor = ActorFor(user, request_id);
  const int64_t now = clock_.NowUnixMs();
  const std::string key = LoginKey(user.login);
  MC_ASSIGN_OR_RETURN(int64_t failures, store_.CountLoginFailures(key, now - kHourMs));
  if (failures >= options_.max_failures_per_hour) {
    MC_RETURN_IF_ERROR(audit_.Record(actor, {"user.password_change", "User/" + std::to_string(user.id),
                                             "", AuditOutcome::kDenied}));
    return ResourceExhausted("too_many_attempts", "too many wrong passwords; try again later");
  }
  if (current_password.size() > 512 || !VerifyPassword(user.password_hash, current_password)) {
    MC_RETURN_IF_ERROR(store_.RecordLoginFailure(key, now, now - kHourMs));
    MC_RETURN_IF_ERROR(audit_.Record(actor, {"user.password_change", "User/" + std::to_string(user.id),
                                             "", AuditOutcome::kFailure}));
    return InvalidArgument("wrong_password", "the current password is not right");
  }
  if (new_password == current_password) {
    return InvalidArgument("password_unchanged", "choose a password different from the current one");
  }
  MC_RETURN_IF_ERROR(policy_.Check(new_password));
  MC_ASSIGN_OR_RETURN(user.password_hash, HashPassword(new_password));
  user.must_change_password = false;
  MC_RETURN_IF_ERROR(store_.UpdateUser(user));
  MC_RETURN_IF_ERROR(sessions_.RevokeAllOf(user.id));
  LoginResult result;
  result.user = user;
  MC_ASSIGN_OR_RETURN(result.token, sessions_.Create(user.id, ""));
  result.csrf_token = SessionManager::CsrfTokenFor(result.token);
  MC_RETURN_IF_ERROR(audit_.Record(actor, {"user.password_change",
                                           "User/" + std::to_string(user.id), "",
                                           AuditOutcome::kSuccess}));
  return result;
}

Status Accounts::Logout(const Session& session, const std::string& token,
                        const std::string& request_id) {
  MC_RETURN_IF_ERROR(sessions_.Revoke(token));
  return audit_.Record(
      ActorFor(session.user, request_id),
      {"logout", "User/" + std::to_string(session.user.id), "",
       AuditOutcome::kSuccess});
}

}  // namespace mc
