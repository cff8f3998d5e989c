#include "net/static_files.h"

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "testing/temp_dir.h"

namespace mc {
namespace {

class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::create_directories(dir_.File("dist/assets"));
    std::ofstream(dir_.File("dist/index.html")) << "<html>app</html>";
    std::ofstream(dir_.File("dist/assets/app.js")) << "console.log(1)";
    std::ofstream(dir_.File("secret.txt")) << "secret";
    std::filesystem::create_symlink(dir_.File("secret.txt"), dir_.File("dist/link.txt"));
  }
  std::string root() const { return dir_.File("dist"); }
  testing::TempDir dir_;
};

TEST_F(StaticFilesTest, ServesWithMimeTypes) {
  HttpResponse index = ServeStatic(root(), "/");
  EXPECT_EQ(index.status, 200);
  EXPECT_EQ(index.content_type, "text/html; charset=utf-8");
  HttpResponse script = ServeStatic(root(), "/assets/app.js");
  EXPECT_EQ(script.content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(script.body, "console.log(1)");
}

TEST_F(StaticFilesTest, RefusesTraversal) {
  EXPECT_EQ(ServeStatic(root(), "/../secret.txt").status, 404);
  EXPECT_EQ(ServeStatic(root(), "/assets/../../secret.txt").status, 404);
  EXPECT_EQ(ServeStatic(root(), "/link.txt").status, 404);
  EXPECT_EQ(ServeStatic(root(), "/..\\secret.txt").status, 404);
  EXPECT_EQ(ServeStatic(root(), "/.hidden").status, 404);
  EXPECT_EQ(ServeStatic(root(), "/missing.js").status, 404);
}

TEST_F(StaticFilesTest, ClientRoutesFallBackToIndex) {
  HttpResponse visit = ServeStatic(root(), "/visit/abc");
  EXPECT_EQ(visit.status, 200);
  EXPECT_EQ(visit.body, "<html>app</html>");
  EXPECT_EQ(ServeStatic("", "/").status, 404);
}

TEST(MimeTypeTest, KnownAndUnknown) {
  EXPECT_EQ(MimeTypeFor("a.svg"), "image/svg+xml");
  EXPECT_EQ(MimeTypeFor("a.wasm"), "application/wasm");
  EXPECT_EQ(MimeTypeFor("a.unknown"), "application/octet-stream");
}

}  // namespace
}  // namespace mc
