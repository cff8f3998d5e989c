#include "auth/invitations.h"

#include <algorithm>

#include "core/crypto.h"
#include "core/roles.h"

namespace mc {

namespace {

constexpr int64_t kHourMs = 60 * 60 * 1000;
constexpr int64_t kMaxInvitationHours = 14 * 24;

bool WellFormed(const std::string& token) {
  return token.size() == 64 &&
         std::all_of(token.begin(), token.end(),
                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

}  // namespace

Invitations::Invitations(UserStore& store, AuditLog& audit, const PasswordPolicy& policy,
                         const Clock& clock)
    : store_(store), audit_(audit), policy_(policy), clock_(clock) {}

std::string Invitations::HashToken(const std::string& token) {
  return Blake2bHex("metaclinic-invitation:" + token);
}

StatusOr<IssuedInvitation> Invitations::Issue(const Actor& actor, int64_t user_id,
                                              int64_t lifetime_hours) {
  if (actor.role != RoleName(Role::kSystem) && !Can(actor.role, Capability::kManageUsers)) {
    MC_RETURN_IF_ERROR(audit_.Record(actor, {"user.invite", "User", "", AuditOutcome::kDenied}));
    return PermissionDenied("admin_only", "only an administrator may do this");
  }
  if (lifetime_hours < 1 || lifetime_hours > kMaxInvitationHours) {
    return InvalidArgument("invalid_lifetime", "an invitation lives from 1 hour to 14 days");
  }
  MC_ASSIGN_OR_RETURN(UserRow user, store_.FindUserById(user_id));
  if (!user.password_hash.empty()) {
    return FailedPrecondition("invitation_not_needed",
                              "this account already has a password; reset it instead");
  }
  const int64_t now = clock_.NowUnixMs();
  IssuedInvitation issued{RandomHex(32), now + lifetime_hours * kHourMs};
  MC_RETURN_IF_ERROR(store_.CreateInvitation(
      InvitationRow{HashToken(issued.token), user.id, actor.user_id, now, issued.expires_unix_ms, 0}));
  MC_RETURN_IF_ERROR(audit_.Record(
      actor, {"user.invite", "User/" + std::to_string(user.id), "", AuditOutcome::kSuccess}));
  return issued;
}

StatusOr<std::pair<InvitationRow, UserRow>> Invitations::Usable(const std::string& token) {
  if (!WellFormed(token)) return NotFound("invitation_invalid", "this invitation link is not valid");
  MC_ASSIGN_OR_RETURN(InvitationRow row, store_.FindInvitation(HashToken(token)));
  if (row.used_unix_ms != 0) {
    return FailedPrecondition("invitation_used", "this invitation link was already used");
  }
  if (clock_.NowUnixMs() >= row.expires_unix_ms) {
    return FailedPrecondition("invitation_expired", "this invitation link has expired");
  }
  MC_ASSIGN_OR_RETURN(UserRow user, store_.FindUserById(row.user_id));
  // A disabled account, or one that got a password another way meanwhile
  // (a reset), is no longer the invitation's to set.
  if (user.disabled || !user.password_hash.empty()) {
    return NotFound("invitation_invalid", "this invitation link is not valid");
  }
  return std::make_pair(std::move(row), std::move(user));
}

StatusOr<PendingInvitation> Invitations::Find(const std::string& token) {
  MC_ASSIGN_OR_RETURN(auto usable, Usable(token));
  const auto& [row, user] = usable;
  return PendingInvitation{user.login, user.display_name, row.expires_unix_ms};
}

StatusOr<UserRow> Invitations::Accept(const std::string& token, const std::string& password,
                                      const std::string& request_id) {
  auto usable = Usable(token);
  if (!usable.ok()) {
    MC_RETURN_IF_ERROR(audit_.Record(Actor{0, "anonymous", "", request_id},
                                     {"user.invitation_accept", "", "", AuditOutcome::kDenied}));
    return usable.status();
  }
  auto& [row, user] = *usable;
  MC_RETURN_IF_ERROR(policy_.Check(password));
  MC_ASSIGN_OR_RETURN(std::string hash, HashPassword(password));
  MC_RETURN_IF_ERROR(store_.AcceptInvitation(row.token_hash, hash, clock_.NowUnixMs()));
  MC_RETURN_IF_ERROR(audit_.Record(
      Actor{user.id, user.role, user.patient_pseudonym, request_id},
      {"user.invitation_accept", "User/" + std::to_string(user.id), "", AuditOutcome::kSuccess}));
  user.password_hash = hash;
  user.must_change_password = false;
  return user;
}

}  // namespace mc
