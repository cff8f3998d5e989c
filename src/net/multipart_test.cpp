#include "net/multipart.h"

#include <gtest/gtest.h>

namespace mc {
namespace {

constexpr char kType[] =
    "multipart/related; type=\"application/dicom\"; boundary=XyZ";

TEST(MultipartTest, SplitsWhatJoinMakes) {
  const std::string first("DICM\r\n--XyZ-not-a-boundary\0bytes", 31);
  const std::string body =
      JoinMultipartRelated({first, "second"}, "application/dicom", "XyZ");
  auto parts = SplitMultipartRelated(kType, body, "application/dicom");
  ASSERT_TRUE(parts.ok()) << parts.status();
  ASSERT_EQ(parts->size(), 2u);
  EXPECT_EQ((*parts)[0], first);
  EXPECT_EQ((*parts)[1], "second");
  EXPECT_EQ(MultipartContentType("application/dicom", "XyZ"), kType);
}

TEST(MultipartTest, AcceptsQuotedBoundaryAndPartsWithoutHeaders) {
  const std::string body = "preamble\r\n--b 1\r\n\r\nabc\r\n--b 1--\r\n";
  auto parts = SplitMultipartRelated("Multipart/Related; boundary=\"b 1\"",
                                     body, "application/dicom");
  ASSERT_TRUE(parts.ok()) << parts.status();
  ASSERT_EQ(parts->size(), 1u);
  EXPECT_EQ((*parts)[0], "abc");
}

TEST(MultipartTest, RefusesWhatIsNotMultipartDicom) {
  const std::string body =
      JoinMultipartRelated({"x"}, "application/dicom", "XyZ");
  EXPECT_EQ(ErrorCode(SplitMultipartRelated("application/dicom", body,
                                            "application/dicom")
                          .status()),
            "unsupported_media_type");
  EXPECT_EQ(
      ErrorCode(SplitMultipartRelated(
                    "multipart/related; type=\"image/jpeg\"; boundary=XyZ",
                    body, "application/dicom")
                    .status()),
      "unsupported_media_type");
  EXPECT_EQ(ErrorCode(SplitMultipartRelated("multipart/related", body,
                                            "application/dicom")
                          .status()),
            "invalid_multipart");
  const std::string jpeg = JoinMultipartRelated({"x"}, "image/jpeg", "XyZ");
  EXPECT_EQ(
      ErrorCode(
          SplitMultipartRelated(kType, jpeg, "application/dicom").status()),
      "unsupported_media_type");
  for (const char* broken :
       {"", "--XyZ\r\n\r\nno end", "--XyZ\r\nno headers end", "--XyZgarbage"}) {
    EXPECT_EQ(
        ErrorCode(
            SplitMultipartRelated(kType, broken, "application/dicom").status()),
        "invalid_multipart")
        << broken;
  }
}

}  // namespace
}  // namespace mc
