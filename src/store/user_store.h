// UserStore: accounts and the login throttle (the auth module's tables).
// Part of the Store (store.h); see there for threading and the backends.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"

namespace mc {

struct UserRow {
  int64_t id = 0;
  std::string login;  // stored lower-case; unique
  std::string display_name;
  std::string role;  // one of core/roles.h
  std::string password_hash;  // libsodium crypto_pwhash_str output
  bool disabled = false;
  std::string patient_pseudonym;  // empty unless role is patient
  int64_t created_unix_ms = 0;
  int64_t last_login_unix_ms = 0;  // the last successful sign-in; 0 = never
  // Set by a one-time password: every call but changing it is refused
  // until the person chooses their own (auth/accounts.h).
  bool must_change_password = false;
};

// An invitation to set one's password (auth/invitations.h). Only a hash of
// the token is stored.
struct InvitationRow {
  std::string token_hash;
  int64_t user_id = 0;
  int64_t created_by_user_id = 0;
  int64_t created_unix_ms = 0;
  int64_t expires_unix_ms = 0;
  int64_t used_unix_ms = 0;  // 0 until used
};

class UserStore {
 public:
  virtual ~UserStore() = default;

  // Inserts `user` (id ignored) and returns its id. AlreadyExists
  // ("login_taken") when the login is in use.
  virtual StatusOr<int64_t> CreateUser(const UserRow& user) = 0;
  // NotFound ("user_not_found") when absent.
  virtual StatusOr<UserRow> FindUserByLogin(const std::string& login) = 0;
  virtual StatusOr<UserRow> FindUserById(int64_t id) = 0;
  // The patient account whose record is `pseudonym`; NotFound
  // ("user_not_found") for a record without an account.
  virtual StatusOr<UserRow> FindUserByPseudonym(const std::string& pseudonym) = 0;
  virtual StatusOr<std::vector<UserRow>> ListUsers() = 0;
  // Replaces role, display name, disabled flag, password hash and
  // must_change_password of user.id.
  virtual Status UpdateUser(const UserRow& user) = 0;
  // Sets the last successful sign-in of `user_id` (nothing else changes).
  // NotFound ("user_not_found") when absent.
  virtual Status RecordUserLogin(int64_t user_id, int64_t unix_ms) = 0;

  // Invitations. CreateInvitation first marks every unused invitation of
  // row.user_id used (a new link replaces the old one).
  virtual Status CreateInvitation(const InvitationRow& row) = 0;
  // NotFound ("invitation_invalid") when no invitation has this hash.
  virtual StatusOr<InvitationRow> FindInvitation(const std::string& token_hash) = 0;
  // Sets the password hash of the invitation's user, clears
  // must_change_password and marks the invitation used, in one transaction;
  // FailedPrecondition ("invitation_used") when it was used meanwhile.
  virtual Status AcceptInvitation(const std::string& token_hash, const std::string& password_hash,
                                  int64_t unix_ms) = 0;

  // Login throttling. Failures are kept under `login_key`, a keyed hash of
  // the attempted login (never the login as typed: a password typed into
  // the login field must not be stored), and only for the throttle window:
  // recording one deletes every failure older than `prune_before_unix_ms`.
  virtual Status RecordLoginFailure(const std::string& login_key, int64_t unix_ms,
                                    int64_t prune_before_unix_ms) = 0;
  // Failures under `login_key` at or after `since_unix_ms`.
  virtual StatusOr<int64_t> CountLoginFailures(const std::string& login_key,
                                               int64_t since_unix_ms) = 0;
};

}  // namespace mc
