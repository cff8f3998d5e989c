// Password hashing and the rules a new password must meet.
//
// Hashes are Argon2id (libsodium crypto_pwhash_str, 19 MiB, 2 passes), which
// takes tens of milliseconds by design: call from worker threads only.
// Rules follow NIST SP 800-63B: 8 to 128 characters, not on the list of
// common passwords, no composition rules.
#pragma once

#include <string>
#include <string_view>
#include <unordered_set>

#include "core/status.h"

namespace mc {

class PasswordPolicy {
 public:
  // Loads the common-password list (one per line, '#' comments) from `path`.
  // NotFound ("password_list_missing") when it cannot be read.
  static StatusOr<PasswordPolicy> Load(const std::string& path);
  // A policy with an explicit list, for tests.
  explicit PasswordPolicy(std::unordered_set<std::string> common)
      : common_(std::move(common)) {}

  // Ok, or InvalidArgument with code "password_too_short",
  // "password_too_long" or "password_too_common".
  Status Check(std::string_view password) const;

 private:
  std::unordered_set<std::string> common_;  // lower-case
};

// Argon2id hash string of `password`. Internal error only when out of memory.
StatusOr<std::string> HashPassword(std::string_view password);

// True when `password` matches `hash`. Runs the full cost even on mismatch.
bool VerifyPassword(const std::string& hash, std::string_view password);

// A random password for an administrator to hand over once (a new account,
// a reset): four groups of five characters from an alphabet without
// look-alikes ("abcd2-efgh3-..."), about 100 bits; it passes every policy.
std::string GenerateOneTimePassword();

// Spends the same time as a verification, for unknown logins (so that timing
// does not reveal which logins exist).
void BurnPasswordVerification(std::string_view password);

}  // namespace mc
