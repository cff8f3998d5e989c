#include "store/sqlite_store.h"

#include <sqlite3.h>

#include <gtest/gtest.h>

#include "testing/temp_dir.h"

namespace mc {
namespace {

class SqliteStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = SqliteStore::Open(dir_.File("metaclinic.db"));
    ASSERT_TRUE(opened.ok()) << opened.status();
    store_ = std::move(*opened);
  }
  testing::TempDir dir_;
  std::unique_ptr<SqliteStore> store_;
};

UserRow SampleUser(const std::string& login) {
  UserRow user;
  user.login = login;
  user.display_name = "Sample";
  user.role = "clinician";
  user.password_hash = "hash";
  user.created_unix_ms = 1;
  return user;
}

TEST_F(SqliteStoreTest, MigratesAndIsReady) {
  EXPECT_TRUE(store_->CheckReady().ok());
  EXPECT_TRUE(*store_->IsEmpty());
}

TEST_F(SqliteStoreTest, UsersRoundTripAndLoginsAreUnique) {
  auto id = store_->CreateUser(SampleUser("clin1"));
  ASSERT_TRUE(id.ok());
  EXPECT_FALSE(*store_->IsEmpty());
  auto found = store_->FindUserByLogin("clin1");
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->id, *id);
  EXPECT_EQ(ErrorCode(store_->CreateUser(SampleUser("clin1")).status()),
            "login_taken");
  EXPECT_EQ(ErrorCode(store_->FindUserByLogin("nobody").status()),
            "user_not_found");
  found->disabled = true;
  ASSERT_TRUE(store_->UpdateUser(*found).ok());
  EXPECT_TRUE(store_->FindUserById(*id)->disabled);
  UserRow missing = SampleUser("x");
  missing.id = 999;
  EXPECT_EQ(ErrorCode(store_->UpdateUser(missing)), "user_not_found");
}

TEST_F(SqliteStoreTest, CountsLoginFailuresInWindow) {
  ASSERT_TRUE(store_->RecordLoginFailure("a", 100).ok());
  ASSERT_TRUE(store_->RecordLoginFailure("a", 200).ok());
  ASSERT_TRUE(store_->RecordLoginFailure("b", 200).ok());
  EXPECT_EQ(*store_->CountLoginFailures("a", 150), 1);
  EXPECT_EQ(*store_->CountLoginFailures("a", 0), 2);
}

TEST_F(SqliteStoreTest, VisitLinkIsSingleUseAndExpires) {
  auto creator = store_->CreateUser(SampleUser("nurse"));
  ASSERT_TRUE(creator.ok());
  ASSERT_TRUE(store_->CreateVisitLink({"h1", "appointment:1", *creator, 0, 1000, 0}).ok());
  ASSERT_TRUE(store_->CreateVisitLink({"h2", "appointment:2", *creator, 0, 1000, 0}).ok());
  EXPECT_EQ(store_->ConsumeVisitLink("h1", 10)->purpose, "appointment:1");
  EXPECT_EQ(ErrorCode(store_->ConsumeVisitLink("h1", 20).status()), "visit_link_used");
  EXPECT_EQ(ErrorCode(store_->ConsumeVisitLink("h2", 1000).status()), "visit_link_expired");
  EXPECT_EQ(ErrorCode(store_->ConsumeVisitLink("zz", 1).status()), "visit_link_invalid");
}

TEST_F(SqliteStoreTest, AuditChainsAndRefusesEdits) {
  AuditSealer sealer = [](const AuditRow& row) {
    return "h" + std::to_string(row.seq);
  };
  AuditRow row;
  row.action = "login";
  auto first = store_->AppendAudit(row, sealer);
  auto second = store_->AppendAudit(row, sealer);
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(first->seq, 1);
  EXPECT_EQ(second->prev_hash, "h1");
  EXPECT_EQ(store_->AuditHead()->first, 2);
  EXPECT_EQ(store_->ListAudit(1, 10)->size(), 1u);

  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(dir_.File("metaclinic.db").c_str(), &raw), SQLITE_OK);
  EXPECT_NE(sqlite3_exec(raw, "UPDATE audit_log SET action='x'", nullptr,
                         nullptr, nullptr),
            SQLITE_OK);
  EXPECT_NE(sqlite3_exec(raw, "DELETE FROM audit_log", nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(raw);
}

TEST(SqliteStoreOpenTest, RefusesNewerSchema) {
  testing::TempDir dir;
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(dir.File("db").c_str(), &raw), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(raw, "PRAGMA user_version=999", nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(raw);
  auto opened = SqliteStore::Open(dir.File("db"));
  EXPECT_EQ(ErrorCode(opened.status()), "schema_too_new");
}

TEST(SqliteStoreOpenTest, UnopenablePathIsUnavailable) {
  auto opened = SqliteStore::Open("/nonexistent-dir/x/y.db");
  EXPECT_EQ(opened.status().code(), StatusCode::kUnavailable);
}

}  // namespace
}  // namespace mc
