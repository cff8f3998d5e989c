#include "net/http_types.h"

#include <gtest/gtest.h>

namespace mc {
namespace {

TEST(HttpTypesTest, CookiesAndQuery) {
  HttpRequest request;
  request.headers["cookie"] = "a=1; mc_session=abc; b=2";
  EXPECT_EQ(request.Cookie("mc_session"), "abc");
  EXPECT_EQ(request.Cookie("missing"), "");
  request.query = "type=Condition&x=a%20b+c&empty=";
  EXPECT_EQ(request.QueryParam("type"), "Condition");
  EXPECT_EQ(request.QueryParam("x"), "a b c");
  EXPECT_EQ(request.QueryParam("empty"), "");
  EXPECT_EQ(request.QueryParam("nope"), "");
}

TEST(HttpTypesTest, PercentDecodeRejectsMalformed) {
  std::string out;
  EXPECT_TRUE(PercentDecode("/a%2Fb", false, &out));
  EXPECT_EQ(out, "/a/b");
  EXPECT_FALSE(PercentDecode("%4", false, &out));
  EXPECT_FALSE(PercentDecode("%zz", false, &out));
  EXPECT_FALSE(PercentDecode("abc%", false, &out));
}

TEST(HttpTypesTest, ParseQueryDecodesPairsInOrder) {
  auto pairs = ParseQuery("b=2&a=x%20y+z&&flag&a=&=v");
  ASSERT_TRUE(pairs.ok());
  const QueryPairs expected = {{"b", "2"}, {"a", "x y z"}, {"flag", ""}, {"a", ""}, {"", "v"}};
  EXPECT_EQ(*pairs, expected);
  EXPECT_TRUE(ParseQuery("")->empty());
}

TEST(HttpTypesTest, ParseQueryRejectsMalformedEscapes) {
  EXPECT_EQ(ErrorCode(ParseQuery("a=1&b=%zz").status()), "invalid_query");
  EXPECT_EQ(ErrorCode(ParseQuery("%4=1").status()), "invalid_query");
}

TEST(HttpTypesTest, ErrorResponseUsesTheTable) {
  HttpResponse response = HttpResponse::Error(NotFound("user_not_found", "no"));
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(response.body, R"({"error":{"code":"user_not_found","message":"no"}})");
}

}  // namespace
}  // namespace mc
