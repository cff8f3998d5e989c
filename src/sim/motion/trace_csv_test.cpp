#include "sim/motion/trace_csv.h"

#include <string>

#include <gtest/gtest.h>

namespace mc::motion {
namespace {

std::string Header() {
  std::string header = "t_ms";
  for (int i = 0; i < kKeypointCount; ++i) {
    std::string name(KeypointName(static_cast<Keypoint>(i)));
    header += "," + name + "_x," + name + "_y," + name + "_z," + name + "_score";
  }
  return header;
}

// One row: every keypoint at (i, 2i, z) with score 0.8; z empty if "".
std::string Row(const std::string& t_ms, const std::string& z = "") {
  std::string row = t_ms;
  for (int i = 0; i < kKeypointCount; ++i) {
    row += "," + std::to_string(i) + "," + std::to_string(2 * i) + "," + z +
           ",0.8";
  }
  return row;
}

TraceError ErrorOf(const std::string& text) {
  auto parsed = ParseTraceCsv(text);
  EXPECT_TRUE(std::holds_alternative<TraceError>(parsed));
  if (!std::holds_alternative<TraceError>(parsed)) return {};
  return std::get<TraceError>(parsed);
}

TEST(TraceCsv, Reads2dAnd3d) {
  auto flat = ParseTraceCsv(Header() + "\n" + Row("0") + "\r\n" + Row("33.5") +
                            "\n\n");
  ASSERT_TRUE(std::holds_alternative<std::vector<Frame>>(flat));
  const auto& frames = std::get<std::vector<Frame>>(flat);
  ASSERT_EQ(frames.size(), 2u);
  EXPECT_FALSE(frames[0].has_depth);
  EXPECT_EQ(frames[1].t_ms, 33.5);
  EXPECT_EQ(frames[1].at(Keypoint::kRightAnkle).position.y, 32);
  EXPECT_EQ(frames[1].at(Keypoint::kRightAnkle).score, 0.8);

  auto deep = ParseTraceCsv(Header() + "\n" + Row("0", "1.5"));
  ASSERT_TRUE(std::holds_alternative<std::vector<Frame>>(deep));
  EXPECT_TRUE(std::get<std::vector<Frame>>(deep)[0].has_depth);
  EXPECT_EQ(std::get<std::vector<Frame>>(deep)[0].at(Keypoint::kNose).position.z,
            1.5);
}

TEST(TraceCsv, ColumnsInAnyOrderAndExtraColumnsIgnored) {
  // Move t_ms to the end and add a column nobody reads.
  std::string header = Header().substr(5) + ",t_ms,note";
  std::string row = Row("0").substr(2) + ",0,hello";
  auto parsed = ParseTraceCsv(header + "\n" + row);
  ASSERT_TRUE(std::holds_alternative<std::vector<Frame>>(parsed));
  EXPECT_EQ(std::get<std::vector<Frame>>(parsed)[0].at(Keypoint::kLeftEye)
                .position.x,
            1);
}

TEST(TraceCsv, Empty) {
  EXPECT_EQ(ErrorOf("").code, "trace_empty");
  EXPECT_EQ(ErrorOf(Header() + "\n").code, "trace_empty");
}

TEST(TraceCsv, MissingColumnsAreAllNamed) {
  std::string header = Header();
  header.replace(header.find(",leftKnee_score"), 15, "");
  header.replace(header.find("t_ms"), 4, "time");
  TraceError error = ErrorOf(header + "\n" + Row("0"));
  EXPECT_EQ(error.code, "trace_missing_column");
  EXPECT_NE(error.message.find("t_ms"), std::string::npos);
  EXPECT_NE(error.message.find("leftKnee_score"), std::string::npos);
}

TEST(TraceCsv, RowWidth) {
  TraceError error = ErrorOf(Header() + "\n" + Row("0") + ",7");
  EXPECT_EQ(error.code, "trace_row_width");
  EXPECT_NE(error.message.find("line 2"), std::string::npos);
}

TEST(TraceCsv, NotANumber) {
  std::string row = Row("40");
  row.replace(row.find(",0.8"), 4, ",high");
  TraceError error = ErrorOf(Header() + "\n" + Row("0") + "\n" + row);
  EXPECT_EQ(error.code, "trace_not_a_number");
  EXPECT_NE(error.message.find("line 3, column nose_score"), std::string::npos)
      << error.message;
  EXPECT_EQ(ErrorOf(Header() + "\n" + Row("inf")).code, "trace_not_a_number");
  EXPECT_EQ(ErrorOf(Header() + "\n" + Row("1e999")).code, "trace_not_a_number");
  EXPECT_EQ(ErrorOf(Header() + "\n" + Row("12abc")).code, "trace_not_a_number");
}

TEST(TraceCsv, ScoreOutsideZeroToOne) {
  std::string row = Row("0");
  row.replace(row.rfind(",0.8"), 4, ",1.2");
  TraceError error = ErrorOf(Header() + "\n" + row);
  EXPECT_EQ(error.code, "trace_score_range");
  EXPECT_NE(error.message.find("rightAnkle_score"), std::string::npos);
}

TEST(TraceCsv, DepthGivenInSomeRowsOnly) {
  TraceError error = ErrorOf(Header() + "\n" + Row("0", "1") + "\n" + Row("33"));
  EXPECT_EQ(error.code, "trace_depth_mixed");
  EXPECT_NE(error.message.find("line 3"), std::string::npos);
}

TEST(TraceCsv, TimeGoingBackwardsOrRepeating) {
  TraceError backwards =
      ErrorOf(Header() + "\n" + Row("100") + "\n" + Row("66"));
  EXPECT_EQ(backwards.code, "trace_time_order");
  EXPECT_NE(backwards.message.find("100 then 66"), std::string::npos)
      << backwards.message;
  EXPECT_EQ(ErrorOf(Header() + "\n" + Row("100") + "\n" + Row("100")).code,
            "trace_time_order");
}

TEST(TraceCsv, TooLarge) {
  std::string text = Header() + "\n";
  std::string row = Row("0");
  text.reserve(text.size() + (row.size() + 8) * (kMaxTraceFrames + 1));
  for (size_t i = 0; i <= kMaxTraceFrames; ++i) text += row + "\n";
  EXPECT_EQ(ErrorOf(text).code, "trace_too_large");
}

}  // namespace
}  // namespace mc::motion
