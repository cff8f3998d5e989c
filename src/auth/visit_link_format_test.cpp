#include "auth/visit_link_format.h"

#include <gtest/gtest.h>

#include <string>

namespace mc {
namespace {

TEST(VisitLinkFormatTest, Tokens) {
  EXPECT_TRUE(IsWellFormedVisitToken("0123456789abcdef0123456789abcdef"));
  EXPECT_FALSE(IsWellFormedVisitToken("0123456789ABCDEF0123456789abcdef"));
  EXPECT_FALSE(IsWellFormedVisitToken(std::string(31, 'a')));
  EXPECT_FALSE(IsWellFormedVisitToken(std::string(33, 'a')));
  EXPECT_FALSE(IsWellFormedVisitToken(""));
}

TEST(VisitLinkFormatTest, Purposes) {
  EXPECT_TRUE(IsValidVisitPurpose("appointment:42"));
  EXPECT_TRUE(IsValidVisitPurpose(std::string(64, 'x')));
  EXPECT_FALSE(IsValidVisitPurpose(std::string(65, 'x')));
  EXPECT_FALSE(IsValidVisitPurpose(""));
  EXPECT_FALSE(IsValidVisitPurpose("Bad Purpose"));
  EXPECT_FALSE(IsValidVisitPurpose(std::string("a\0b", 3)));
}

TEST(VisitLinkFormatTest, AppointmentIds) {
  EXPECT_EQ(AppointmentIdOfPurpose("appointment:42"), 42);
  EXPECT_EQ(AppointmentIdOfPurpose("appointment:7"), 7);
  EXPECT_EQ(AppointmentIdOfPurpose("appointment:007"), std::nullopt);  // one spelling
  EXPECT_EQ(AppointmentIdOfPurpose("appointment:0"), std::nullopt);
  EXPECT_EQ(AppointmentIdOfPurpose("appointment:999999999999999999"),
            999999999999999999);
  EXPECT_EQ(AppointmentIdOfPurpose("appointment:9999999999999999999"),
            std::nullopt);
  EXPECT_EQ(AppointmentIdOfPurpose("appointment:"), std::nullopt);
  EXPECT_EQ(AppointmentIdOfPurpose("appointment:4a"), std::nullopt);
  EXPECT_EQ(AppointmentIdOfPurpose("appointment:-4"), std::nullopt);
  EXPECT_EQ(AppointmentIdOfPurpose("consult:42"), std::nullopt);
  EXPECT_TRUE(IsAppointmentPurpose("appointment:4a"));
  EXPECT_FALSE(IsAppointmentPurpose("appointment"));
  EXPECT_FALSE(IsAppointmentPurpose("xappointment:1"));
}

}  // namespace
}  // namespace mc
