// A real SQLite store, audit log, vault and session manager in a temp dir,
// on a fake clock, for the auth tests.
#pragma once

#include <gtest/gtest.h>

#include <memory>

#include "auth/accounts.h"
#include "auth/visit_links.h"
#include "core/crypto.h"
#include "store/sqlite_store.h"
#include "testing/temp_dir.h"

namespace mc {

class AuthFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(InitCrypto().ok());
    store_ = std::move(*SqliteStore::Open(dir_.File("db")));
    audit_ = std::make_unique<AuditLog>(*store_, std::string(32, 'c'), clock_);
    vault_ = std::make_unique<Vault>(*store_, *store_, *audit_, clock_, RandomBytes(32));
    sessions_ = std::make_unique<SessionManager>(*store_, *store_, clock_, SessionOptions{});
    AccountOptions options;
    options.address_throttle.free_failures = address_free_failures_;
    accounts_ = std::make_unique<Accounts>(
        *store_, *audit_, *vault_, *sessions_,
        PasswordPolicy({"password123", "qwertyuiop"}), clock_, options);
    links_ = std::make_unique<VisitLinks>(*store_, *store_, *audit_, *sessions_, clock_);
  }

  UserRow AddUser(const std::string& login, const std::string& role,
                  const std::string& password = "correct horse battery") {
    auto user = accounts_->CreateUser(SystemActor(), {login, "Test User", role, password});
    EXPECT_TRUE(user.ok()) << user.status();
    return user.ok() ? *user : UserRow{};
  }

  int64_t address_free_failures_ = 1000;
  testing::TempDir dir_;
  FakeClock clock_;
  std::unique_ptr<SqliteStore> store_;
  std::unique_ptr<AuditLog> audit_;
  std::unique_ptr<Vault> vault_;
  std::unique_ptr<SessionManager> sessions_;
  std::unique_ptr<Accounts> accounts_;
  std::unique_ptr<VisitLinks> links_;
};

}  // namespace mc
