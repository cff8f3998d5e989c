#include "auth/sessions.h"

#include "auth/auth_fixture.h"

namespace mc {
namespace {

using SessionsTest = AuthFixture;

TEST_F(SessionsTest, TokenIsStoredOnlyAsHash) {
  UserRow user = AddUser("clin1", "clinician");
  auto token = sessions_->Create(user.id, "");
  ASSERT_TRUE(token.ok());
  EXPECT_EQ(token->size(), 64u);
  EXPECT_FALSE(store_->FindSession(*token).ok());
  EXPECT_TRUE(store_->FindSession(SessionManager::HashToken(*token)).ok());
}

TEST_F(SessionsTest, IdleTimeout) {
  UserRow user = AddUser("clin1", "clinician");
  std::string token = *sessions_->Create(user.id, "");
  clock_.AdvanceMs(29 * 60 * 1000);
  ASSERT_TRUE(sessions_->Resolve(token).ok());  // activity resets the idle timer
  clock_.AdvanceMs(29 * 60 * 1000);
  ASSERT_TRUE(sessions_->Resolve(token).ok());
  clock_.AdvanceMs(30 * 60 * 1000);
  EXPECT_EQ(ErrorCode(sessions_->Resolve(token).status()), "session_expired");
}

TEST_F(SessionsTest, AbsoluteTimeout) {
  UserRow user = AddUser("clin1", "clinician");
  std::string token = *sessions_->Create(user.id, "");
  int64_t active_ms = 0;
  Status status;
  while (status.ok() && active_ms < 13 * 60 * 60 * 1000) {
    clock_.AdvanceMs(29 * 60 * 1000);
    active_ms += 29 * 60 * 1000;
    status = sessions_->Resolve(token).status();
  }
  EXPECT_EQ(ErrorCode(status), "session_expired");
  EXPECT_GE(active_ms, 12 * 60 * 60 * 1000);
  EXPECT_EQ(ErrorCode(sessions_->Resolve(token).status()), "no_session");
}

TEST_F(SessionsTest, RevokeAndMalformedTokens) {
  UserRow user = AddUser("clin1", "clinician");
  std::string token = *sessions_->Create(user.id, "");
  EXPECT_EQ(sessions_->Resolve(token)->csrf_token, SessionManager::CsrfTokenFor(token));
  ASSERT_TRUE(sessions_->Revoke(token).ok());
  EXPECT_EQ(ErrorCode(sessions_->Resolve(token).status()), "no_session");
  EXPECT_EQ(ErrorCode(sessions_->Resolve("short").status()), "no_session");
  EXPECT_EQ(ErrorCode(sessions_->Resolve(std::string(64, 'Z')).status()), "no_session");
}

}  // namespace
}  // namespace mc
