#include "net/router.h"

#include <gtest/gtest.h>

namespace mc {
namespace {

HttpRequest Request(const std::string& method, const std::string& path) {
  HttpRequest request;
  request.method = method;
  request.path = path;
  return request;
}

TEST(RouterTest, MatchesParamsAndMethods) {
  Router router;
  router.Add("GET", "/api/users/{id}", [](const HttpRequest&, const PathParams& params) {
    return HttpResponse::Json(200, {{"id", params.at("id")}});
  });
  EXPECT_EQ(router.Handle(Request("GET", "/api/users/7")).body, R"({"id":"7"})");
  EXPECT_EQ(router.Handle(Request("HEAD", "/api/users/7")).status, 200);
  EXPECT_EQ(router.Handle(Request("DELETE", "/api/users/7")).status, 405);
  EXPECT_EQ(router.Handle(Request("GET", "/api/users/")).status, 404);
  EXPECT_EQ(router.Handle(Request("GET", "/api/users/7/x")).status, 404);
  // The log names the pattern, never the id in the path.
  EXPECT_EQ(router.Handle(Request("GET", "/api/users/7")).route, "/api/users/{id}");
  EXPECT_EQ(router.Handle(Request("DELETE", "/api/users/7")).route, "/api/users/{id}");
  EXPECT_EQ(router.Handle(Request("GET", "/api/users/7/x")).route, "");
}

TEST(RouterTest, FallbackOnlyForReads) {
  Router router;
  router.SetFallback([](const HttpRequest&, const PathParams&) {
    return HttpResponse::Json(200, {{"static", true}});
  });
  EXPECT_EQ(router.Handle(Request("GET", "/index.html")).status, 200);
  EXPECT_EQ(router.Handle(Request("GET", "/index.html")).route, "static");
  EXPECT_EQ(router.Handle(Request("POST", "/index.html")).status, 404);
}

}  // namespace
}  // namespace mc
