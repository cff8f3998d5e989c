// Accounts: users, sign-in and sign-out, and the admin operations on users.
//
// Sign-in is throttled twice: at most `max_failures_per_hour` failed logins
// per account (counted in the store, so it survives restarts; further
// attempts get ResourceExhausted "too_many_attempts" even with the right
// password), and a per-address backoff (AddressThrottle). Unknown login,
// wrong password and disabled account all get the same message. Every
// sign-in, failure, refusal and sign-out appends one audit record.
//
// Threading: thread-safe; methods block (Argon2id, the store).
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "auth/address_throttle.h"
#include "auth/passwords.h"
#include "auth/sessions.h"
#include "core/clock.h"
#include "core/status.h"
#include "records/audit_log.h"
#include "records/vault.h"
#include "store/user_store.h"

namespace mc {

struct AccountOptions {
  int64_t max_failures_per_hour = 100;
  // Keys the hash under which failed logins are counted (the attempted
  // login is never stored as typed); "" picks a random key per process.
  std::string login_key;
  AddressThrottleOptions address_throttle;
};

// Where an account's password comes from. kOneTime (made by the server,
// handed over by an administrator) must be replaced by the person at their
// first sign-in; kInvitation leaves the account without a password until
// the invited person chooses one (auth/invitations.h).
enum class PasswordOrigin { kChosen, kOneTime, kInvitation };

struct NewUser {
  std::string login;
  std::string display_name;
  std::string role;
  std::string password;  // ignored for kInvitation
  PasswordOrigin origin = PasswordOrigin::kChosen;
};

struct LoginResult {
  UserRow user;
  std::string token;  // session secret, for the cookie
  std::string csrf_token;
};

class Accounts {
 public:
  Accounts(UserStore& store, AuditLog& audit, Vault& vault, SessionManager& sessions,
           PasswordPolicy policy, const Clock& clock, AccountOptions options);

  // Validates and creates a user; patients also get a vault subject.
  // InvalidArgument ("invalid_login", "invalid_name", "invalid_role",
  // password codes), AlreadyExists ("login_taken"), PermissionDenied when
  // `actor` is not an admin (or the system).
  StatusOr<UserRow> CreateUser(const Actor& actor, const NewUser& user);

  StatusOr<std::vector<UserRow>> ListUsers(const Actor& actor);

  // Changes role and/or disabled flag; disabling revokes all sessions.
  // InvalidArgument ("invalid_role", "role_change_not_allowed" between
  // patient and staff, "cannot_change_self" for an admin's own role or
  // disabling), NotFound ("user_not_found").
  StatusOr<UserRow> UpdateUser(const Actor& actor, int64_t user_id,
                               const std::string* role, const bool* disabled);

  // Sets a new password for `user_id` (an administrator's reset), ends
  // every session of the account and audits "user.password_reset". A
  // kOneTime password must be changed at the next sign-in.
  // PermissionDenied ("admin_only"), NotFound ("user_not_found"),
  // InvalidArgument (password codes).
  Status ResetPassword(const Actor& actor, int64_t user_id, const std::string& password,
                       PasswordOrigin origin);

  // The signed-in person replaces their own password (and so clears
  // must_change_password), giving the current one. Every session of the
  // account ends (whoever else knew the old password is signed out) and a
  // new one is returned for the caller. Audited as
  // "user.password_change". InvalidArgument ("wrong_password"; counted as a
  // failed sign-in of the account, so guessing is throttled:
  // ResourceExhausted "too_many_attempts"), InvalidArgument (password codes,
  // "password_unchanged").
  StatusOr<LoginResult> ChangeOwnPassword(const Session& session,
                                          const std::string& current_password,
                                          const std::string& new_password,
                                          const std::string& request_id);

  // Looks the user up by login (admin or system only).
  StatusOr<UserRow> FindByLogin(const Actor& actor, const std::string& login);

  // Signs in. Unauthenticated ("invalid_credentials") for any mismatch;
  // ResourceExhausted ("too_many_attempts") when throttled, with the wait in
  // `retry_after_ms` when known.
  StatusOr<LoginResult> Login(const std::string& login,
                              const std::string& password,
                              const std::string& address,
                              const std::string& request_id,
                              int64_t* retry_after_ms);

  // Ends the session of `token` and audits it.
  Status Logout(const Session& session, const std::string& token,
                const std::string& request_id);

  // Sign-ins refused for a wrong login or password, and those refused by
  // the throttle, since start (GET /metrics). Thread-safe.
  uint64_t login_failures() const { return login_failures_.load(std::memory_order_relaxed); }
  uint64_t logins_throttled() const { return logins_throttled_.load(std::memory_order_relaxed); }

  // The rules every new password meets (invitations use them too).
  const PasswordPolicy& policy() const { return policy_; }

  // Lower-cases and validates a login: 3-64 of [a-z0-9._-@].
  static StatusOr<std::string> NormalizeLogin(const std::string& login);

 private:
  Status RequireAdmin(const Actor& actor, const std::string& action);

  // The throttle's key for `normalized_login`.
  std::string LoginKey(const std::string& normalized_login) const;

  UserStore& store_;
  AuditLog& audit_;
  Vault& vault_;
  SessionManager& sessions_;
  PasswordPolicy policy_;
  const Clock& clock_;
  AccountOptions options_;
  AddressThrottle address_throttle_;
  std::atomic<uint64_t> login_failures_{0};
  std::atomic<uint64_t> logins_throttled_{0};
};

}  // namespace mc
