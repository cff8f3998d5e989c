#include "auth/accounts.h"

#include <sqlite3.h>

#include "auth/auth_fixture.h"

namespace mc {
namespace {

using AccountsTest = AuthFixture;

TEST_F(AccountsTest, LoginSucceedsAndAudits) {
  UserRow user = AddUser("Clin1", "clinician");
  EXPECT_EQ(user.login, "clin1");
  const int64_t before = store_->AuditHead()->seq;
  auto result = accounts_->Login("CLIN1", "correct horse battery", "a", "r", nullptr);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->user.id, user.id);
  EXPECT_EQ(sessions_->Resolve(result->token)->user.login, "clin1");
  EXPECT_EQ(store_->AuditHead()->seq, before + 1);
  EXPECT_EQ(store_->ListAudit(before, 1)->at(0).action, "login");
}

TEST_F(AccountsTest, SameMessageForUnknownUserAndWrongPassword) {
  AddUser("clin1", "clinician");
  auto wrong = accounts_->Login("clin1", "nope nope nope", "a", "r", nullptr);
  auto unknown = accounts_->Login("ghost", "nope nope nope", "a", "r", nullptr);
  EXPECT_EQ(wrong.status(), unknown.status());
  EXPECT_EQ(ErrorCode(wrong.status()), "invalid_credentials");
}

TEST_F(AccountsTest, DisabledAccountCannotLoginAndLosesSessions) {
  UserRow user = AddUser("nurse1", "nurse");
  auto session = accounts_->Login("nurse1", "correct horse battery", "a", "r", nullptr);
  ASSERT_TRUE(session.ok());
  bool disabled = true;
  ASSERT_TRUE(accounts_->UpdateUser(SystemActor(), user.id, nullptr, &disabled).ok());
  EXPECT_FALSE(sessions_->Resolve(session->token).ok());
  EXPECT_EQ(ErrorCode(accounts_->Login("nurse1", "correct horse battery", "a", "r",
                                       nullptr).status()),
            "invalid_credentials");
}

TEST_F(AccountsTest, LoginRecordsTheLastSignIn) {
  UserRow user = AddUser("nurse1", "nurse");
  EXPECT_EQ(store_->FindUserById(user.id)->last_login_unix_ms, 0);
  ASSERT_TRUE(accounts_->Login("nurse1", "correct horse battery", "a", "r", nullptr).ok());
  EXPECT_EQ(store_->FindUserById(user.id)->last_login_unix_ms, clock_.NowUnixMs());
  clock_.AdvanceMs(60000);
  ASSERT_FALSE(accounts_->Login("nurse1", "wrong password!", "a", "r", nullptr).ok());
  EXPECT_EQ(store_->FindUserById(user.id)->last_login_unix_ms, clock_.NowUnixMs() - 60000);
}

TEST_F(AccountsTest, ResetPasswordEndsSessionsAndIsAudited) {
  UserRow admin = AddUser("boss", "admin");
  UserRow user = AddUser("nurse1", "nurse");
  auto session = accounts_->Login("nurse1", "correct horse battery", "a", "r", nullptr);
  ASSERT_TRUE(session.ok());
  const Actor by_admin{admin.id, "admin", "", "req"};
  const std::string fresh = GenerateOneTimePassword();
  EXPECT_EQ(fresh.size(), 23u);
  ASSERT_TRUE(accounts_->ResetPassword(by_admin, user.id, fresh, PasswordOrigin::kChosen).ok());
  EXPECT_FALSE(sessions_->Resolve(session->token).ok());
  EXPECT_FALSE(accounts_->Login("nurse1", "correct horse battery", "a", "r", nullptr).ok());
  EXPECT_TRUE(accounts_->Login("nurse1", fresh, "a", "r", nullptr).ok());
  auto resets = store_->SearchAudit({.action = "user.password_reset"});
  ASSERT_TRUE(resets.ok());
  ASSERT_EQ(resets->size(), 1u);
  EXPECT_EQ((*resets)[0].actor_user_id, admin.id);
  EXPECT_EQ((*resets)[0].resource, "User/" + std::to_string(user.id));

  EXPECT_EQ(ErrorCode(accounts_->ResetPassword(by_admin, user.id, "short", PasswordOrigin::kChosen)), "password_too_short");
  EXPECT_EQ(ErrorCode(accounts_->ResetPassword(by_admin, 999, fresh, PasswordOrigin::kChosen)), "user_not_found");
  const Actor by_nurse{user.id, "nurse", "", "req"};
  EXPECT_EQ(ErrorCode(accounts_->ResetPassword(by_nurse, admin.id, fresh, PasswordOrigin::kChosen)), "admin_only");
  auto denied = store_->SearchAudit({.action = "user.password_reset", .outcome = "denied"});
  ASSERT_TRUE(denied.ok());
  EXPECT_EQ(denied->size(), 1u);
}

TEST_F(AccountsTest, AnAdminCannotDemoteOrDisableThemself) {
  UserRow admin = AddUser("boss", "admin");
  const Actor self{admin.id, "admin", "", "req"};
  const std::string clinician = "clinician";
  const std::string same = "admin";
  bool disabled = true;
  EXPECT_EQ(ErrorCode(accounts_->UpdateUser(self, admin.id, &clinician, nullptr).status()),
            "cannot_change_self");
  EXPECT_EQ(ErrorCode(accounts_->UpdateUser(self, admin.id, nullptr, &disabled).status()),
            "cannot_change_self");
  EXPECT_TRUE(accounts_->UpdateUser(self, admin.id, &same, nullptr).ok());
  UserRow other = AddUser("boss2", "admin");
  EXPECT_TRUE(accounts_->UpdateUser(Actor{other.id, "admin", "", "req"}, admin.id, nullptr,
                                    &disabled).ok());
}

TEST_F(AccountsTest, HundredAndFirstFailureInAnHourIsRefused) {
  AddUser("target", "patient");
  for (int attempt = 0; attempt < 100; ++attempt) {
    auto result = accounts_->Login("target", "wrong password!", "a", "r", nullptr);
    ASSERT_EQ(ErrorCode(result.status()), "invalid_credentials") << attempt;
  }
  int64_t retry_after_ms = 0;
  auto refused = accounts_->Login("target", "correct horse battery", "a", "r",
                                  &retry_after_ms);
  EXPECT_EQ(ErrorCode(refused.status()), "too_many_attempts");
  EXPECT_GT(retry_after_ms, 0);
  clock_.AdvanceMs(60 * 60 * 1000 + 1);
  EXPECT_TRUE(accounts_->Login("target", "correct horse battery", "a", "r", nullptr).ok());
}

// Finding 10: a password typed into the login field was kept as typed in
// login_failures, for ever.
TEST_F(AccountsTest, FailedLoginsKeepNoLoginAsTypedAndArePrunedAfterTheWindow) {
  AddUser("target", "patient");
  ASSERT_FALSE(accounts_->Login("hunter2-secret", "x", "a", "r", nullptr).ok());
  ASSERT_FALSE(accounts_->Login("target", "wrong password!", "a", "r", nullptr).ok());
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(dir_.File("db").c_str(), &raw), SQLITE_OK);
  auto rows = [raw](const char* sql) {
    std::string all;
    sqlite3_exec(raw, sql, [](void* out, int count, char** values, char**) {
      for (int index = 0; index < count; ++index) {
        *static_cast<std::string*>(out) += std::string(values[index] ? values[index] : "") + "|";
      }
      return 0;
    }, &all, nullptr);
    return all;
  };
  const std::string stored = rows("SELECT login_key, unix_ms FROM login_failures");
  EXPECT_EQ(stored.find("hunter2"), std::string::npos) << stored;
  EXPECT_EQ(stored.find("target"), std::string::npos) << stored;
  EXPECT_EQ(rows("SELECT COUNT(*) FROM login_failures"), "2|");
  clock_.AdvanceMs(60 * 60 * 1000 + 1);
  ASSERT_FALSE(accounts_->Login("target", "wrong again!!", "b", "r", nullptr).ok());
  EXPECT_EQ(rows("SELECT COUNT(*) FROM login_failures"), "1|");
  sqlite3_close(raw);
}

