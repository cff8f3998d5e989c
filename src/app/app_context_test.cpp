#include "app/app_context.h"

#include <sqlite3.h>

#include <filesystem>

#include <gtest/gtest.h>

#include "records/key_file.h"
#include "testing/temp_dir.h"

namespace mc {
namespace {

// A data directory that holds one audited account.
void OpenWithData(const std::string& data_dir) {
  auto app = OpenApp(data_dir, ServeConfig{});
  ASSERT_TRUE(app.ok()) << app.status();
  ASSERT_TRUE((*app)->audit->Record(SystemActor("test"), {"login", "User/1", "",
                                                          AuditOutcome::kSuccess})
                  .ok());
}

TEST(AppContextTest, FreshDirectoryStartsAndCreatesKeys) {
  testing::TempDir dir;
  auto app = OpenApp(dir.File("data"), ServeConfig{});
  ASSERT_TRUE(app.ok()) << app.status();
  EXPECT_TRUE(std::filesystem::exists(dir.File("data/keys/kek")));
  auto reopened = OpenApp(dir.File("data"), ServeConfig{});
  EXPECT_TRUE(reopened.ok()) << reopened.status();
}

// A data directory from before migration 6 (so also before 7 to 11): its audit head has no MAC. The
// first start seals it with one record, and the chain verifies after.
TEST(AppContextTest, UpgradeSealsAHeadWrittenBeforeHeadMacs) {
  testing::TempDir dir;
  const std::string data_dir = dir.File("data");
  OpenWithData(data_dir);
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open((data_dir + "/metaclinic.db").c_str(), &raw), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(raw,
                         "ALTER TABLE audit_head DROP COLUMN mac;"
                         "DROP TABLE login_failures;"
                         "CREATE TABLE login_failures (login TEXT NOT NULL, "
                         "unix_ms INTEGER NOT NULL) STRICT;"
                         // and nothing of migration 7 (last sign-in, audit indexes)
                         "DROP INDEX audit_log_by_actor;"
                         "DROP INDEX audit_log_by_action;"
                         "ALTER TABLE users DROP COLUMN last_login_unix_ms;"
                         // and nothing of migration 8 (department time zones, days off)
                         "ALTER TABLE departments DROP COLUMN time_zone;"
                         "DROP TABLE clinician_days_off;"
                         // and nothing of migration 9 (settings, trial jobs, invitations)
                         "DROP TABLE deployment_settings;"
                         "DROP TABLE trial_jobs;"
                         "DROP TABLE user_invitations;"
                         "ALTER TABLE users DROP COLUMN must_change_password;"
                         // and nothing of migration 11 (case reviews)
                         "DROP TABLE case_review_members;"
                         "DROP TABLE case_reviews;"
                         // and nothing of migration 10 (the skills lab's attempts)
                         "DROP TABLE skill_ratings;"
                         "DROP TABLE skill_attempts;"
                         "PRAGMA user_version = 5;",
                         nullptr, nullptr, nullptr),
            SQLITE_OK)
      << sqlite3_errmsg(raw);
  sqlite3_close(raw);
  auto app = OpenApp(data_dir, ServeConfig{});
  ASSERT_TRUE(app.ok()) << app.status();
  auto head = (*app)->store->AuditHead();
  ASSERT_TRUE(head.ok());
  EXPECT_FALSE(head->mac.empty());
  auto rows = (*app)->store->ListAudit(0, 100);
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(rows->back().action, "audit.head_sealed");
  auto report = (*app)->audit->Verify();
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->ok) << report->problem;
  app->reset();
  // The next process (no upgrade) accepts the sealed head.
  auto reopened = OpenApp(data_dir, ServeConfig{});
  ASSERT_TRUE(reopened.ok()) << reopened.status();
  EXPECT_TRUE((*reopened)->audit->Verify()->ok);
}

TEST(AppContextTest, RefusesAMissingKeyWhenDataExists) {
  for (const char* key : {"kek", "audit-chain"}) {
    testing::TempDir dir;
    const std::string data_dir = dir.File("data");
    OpenWithData(data_dir);
    std::filesystem::remove(data_dir + "/keys/" + key);
    auto app = OpenApp(data_dir, ServeConfig{});
    ASSERT_FALSE(app.ok()) << key;
    EXPECT_EQ(ErrorCode(app.status()), "key_missing") << key;
    EXPECT_FALSE(std::filesystem::exists(data_dir + "/keys/" + key)) << key;
  }
}

TEST(AppContextTest, RefusesAReplacedKey) {
  for (const char* key : {"kek", "audit-chain"}) {
    testing::TempDir dir;
    const std::string data_dir = dir.File("data");
    OpenWithData(data_dir);
    const std::string path = data_dir + "/keys/" + key;
    ASSERT_TRUE(WriteKeyFile(path, std::string(kKeyBytes, 'x')).ok());
    auto app = OpenApp(data_dir, ServeConfig{});
    ASSERT_FALSE(app.ok()) << key;
    EXPECT_EQ(ErrorCode(app.status()), "key_mismatch") << key;
    EXPECT_NE(MessageOf(app.status()).find(path), std::string::npos);
  }
}

TEST(AppContextTest, RotationKeepsTheCheckValueInStep) {
  testing::TempDir dir;
  const std::string data_dir = dir.File("data");
  OpenWithData(data_dir);
  {
    auto app = OpenApp(data_dir, ServeConfig{});
    ASSERT_TRUE(app.ok()) << app.status();
    ASSERT_TRUE(RotateKeys(**app).ok());
  }
  auto reopened = OpenApp(data_dir, ServeConfig{});
  EXPECT_TRUE(reopened.ok()) << reopened.status();
}

}  // namespace
}  // namespace mc
