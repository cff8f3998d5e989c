// Janus credentials: the core token verifies the way Janus's auth.c does
// (HMAC-SHA1 over "<expiry>,janus,<plugin>", base64), and room tokens open
// one room for one member until they expire.
#include "media/janus_tokens.h"

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "absl/strings/escaping.h"
#include "core/crypto.h"

namespace mc::media {
namespace {

class JanusTokensTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(InitCrypto().ok()); }
  const std::string key_ = std::string(32, 'k');
};

TEST_F(JanusTokensTest, CoreTokenIsJanusSignedFormat) {
  const std::string token = MintJanusCoreToken("s3cret", 1700000000);
  const auto colon = token.find(':');
  ASSERT_NE(colon, std::string::npos);
  EXPECT_EQ(token.substr(0, colon), "1700000000,janus,janus.plugin.videoroom");
  // Janus's check: HMAC-SHA1 of the part before the colon, base64.
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  const std::string data = token.substr(0, colon);
  HMAC(EVP_sha1(), "s3cret", 6,
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), mac,
       &length);
  EXPECT_EQ(token.substr(colon + 1),
            absl::Base64Escape(absl::string_view(
                reinterpret_cast<const char*>(mac), length)));
  EXPECT_NE(MintJanusCoreToken("other", 1700000000), token);
}

TEST_F(JanusTokensTest, RoomTokenOpensItsRoomForItsMemberUntilExpiry) {
  const std::string token = MintRoomToken(key_, {42, "user:7", 1000});
  auto ticket = VerifyRoomToken(key_, token, 42, "user:7", 999);
  ASSERT_TRUE(ticket.ok()) << MessageOf(ticket.status());
  EXPECT_EQ(ticket->member, "user:7");
  EXPECT_TRUE(VerifyRoomToken(key_, token, 42, "user:7", 1000).ok());
  EXPECT_EQ(ErrorCode(VerifyRoomToken(key_, token, 42, "user:7", 1001).status()),
            "token_expired");
  EXPECT_EQ(ErrorCode(VerifyRoomToken(key_, token, 43, "user:7", 999).status()),
            "token_wrong_room");
  EXPECT_EQ(ErrorCode(VerifyRoomToken(key_, token, 42, "user:8", 999).status()),
            "token_wrong_member");
}

TEST_F(JanusTokensTest, AlteredOrForeignTokensAreInvalid) {
  const std::string token = MintRoomToken(key_, {42, "user:7", 1000});
  EXPECT_EQ(ErrorCode(VerifyRoomToken(std::string(32, 'x'), token, 42,
                                      "user:7", 999).status()),
            "token_invalid");
  // Moving the expiry forward breaks the signature.
  std::string later = token;
  later.replace(later.find(".1000."), 6, ".9000.");
  EXPECT_EQ(ErrorCode(VerifyRoomToken(key_, later, 42, "user:7", 999).status()),
            "token_invalid");
  for (const char* bad : {"", "mc1", "mc1.42.1000.zz.00", "mc2.42.1000.00.00",
                          "mc1.-1.1000.00.00", "mc1.42.1000.757365723a37"}) {
    EXPECT_EQ(ErrorCode(VerifyRoomToken(key_, bad, 42, "user:7", 999).status()),
              "token_invalid")
        << bad;
  }
}

}  // namespace
}  // namespace mc::media