// Finding 6: someone guessing from their address does not lock the owner
// out of their account from another one.
TEST_F(AccountsTest, LockoutFromOneAddressDoesNotDenyTheOwnerElsewhere) {
  AddUser("target", "patient");
  for (int attempt = 0; attempt < 100; ++attempt) {
    accounts_->Login("target", "wrong password!", "6.6.6.6", "r", nullptr).IgnoreError();
  }
  EXPECT_EQ(ErrorCode(accounts_->Login("target", "correct horse battery", "6.6.6.6", "r",
                                       nullptr).status()),
            "too_many_attempts");
  EXPECT_TRUE(
      accounts_->Login("target", "correct horse battery", "10.0.0.9", "r", nullptr).ok());
}

TEST_F(AccountsTest, DisplayNamesRefuseInvisibleFormatting) {
  const Actor admin = SystemActor();
  for (const char* name : {"Dr\u202Eevil", "Ali\u200Bce", "Bob\u2066x", "\uFEFFEve"}) {
    EXPECT_EQ(ErrorCode(accounts_->CreateUser(admin, {"sneaky", name, "nurse",
                                                      "long enough pw"}).status()),
              "invalid_name")
        << name;
  }
  EXPECT_TRUE(accounts_->CreateUser(admin, {"jose", "José Ñúñez", "nurse", "long enough pw"}).ok());
}

