#include "core/crypto.h"

#include <gtest/gtest.h>

namespace mc {
namespace {

TEST(CryptoTest, HexRoundTrip) {
  ASSERT_TRUE(InitCrypto().ok());
  const std::string bytes = RandomBytes(16);
  EXPECT_EQ(RandomHex(16).size(), 32u);
  EXPECT_EQ(*HexDecode(HexEncode(bytes)), bytes);
  EXPECT_EQ(ErrorCode(HexDecode("abc").status()), "bad_hex");
  EXPECT_EQ(ErrorCode(HexDecode("zz").status()), "bad_hex");
}

TEST(CryptoTest, KeyedHashDiffersFromUnkeyed) {
  ASSERT_TRUE(InitCrypto().ok());
  EXPECT_EQ(Blake2bHex("a").size(), 64u);
  EXPECT_NE(Blake2bHex("a"), Blake2bHex("a", "key"));
  EXPECT_EQ(Blake2bHex("a", "key"), Blake2bHex("a", "key"));
}

TEST(CryptoTest, SecretsEqual) {
  EXPECT_TRUE(SecretsEqual("abc", "abc"));
  EXPECT_FALSE(SecretsEqual("abc", "abd"));
  EXPECT_FALSE(SecretsEqual("abc", "ab"));
}

}  // namespace
}  // namespace mc
