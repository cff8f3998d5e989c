#include "app/app_context.h"

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
