#include "net/static_files.h"

#include <filesystem>
#include <fstream>
#include <optional>

#include <gtest/gtest.h>

#include "testing/temp_dir.h"

namespace mc {
namespace {

namespace fs = std::filesystem;

std::optional<std::string> HeaderOf(const HttpResponse& response, const std::string& name) {
  for (const auto& [key, value] : response.headers) {
    if (key == name) return value;
  }
  return std::nullopt;
}

class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    fs::create_directories(dir_.File("dist/assets"));
    std::ofstream(dir_.File("dist/index.html")) << "<html>app</html>";
    std::ofstream(dir_.File("dist/index.html.br")) << "BR-INDEX";
    std::ofstream(dir_.File("dist/assets/app.js")) << "console.log(1)";
    std::ofstream(dir_.File("dist/assets/app.js.br")) << "BR-APP";
    std::ofstream(dir_.File("dist/assets/app.js.gz")) << "GZ-APP";
    std::ofstream(dir_.File("dist/assets/plain.css")) << "body{}";
    std::ofstream(dir_.File("secret.txt")) << "secret";
    fs::create_symlink(dir_.File("secret.txt"), dir_.File("dist/link.txt"));
  }
  std::string root() const { return dir_.File("dist"); }
  HttpResponse Get(const std::string& path, const std::string& accept = "") const {
    return ServeStatic(root(), {path, accept});
  }
  testing::TempDir dir_;
};

