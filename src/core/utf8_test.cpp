#include "core/utf8.h"

#include <gtest/gtest.h>

namespace mc {
namespace {

TEST(Utf8Test, AcceptsWellFormedText) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("plain ascii"));
  EXPECT_TRUE(IsValidUtf8("K\xC3\xA4se \xE2\x82\xAC \xF0\x9F\x98\x80"));
  EXPECT_TRUE(IsValidUtf8("\xF4\x8F\xBF\xBF"));  // U+10FFFF
  EXPECT_TRUE(IsValidUtf8(std::string_view("a\0b", 3)));
}

TEST(Utf8Test, RefusesIllFormedText) {
  EXPECT_FALSE(IsValidUtf8("\xE4\xF6"));           // Latin-1 "äö"
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));           // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xE0\x80\xAF"));       // overlong, 3 bytes
  EXPECT_FALSE(IsValidUtf8("\xF0\x80\x80\xAF"));   // overlong, 4 bytes
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));       // surrogate U+D800
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));   // above U+10FFFF
  EXPECT_FALSE(IsValidUtf8("\xE2\x82"));           // truncated
  EXPECT_FALSE(IsValidUtf8("\x80"));               // lone continuation
  EXPECT_FALSE(IsValidUtf8("\xFF"));
}

TEST(Utf8Test, RepairReplacesEachBadSubsequence) {
  EXPECT_EQ(RepairUtf8("ok"), "ok");
  EXPECT_EQ(RepairUtf8("a\xE4\xF6z"), "a\xEF\xBF\xBD\xEF\xBF\xBDz");
  EXPECT_EQ(RepairUtf8("\xE2\x82z"), "\xEF\xBF\xBDz");  // truncated: one U+FFFD
  EXPECT_EQ(RepairUtf8("\xED\xA0\x80"),
            "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_TRUE(IsValidUtf8(RepairUtf8("\xC0\xAF\xF0\x9F\x98")));
}

}  // namespace
}  // namespace mc
