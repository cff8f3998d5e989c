#include "auth/passwords.h"

#include <sodium.h>

#include <algorithm>
#include <fstream>

namespace mc {
namespace {

constexpr unsigned long long kOpsLimit = 2;
constexpr size_t kMemLimitBytes = 19 * 1024 * 1024;

// Counts UTF-8 code points (continuation bytes are not counted).
size_t CharacterCount(std::string_view text) {
  return std::count_if(text.begin(), text.end(), [](char byte) {
    return (static_cast<unsigned char>(byte) & 0xC0) != 0x80;
  });
}

std::string Lower(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return lower;
}

}  // namespace

StatusOr<PasswordPolicy> PasswordPolicy::Load(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    return NotFound("password_list_missing",
                    "cannot read the common-password list at " + path);
  }
  std::unordered_set<std::string> common;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    common.insert(Lower(line));
  }
  return PasswordPolicy(std::move(common));
}

Status PasswordPolicy::Check(std::string_view password) const {
  const size_t characters = CharacterCount(password);
  if (characters < 8) {
    return InvalidArgument("password_too_short",
                           "the password must have at least 8 characters");
  }
  if (characters > 128 || password.size() > 512) {
    return InvalidArgument("password_too_long",
                           "the password must have at most 128 characters");
  }
  if (common_.count(Lower(password))) {
    return InvalidArgument("password_too_common",
                           "this password is too common; choose another");
  }
  return Status();
}

StatusOr<std::string> HashPassword(std::string_view password) {
  char hash[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(hash, password.data(), password.size(), kOpsLimit,
                            kMemLimitBytes, crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return Internal("password_hash", "out of memory while hashing a password");
  }
  return std::string(hash);
}

bool VerifyPassword(const std::string& hash, std::string_view password) {
  return crypto_pwhash_str_verify(hash.c_str(), password.data(),
                                  password.size()) == 0;
}

void BurnPasswordVerification(std::string_view password) {
  static const std::string dummy = *HashPassword("metaclinic-dummy-password");
  VerifyPassword(dummy, password);
}

std::string GenerateOneTimePassword() {
  static constexpr std::string_view kAlphabet = "abcdefghjkmnpqrstuvwxyz23456789";
  std::string password;
  for (int index = 0; index < 20; ++index) {
    if (index > 0 && index % 5 == 0) password += '-';
    password += kAlphabet[randombytes_uniform(static_cast<uint32_t>(kAlphabet.size()))];
  }
  return password;
}

}  // namespace mc