TEST_F(AccountsTest, CreateUserValidates) {
  const Actor admin = SystemActor();
  EXPECT_EQ(ErrorCode(accounts_->CreateUser(admin, {"x", "N", "nurse", "long enough pw"}).status()),
            "invalid_login");
  EXPECT_EQ(ErrorCode(accounts_->CreateUser(admin, {"abc", "", "nurse", "long enough pw"}).status()),
            "invalid_name");
  EXPECT_EQ(ErrorCode(accounts_->CreateUser(admin, {"abc", "N", "king", "long enough pw"}).status()),
            "invalid_role");
  EXPECT_EQ(ErrorCode(accounts_->CreateUser(admin, {"abc", "N", "nurse", "short"}).status()),
            "password_too_short");
  EXPECT_EQ(ErrorCode(accounts_->CreateUser(admin, {"abc", "N", "nurse", "Password123"}).status()),
            "password_too_common");
  AddUser("abc", "nurse");
  EXPECT_EQ(ErrorCode(accounts_->CreateUser(admin, {"ABC", "N", "nurse", "long enough pw"}).status()),
            "login_taken");
  const Actor clinician{5, "clinician", "", "r"};
  EXPECT_EQ(ErrorCode(accounts_->CreateUser(clinician, {"abd", "N", "nurse", "long enough pw"}).status()),
            "admin_only");
}

TEST_F(AccountsTest, PatientsGetAVaultSubject) {
  UserRow patient = AddUser("pat1", "patient");
  ASSERT_FALSE(patient.patient_pseudonym.empty());
  EXPECT_TRUE(store_->FindVaultSubject(patient.patient_pseudonym).ok());
  std::string staff_role = "clinician";
  EXPECT_EQ(ErrorCode(accounts_->UpdateUser(SystemActor(), patient.id, &staff_role,
                                            nullptr).status()),
            "role_change_not_allowed");
}

class AddressBackoffTest : public AuthFixture {
 protected:
  AddressBackoffTest() { address_free_failures_ = 3; }
};

TEST_F(AddressBackoffTest, BacksOffPerAddress) {
  AddUser("clin1", "clinician");
  for (int attempt = 0; attempt < 3; ++attempt) {
    accounts_->Login("clin1", "wrong password!", "10.0.0.1", "r", nullptr).IgnoreError();
  }
  // The fourth failure starts the backoff for that address only.
  accounts_->Login("clin1", "wrong password!", "10.0.0.1", "r", nullptr).IgnoreError();
  int64_t retry_after_ms = 0;
  auto refused = accounts_->Login("clin1", "correct horse battery", "10.0.0.1",
                                  "r", &retry_after_ms);
  EXPECT_EQ(ErrorCode(refused.status()), "too_many_attempts");
  EXPECT_GT(retry_after_ms, 0);
  EXPECT_TRUE(accounts_->Login("clin1", "correct horse battery", "10.0.0.2", "r",
                               nullptr).ok());
  clock_.AdvanceMs(retry_after_ms);
  EXPECT_TRUE(accounts_->Login("clin1", "correct horse battery", "10.0.0.1", "r",
                               nullptr).ok());
}

// Finding 6: signing in to an account of one's own does not reset the
// address's backoff for guessing at others.
TEST_F(AddressBackoffTest, SuccessDoesNotClearTheBackoff) {
  AddUser("clin1", "clinician");
  AddUser("mine", "patient");
  for (int attempt = 0; attempt < 4; ++attempt) {
    accounts_->Login("clin1", "wrong password!", "10.0.0.1", "r", nullptr).IgnoreError();
  }
  int64_t retry_after_ms = 0;
  ASSERT_EQ(ErrorCode(accounts_->Login("mine", "correct horse battery", "10.0.0.1", "r",
                                       &retry_after_ms).status()),
            "too_many_attempts");
  clock_.AdvanceMs(retry_after_ms);
  ASSERT_TRUE(accounts_->Login("mine", "correct horse battery", "10.0.0.1", "r", nullptr).ok());
  EXPECT_EQ(ErrorCode(accounts_->Login("clin1", "guess again!!", "10.0.0.1", "r", nullptr)
                          .status()),
            "invalid_credentials");
  EXPECT_EQ(ErrorCode(accounts_->Login("clin1", "guess again!!", "10.0.0.1", "r", nullptr)
                          .status()),
            "too_many_attempts");
}

}  // namespace
}  // namespace mc
