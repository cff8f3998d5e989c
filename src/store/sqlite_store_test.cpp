#include "store/sqlite_store.h"

#include <sqlite3.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <sstream>

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

TEST_F(SqliteStoreTest, SizeIsThePagesOnDisk) {
  auto size = store_->SizeBytes();
  ASSERT_TRUE(size.ok()) << size.status();
  EXPECT_GT(*size, 0);
  EXPECT_EQ(*size % 512, 0);  // whole pages
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

TEST_F(SqliteStoreTest, CountsLoginFailuresInWindowAndPrunesOlderOnes) {
  ASSERT_TRUE(store_->RecordLoginFailure("a", 100, 0).ok());
  ASSERT_TRUE(store_->RecordLoginFailure("a", 200, 0).ok());
  ASSERT_TRUE(store_->RecordLoginFailure("b", 200, 0).ok());
  EXPECT_EQ(*store_->CountLoginFailures("a", 150), 1);
  EXPECT_EQ(*store_->CountLoginFailures("a", 0), 2);
  // Recording with a window that starts at 150 deletes what came before.
  ASSERT_TRUE(store_->RecordLoginFailure("b", 300, 150).ok());
  EXPECT_EQ(*store_->CountLoginFailures("a", 0), 1);
  EXPECT_EQ(*store_->CountLoginFailures("b", 0), 2);
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

AuditSealer TestSealer() {
  return {[](const AuditRow& row) { return "h" + std::to_string(row.seq); },
          [](int64_t seq, const std::string& hash) {
            return "mac" + std::to_string(seq) + hash;
          }};
}

TEST_F(SqliteStoreTest, AuditHeadCarriesAMacAndAForgedHeadStopsAppends) {
  AuditRow row;
  row.action = "login";
  ASSERT_TRUE(store_->AppendAudit(row, TestSealer()).ok());
  ASSERT_TRUE(store_->AppendAudit(row, TestSealer()).ok());
  EXPECT_EQ(store_->AuditHead()->mac, "mac2h2");
  EXPECT_FALSE(store_->AuditHead()->legacy);

  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(dir_.File("metaclinic.db").c_str(), &raw), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(raw, "UPDATE audit_head SET seq = 1, hash = 'h1', mac = ''",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(raw);
  auto refused = store_->AppendAudit(row, TestSealer());
  EXPECT_EQ(ErrorCode(refused.status()), "audit_head_forged");
  EXPECT_EQ(store_->ListAudit(0, 10)->size(), 2u);  // nothing appended
}

TEST(SqliteStoreDiskTest, AFullDiskIsLoggedOnceAndMakesTheStoreNotReadyUntilAWriteWorks) {
  testing::TempDir dir;
  auto opened = SqliteStore::Open(dir.File("db"), {256 * 1024, 0});
  ASSERT_TRUE(opened.ok());
  SqliteStore& store = **opened;
  EXPECT_TRUE(store.CheckReady().ok());
  auto log = std::make_shared<std::ostringstream>();
  auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(*log);
  auto previous = spdlog::default_logger();
  spdlog::set_default_logger(std::make_shared<spdlog::logger>("test", sink));
  Status failed;
  const std::string padding(4000, 'x');
  for (int index = 0; index < 1000 && failed.ok(); ++index) {
    failed = store.CreateSession({"token" + std::to_string(index) + padding, 7, "", 0, 0});
  }
  EXPECT_EQ(ErrorCode(failed), "storage_write_failed");
  EXPECT_EQ(failed.code(), StatusCode::kUnavailable);
  EXPECT_EQ(ErrorCode(store.CheckReady()), "store_write_failing");
  EXPECT_FALSE(store.CreateSession({"one more" + padding, 7, "", 0, 0}).ok());
  const std::string logged = log->str();
  EXPECT_EQ(std::count(logged.begin(), logged.end(), '\n'), 1) << logged;
  EXPECT_EQ(logged.find(padding), std::string::npos);  // no data in the log

  // Space comes back (sessions deleted): the next write works, ready again.
  ASSERT_TRUE(store.DeleteSessionsOfUser(7).ok());
  EXPECT_TRUE(store.CreateSession({"after", 7, "", 0, 0}).ok());
  EXPECT_TRUE(store.CheckReady().ok());
  spdlog::set_default_logger(previous);
}

TEST_F(SqliteStoreTest, AuditChainsAndRefusesEdits) {
  AuditSealer sealer = TestSealer();
  AuditRow row;
  row.action = "login";
  auto first = store_->AppendAudit(row, sealer);
  auto second = store_->AppendAudit(row, sealer);
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(first->seq, 1);
  EXPECT_EQ(second->prev_hash, "h1");
  EXPECT_EQ(store_->AuditHead()->seq, 2);
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
