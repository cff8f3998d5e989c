// Invitations: a one-time, expiring link with which a person an
// administrator invited chooses their own password (docs/api.md "Users").
//
// An invited account has no password (nobody can sign in to it) until the
// link is used. The link carries a 256-bit random token, stored only as a
// keyed hash, never logged (it travels in the URL's fragment and in request
// bodies, not in paths). Issuing a new link for an account retires its
// older ones. A link works once and for `lifetime_hours` (1 to 336).
//
// Audit: "user.invite" (issue; resource User/<id>), "user.invitation_accept"
// (the invited person, success or refused), "user.invite" denied for
// someone without `manage_users`.
//
// Threading: thread-safe; methods block (the store; Accept runs Argon2id).
#pragma once

#include <cstdint>
#include <string>

#include "auth/passwords.h"
#include "core/clock.h"
#include "core/status.h"
#include "records/audit_log.h"
#include "store/user_store.h"

namespace mc {

struct IssuedInvitation {
  std::string token;  // 64 hex characters; shown once
  int64_t expires_unix_ms = 0;
};

// What the invitation page shows before the password is chosen.
struct PendingInvitation {
  std::string login;
  std::string display_name;
  int64_t expires_unix_ms = 0;
};

inline constexpr int64_t kDefaultInvitationHours = 72;

class Invitations {
 public:
  // Everything handed in must outlive this object.
  Invitations(UserStore& store, AuditLog& audit, const PasswordPolicy& policy, const Clock& clock);

  // A new link for `user_id`, an account that has no password yet.
  // PermissionDenied "admin_only"; NotFound "user_not_found";
  // FailedPrecondition "invitation_not_needed" (the account has a
  // password); InvalidArgument "invalid_lifetime".
  StatusOr<IssuedInvitation> Issue(const Actor& actor, int64_t user_id, int64_t lifetime_hours);

  // The invitation of `token`. NotFound "invitation_invalid" (unknown or
  // malformed), FailedPrecondition "invitation_used", "invitation_expired".
  StatusOr<PendingInvitation> Find(const std::string& token);

  // Sets the invited person's password and uses the link up; returns the
  // account. The errors of Find, the password policy's codes
  // (InvalidArgument "password_too_short", ...), and "invitation_used" when
  // it was used meanwhile.
  StatusOr<UserRow> Accept(const std::string& token, const std::string& password,
                           const std::string& request_id);

  static std::string HashToken(const std::string& token);

 private:
  // The row and its account, when the link may still be used.
  StatusOr<std::pair<InvitationRow, UserRow>> Usable(const std::string& token);

  UserStore& store_;
  AuditLog& audit_;
  const PasswordPolicy& policy_;
  const Clock& clock_;
};

}  // namespace mc
