#include "auth/visit_links.h"

#include "auth/auth_fixture.h"

namespace mc {
namespace {

using VisitLinksTest = AuthFixture;

const Actor kNurse{3, "nurse", "", "r"};

TEST_F(VisitLinksTest, SingleUseGuestSession) {
  AddUser("nurse1", "nurse");
  auto link = links_->Issue(Actor{1, "nurse", "", "r"}, "appointment:42", 3600 * 1000);
  ASSERT_TRUE(link.ok()) << link.status();
  EXPECT_EQ(link->token.size(), 32u);
  auto visit = links_->Redeem(link->token, "r2");
  ASSERT_TRUE(visit.ok()) << visit.status();
  auto session = sessions_->Resolve(visit->session_token);
  ASSERT_TRUE(session.ok());
  EXPECT_EQ(session->user.role, "guest");
  EXPECT_EQ(session->guest_purpose, "appointment:42");
  EXPECT_EQ(ErrorCode(links_->Redeem(link->token, "r3").status()), "visit_link_used");
}

TEST_F(VisitLinksTest, Expires) {
  AddUser("nurse1", "nurse");
  auto link = links_->Issue(Actor{1, "nurse", "", "r"}, "appointment:1", 60 * 1000);
  clock_.AdvanceMs(60 * 1000);
  EXPECT_EQ(ErrorCode(links_->Redeem(link->token, "r").status()), "visit_link_expired");
}

TEST_F(VisitLinksTest, Validation) {
  EXPECT_EQ(ErrorCode(links_->Issue(Actor{1, "patient", "p", "r"}, "x", 60000).status()),
            "staff_only");
  EXPECT_EQ(ErrorCode(links_->Issue(kNurse, "Bad Purpose", 60000).status()),
            "invalid_purpose");
  EXPECT_EQ(ErrorCode(links_->Issue(kNurse, "x", 1000).status()), "invalid_lifetime");
  EXPECT_EQ(ErrorCode(links_->Issue(kNurse, "x", VisitLinks::kMaxLifetimeMs + 1).status()),
            "invalid_lifetime");
  EXPECT_EQ(ErrorCode(links_->Redeem("nothex", "r").status()), "visit_link_invalid");
  EXPECT_EQ(ErrorCode(links_->Redeem(std::string(32, 'a'), "r").status()),
            "visit_link_invalid");
}

}  // namespace
}  // namespace mc
