#include "records/key_file.h"

#include <sys/stat.h>

#include <fstream>

#include <gtest/gtest.h>

#include "core/crypto.h"
#include "testing/temp_dir.h"

namespace mc {
namespace {

TEST(KeyFileTest, CreatesWithOwnerOnlyModeAndReloads) {
  ASSERT_TRUE(InitCrypto().ok());
  testing::TempDir dir;
  const std::string path = dir.File("keys/kek");
  auto created = LoadOrCreateKeyFile(path);
  ASSERT_TRUE(created.ok()) << created.status();
  EXPECT_EQ(created->size(), kKeyBytes);
  struct stat info{};
  ASSERT_EQ(stat(path.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  EXPECT_EQ(*LoadOrCreateKeyFile(path), *created);
}

TEST(KeyFileTest, RefusesLoosePermissions) {
  testing::TempDir dir;
  const std::string path = dir.File("kek");
  ASSERT_TRUE(LoadOrCreateKeyFile(path).ok());
  chmod(path.c_str(), 0644);
  EXPECT_EQ(ErrorCode(LoadKeyFile(path).status()), "key_file_permissions");
}

TEST(KeyFileTest, CorruptAndMissing) {
  testing::TempDir dir;
  EXPECT_EQ(ErrorCode(LoadKeyFile(dir.File("none")).status()), "key_file_missing");
  const std::string path = dir.File("bad");
  std::ofstream(path) << "not-hex";
  chmod(path.c_str(), 0600);
  EXPECT_EQ(ErrorCode(LoadKeyFile(path).status()), "key_file_corrupt");
}

}  // namespace
}  // namespace mc
