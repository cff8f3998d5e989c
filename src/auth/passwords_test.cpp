#include "auth/passwords.h"

#include <gtest/gtest.h>

#include "core/crypto.h"
#include "core/paths.h"

namespace mc {
namespace {

TEST(PasswordsTest, HashesWithArgon2idAndVerifies) {
  ASSERT_TRUE(InitCrypto().ok());
  auto hash = HashPassword("a long passphrase");
  ASSERT_TRUE(hash.ok());
  EXPECT_EQ(hash->rfind("$argon2id$", 0), 0u);
  EXPECT_NE(hash->find("m=19456,t=2"), std::string::npos);
  EXPECT_TRUE(VerifyPassword(*hash, "a long passphrase"));
  EXPECT_FALSE(VerifyPassword(*hash, "a long passphrasE"));
}

TEST(PasswordsTest, PolicyLengthsCountCharactersNotBytes) {
  PasswordPolicy policy({});
  EXPECT_EQ(ErrorCode(policy.Check("1234567")), "password_too_short");
  EXPECT_TRUE(policy.Check("12345678").ok());
  EXPECT_EQ(ErrorCode(policy.Check("ééééééé")), "password_too_short");
  EXPECT_TRUE(policy.Check(std::string(128, 'x')).ok());
  EXPECT_EQ(ErrorCode(policy.Check(std::string(129, 'x'))), "password_too_long");
}

TEST(PasswordsTest, ShippedCommonListIsUsed) {
  auto policy = PasswordPolicy::Load(ShareDir() + "/common-passwords.txt");
  ASSERT_TRUE(policy.ok()) << policy.status();
  EXPECT_EQ(ErrorCode(policy->Check("password")), "password_too_common");
  EXPECT_EQ(ErrorCode(policy->Check("Baseball")), "password_too_common");
  EXPECT_TRUE(policy->Check("purple otter galaxy").ok());
  EXPECT_EQ(ErrorCode(PasswordPolicy::Load("/nonexistent").status()),
            "password_list_missing");
}

}  // namespace
}  // namespace mc
