#include "auth/invitations.h"

#include "auth/auth_fixture.h"

namespace mc {
namespace {

class InvitationsTest : public AuthFixture {
 protected:
  void SetUp() override {
    AuthFixture::SetUp();
    admin_ = AddUser("boss", "admin");
    invitations_ = std::make_unique<Invitations>(*store_, *audit_, accounts_->policy(), clock_);
  }

  UserRow Invited(const std::string& login) {
    auto user = accounts_->CreateUser(ByAdmin(), {login, "Invited Person", "nurse", "",
                                                  PasswordOrigin::kInvitation});
    EXPECT_TRUE(user.ok()) << user.status();
    return user.ok() ? *user : UserRow{};
  }

  Actor ByAdmin() const { return Actor{admin_.id, "admin", "", "req"}; }

  size_t AuditCount(const std::string& action, const std::string& outcome) {
    return store_->SearchAudit({.action = action, .outcome = outcome})->size();
  }

  UserRow admin_;
  std::unique_ptr<Invitations> invitations_;
};

TEST_F(InvitationsTest, TheInvitedPersonChoosesTheirPasswordOnceBeforeItExpires) {
  UserRow user = Invited("nurse2");
  EXPECT_TRUE(user.password_hash.empty());
  // Nobody signs in to an invited account before the link is used.
  EXPECT_EQ(ErrorCode(accounts_->Login("nurse2", "", "a", "r", nullptr).status()), "invalid_credentials");
  auto issued = invitations_->Issue(ByAdmin(), user.id, 72);
  ASSERT_TRUE(issued.ok()) << issued.status();
  EXPECT_EQ(issued->token.size(), 64u);
  EXPECT_EQ(issued->expires_unix_ms, clock_.NowUnixMs() + 72 * 3600 * 1000);
  // Only the hash is stored.
  EXPECT_EQ(ErrorCode(store_->FindInvitation(issued->token).status()), "invitation_invalid");
  ASSERT_TRUE(store_->FindInvitation(Invitations::HashToken(issued->token)).ok());

  auto pending = invitations_->Find(issued->token);
  ASSERT_TRUE(pending.ok());
  EXPECT_EQ(pending->login, "nurse2");
  EXPECT_EQ(ErrorCode(invitations_->Accept(issued->token, "short", "r").status()), "password_too_short");
  auto accepted = invitations_->Accept(issued->token, "a fine new password", "r");
  ASSERT_TRUE(accepted.ok()) << accepted.status();
  EXPECT_TRUE(accounts_->Login("nurse2", "a fine new password", "a", "r", nullptr).ok());
  EXPECT_EQ(ErrorCode(invitations_->Accept(issued->token, "another password!", "r").status()), "invitation_used");
  EXPECT_EQ(ErrorCode(invitations_->Find(issued->token).status()), "invitation_used");
  EXPECT_EQ(AuditCount("user.invite", "success"), 1u);
  EXPECT_EQ(AuditCount("user.invitation_accept", "success"), 1u);
  EXPECT_EQ(AuditCount("user.invitation_accept", "denied"), 1u);
  // The account has a password now: no new invitation.
  EXPECT_EQ(ErrorCode(invitations_->Issue(ByAdmin(), user.id, 72).status()), "invitation_not_needed");
}

TEST_F(InvitationsTest, ExpiredReplacedMalformedAndUnauthorisedLinksAreRefused) {
  UserRow user = Invited("nurse3");
  auto first = invitations_->Issue(ByAdmin(), user.id, 1);
  auto second = invitations_->Issue(ByAdmin(), user.id, 1);
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(ErrorCode(invitations_->Find(first->token).status()), "invitation_used");
  ASSERT_TRUE(invitations_->Find(second->token).ok());
  clock_.AdvanceMs(3600 * 1000);
  EXPECT_EQ(ErrorCode(invitations_->Find(second->token).status()), "invitation_expired");
  EXPECT_EQ(ErrorCode(invitations_->Find("../etc").status()), "invitation_invalid");
  EXPECT_EQ(ErrorCode(invitations_->Find(std::string(64, 'a')).status()), "invitation_invalid");
  EXPECT_EQ(ErrorCode(invitations_->Issue(ByAdmin(), user.id, 0).status()), "invalid_lifetime");
  EXPECT_EQ(ErrorCode(invitations_->Issue(ByAdmin(), user.id, 337).status()), "invalid_lifetime");
  EXPECT_EQ(ErrorCode(invitations_->Issue(ByAdmin(), 999, 1).status()), "user_not_found");
  const Actor nurse{user.id, "nurse", "", "r"};
  EXPECT_EQ(ErrorCode(invitations_->Issue(nurse, user.id, 1).status()), "admin_only");
  EXPECT_EQ(AuditCount("user.invite", "denied"), 1u);
  // A reset gives the account a password: the link no longer sets one.
  auto third = invitations_->Issue(ByAdmin(), user.id, 1);
  ASSERT_TRUE(third.ok());
  ASSERT_TRUE(accounts_->ResetPassword(ByAdmin(), user.id, "reset by the admin", PasswordOrigin::kOneTime).ok());
  EXPECT_EQ(ErrorCode(invitations_->Find(third->token).status()), "invitation_invalid");
}

TEST_F(InvitationsTest, AOneTimePasswordMustBeChangedAndTheChangeIsChecked) {
  const std::string one_time = GenerateOneTimePassword();
  auto user = accounts_->CreateUser(ByAdmin(), {"clin9", "Dr Nine", "clinician", one_time,
                                                PasswordOrigin::kOneTime});
  ASSERT_TRUE(user.ok());
  EXPECT_TRUE(user->must_change_password);
  auto login = accounts_->Login("clin9", one_time, "a", "r", nullptr);
  ASSERT_TRUE(login.ok());
  EXPECT_TRUE(login->user.must_change_password);
  auto session = sessions_->Resolve(login->token);
  ASSERT_TRUE(session.ok());
  EXPECT_TRUE(session->user.must_change_password);
  EXPECT_EQ(ErrorCode(accounts_->ChangeOwnPassword(*session, "not it", "my own password 1", "r").status()),
            "wrong_password");
  EXPECT_EQ(ErrorCode(accounts_->ChangeOwnPassword(*session, one_time, one_time, "r").status()),
            "password_unchanged");
  EXPECT_EQ(ErrorCode(accounts_->ChangeOwnPassword(*session, one_time, "short", "r").status()),
            "password_too_short");
  // Someone else who knew the one-time password and signed in with it.
  auto other = accounts_->Login("clin9", one_time, "b", "r", nullptr);
  ASSERT_TRUE(other.ok());
  auto changed = accounts_->ChangeOwnPassword(*session, one_time, "my own password 1", "r");
  ASSERT_TRUE(changed.ok()) << changed.status();
  EXPECT_FALSE(store_->FindUserById(user->id)->must_change_password);
  // Every old session ended, the other person's too; the caller goes on in a new one.
  EXPECT_FALSE(sessions_->Resolve(login->token).ok());
  EXPECT_FALSE(sessions_->Resolve(other->token).ok());
  auto fresh = sessions_->Resolve(changed->token);
  ASSERT_TRUE(fresh.ok());
  EXPECT_FALSE(fresh->user.must_change_password);
  EXPECT_TRUE(accounts_->Login("clin9", "my own password 1", "a", "r", nullptr).ok());
  EXPECT_EQ(AuditCount("user.password_change", "success"), 1u);
  EXPECT_EQ(AuditCount("user.password_change", "failure"), 1u);
  // A typed password (an administrator's choice) does not force a change.
  ASSERT_TRUE(accounts_->ResetPassword(ByAdmin(), user->id, "typed by the admin", PasswordOrigin::kChosen).ok());
  EXPECT_FALSE(store_->FindUserById(user->id)->must_change_password);
}

}  // namespace
}  // namespace mc