TEST_F(StaticFilesTest, ServesWithMimeTypes) {
  HttpResponse index = Get("/");
  EXPECT_EQ(index.status, 200);
  EXPECT_EQ(index.content_type, "text/html; charset=utf-8");
  HttpResponse script = Get("/assets/app.js");
  EXPECT_EQ(script.content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(script.body, "console.log(1)");
}

TEST_F(StaticFilesTest, RefusesTraversal) {
  EXPECT_EQ(Get("/../secret.txt").status, 404);
  EXPECT_EQ(Get("/assets/../../secret.txt").status, 404);
  EXPECT_EQ(Get("/link.txt").status, 404);
  EXPECT_EQ(Get("/..\\secret.txt").status, 404);
  EXPECT_EQ(Get("/.hidden").status, 404);
  EXPECT_EQ(Get("/missing.js").status, 404);
  EXPECT_EQ(Get("/../secret.txt", "br, gzip").status, 404);
}

TEST_F(StaticFilesTest, ClientRoutesFallBackToIndex) {
  HttpResponse visit = Get("/visit/abc");
  EXPECT_EQ(visit.status, 200);
  EXPECT_EQ(visit.body, "<html>app</html>");
  EXPECT_EQ(ServeStatic("", {"/", ""}).status, 404);
}

TEST_F(StaticFilesTest, SendsBrotliToBrowsersThatTakeIt) {
  HttpResponse script = Get("/assets/app.js", "gzip, deflate, br, zstd");
  EXPECT_EQ(script.status, 200);
  EXPECT_EQ(script.body, "BR-APP");
  EXPECT_EQ(HeaderOf(script, "Content-Encoding"), "br");
  EXPECT_EQ(HeaderOf(script, "Vary"), "Accept-Encoding");
  EXPECT_EQ(script.content_type, "text/javascript; charset=utf-8");  // the original's
}

TEST_F(StaticFilesTest, SendsGzipWhenBrotliIsRefusedOrLessWanted) {
  EXPECT_EQ(Get("/assets/app.js", "gzip").body, "GZ-APP");
  EXPECT_EQ(Get("/assets/app.js", "br;q=0, gzip").body, "GZ-APP");
  HttpResponse preferred = Get("/assets/app.js", "br;q=0.5, gzip;q=0.8");
  EXPECT_EQ(preferred.body, "GZ-APP");
  EXPECT_EQ(HeaderOf(preferred, "Content-Encoding"), "gzip");
}

TEST_F(StaticFilesTest, SendsTheOriginalWithoutAcceptEncoding) {
  HttpResponse script = Get("/assets/app.js");
  EXPECT_EQ(script.body, "console.log(1)");
  EXPECT_EQ(HeaderOf(script, "Content-Encoding"), std::nullopt);
  // The bytes depend on the header even when it is absent.
  EXPECT_EQ(HeaderOf(script, "Vary"), "Accept-Encoding");
  EXPECT_EQ(Get("/assets/app.js", "br;q=0, gzip;q=0").body, "console.log(1)");
}

TEST_F(StaticFilesTest, FileWithoutCopiesHasNoVary) {
  HttpResponse css = Get("/assets/plain.css", "br, gzip");
  EXPECT_EQ(css.body, "body{}");
  EXPECT_EQ(HeaderOf(css, "Content-Encoding"), std::nullopt);
  EXPECT_EQ(HeaderOf(css, "Vary"), std::nullopt);
}

TEST_F(StaticFilesTest, IndexAndClientRoutesAreCompressedAndNotCached) {
  HttpResponse index = Get("/", "br");
  EXPECT_EQ(index.body, "BR-INDEX");
  EXPECT_EQ(index.content_type, "text/html; charset=utf-8");
  EXPECT_EQ(HeaderOf(index, "Cache-Control"), "no-cache");
  HttpResponse route = Get("/visit/abc", "br");
  EXPECT_EQ(route.body, "BR-INDEX");
  EXPECT_EQ(HeaderOf(route, "Cache-Control"), "no-cache");
}

TEST_F(StaticFilesTest, HashedAssetsAreImmutable) {
  EXPECT_EQ(HeaderOf(Get("/assets/app.js", "br"), "Cache-Control"),
            "public, max-age=31536000, immutable");
}

TEST_F(StaticFilesTest, CopiesAreNotServedByTheirOwnNames) {
  EXPECT_EQ(Get("/assets/app.js.br").status, 404);
  EXPECT_EQ(Get("/assets/app.js.gz", "gzip").status, 404);
  EXPECT_EQ(Get("/assets/APP.JS.GZ").status, 404);
  EXPECT_EQ(Get("/index.html.br", "br").status, 404);
}

TEST_F(StaticFilesTest, CopyPointingOutsideTheRootIsIgnored) {
  std::ofstream(dir_.File("dist/assets/leak.js")) << "leak()";
  fs::create_symlink(dir_.File("secret.txt"), dir_.File("dist/assets/leak.js.br"));
  HttpResponse script = Get("/assets/leak.js", "br");
  EXPECT_EQ(script.body, "leak()");
  EXPECT_EQ(HeaderOf(script, "Content-Encoding"), std::nullopt);
}

TEST_F(StaticFilesTest, StaleCopyIsIgnored) {
  const fs::path original = dir_.File("dist/assets/app.js");
  fs::last_write_time(dir_.File("dist/assets/app.js.br"),
                      fs::last_write_time(original) - std::chrono::hours(1));
  fs::last_write_time(dir_.File("dist/assets/app.js.gz"),
                      fs::last_write_time(original) - std::chrono::hours(1));
  EXPECT_EQ(Get("/assets/app.js", "br, gzip").body, "console.log(1)");
}

TEST(AcceptEncodingTest, QualitiesAndDefaults) {
  AcceptEncoding none = ParseAcceptEncoding("");
  EXPECT_EQ(none.brotli, 0);
  EXPECT_EQ(none.gzip, 0);
  EXPECT_EQ(none.identity, 1);  // acceptable, least wanted
  AcceptEncoding listed = ParseAcceptEncoding(" GZIP ; Q=0.8 ,br;q=0.25, identity;q=0");
  EXPECT_EQ(listed.gzip, 800);
  EXPECT_EQ(listed.brotli, 250);
  EXPECT_EQ(listed.identity, 0);
  EXPECT_EQ(ParseAcceptEncoding("x-gzip").gzip, 1000);
  EXPECT_EQ(ParseAcceptEncoding("br;level=5;q=1.000").brotli, 1000);
}

TEST(AcceptEncodingTest, StarCoversWhatIsNotNamed) {
  AcceptEncoding star = ParseAcceptEncoding("*;q=0.5, br;q=0");
  EXPECT_EQ(star.brotli, 0);
  EXPECT_EQ(star.gzip, 500);
  EXPECT_EQ(star.identity, 500);
  EXPECT_EQ(ParseAcceptEncoding("*;q=0").identity, 0);
  EXPECT_EQ(ParseAcceptEncoding("*;q=0, identity").identity, 1000);
}

TEST(AcceptEncodingTest, MalformedElementsAreIgnored) {
  EXPECT_EQ(ParseAcceptEncoding("br;q=2").brotli, 0);
  EXPECT_EQ(ParseAcceptEncoding("br;q=abc, gzip").brotli, 0);
  EXPECT_EQ(ParseAcceptEncoding("br;q=0.1234").brotli, 0);
  EXPECT_EQ(ParseAcceptEncoding("br;q=1.5").brotli, 0);
  EXPECT_EQ(ParseAcceptEncoding(",,; q=1,br").brotli, 1000);
  EXPECT_EQ(ParseAcceptEncoding("br;q=").brotli, 0);
}

TEST(AcceptEncodingTest, ChoosesTheBestAvailable) {
  const AcceptEncoding both = ParseAcceptEncoding("gzip, br");
  EXPECT_EQ(ChooseCoding(both, true, true), ContentCoding::kBrotli);  // tie: brotli
  EXPECT_EQ(ChooseCoding(both, false, true), ContentCoding::kGzip);
  EXPECT_EQ(ChooseCoding(both, false, false), ContentCoding::kIdentity);
  EXPECT_EQ(ChooseCoding(ParseAcceptEncoding("br;q=0.5, identity"), true, false),
            ContentCoding::kIdentity);
  // Nothing acceptable is available: identity rather than a 406.
  EXPECT_EQ(ChooseCoding(ParseAcceptEncoding("identity;q=0, br"), false, false),
            ContentCoding::kIdentity);
}

TEST(MimeTypeTest, KnownAndUnknown) {
  EXPECT_EQ(MimeTypeFor("a.svg"), "image/svg+xml");
  EXPECT_EQ(MimeTypeFor("a.wasm"), "application/wasm");
  EXPECT_EQ(MimeTypeFor("a.unknown"), "application/octet-stream");
}

}  // namespace
}  // namespace mc
