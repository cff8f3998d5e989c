#include "sim/motion/head_trace.h"

#include <cmath>
#include <string>
#include <variant>

#include <gtest/gtest.h>

#include "sim/motion/motion_c_api.h"
#include "sim/motion/set_trace.h"

namespace mc::motion {
namespace {

constexpr double kPi = 3.14159265358979323846;

// A head turned `yaw_deg` about +y (positive: to the left in WebXR's frame)
// and pitched `pitch_deg` about the head's own x axis (nodding).
std::string Row(double t_ms, double yaw_deg, double pitch_deg = 0) {
  double yaw = yaw_deg * kPi / 360, pitch = pitch_deg * kPi / 360;
  // q = q_yaw * q_pitch
  double qx = std::cos(yaw) * std::sin(pitch);
  double qy = std::sin(yaw) * std::cos(pitch);
  double qz = -std::sin(yaw) * std::sin(pitch);
  double qw = std::cos(yaw) * std::cos(pitch);
  char text[160];
  std::snprintf(text, sizeof text, "%.0f,%.6f,%.6f,%.6f,%.6f\n", t_ms, qx, qy,
                qz, qw);
  return text;
}

TEST(HeadTrace, RotationIsTheYawTowardsTheSideWhateverThePitch) {
  for (double yaw : {-80.0, -30.0, 0.0, 15.0, 45.0, 85.0}) {
    for (double pitch : {-20.0, 0.0, 25.0}) {
      auto parsed = ParseHeadTraceCsv(
          "t_ms,head_qx,head_qy,head_qz,head_qw\n" + Row(0, yaw, pitch),
          Side::kLeft);
      ASSERT_TRUE(std::holds_alternative<std::vector<HeadSample>>(parsed));
      const HeadSample& sample = std::get<std::vector<HeadSample>>(parsed)[0];
      EXPECT_NEAR(*sample.rotation_deg, yaw, 0.01) << yaw << " " << pitch;
      EXPECT_NEAR(HeadRotationTowardsDeg(0, std::sin(yaw * kPi / 360), 0,
                                         std::cos(yaw * kPi / 360),
                                         Side::kRight),
                  -yaw, 1e-9);
    }
  }
}

// Five turns to the right to 70 degrees at 30 Hz, one of them only to 35
// (partial), and a second without tracking: counted by the same analyser
// as the body exercises.
TEST(HeadTrace, TurnsAreCountedAsRepsWithRangeAndGaps) {
  std::string csv = "head_qw,t_ms,head_qx,head_qy,head_qz,extra\n";
  double t = 0;
  // Row's t,qx,qy,qz,qw in the header's order: qw,t,qx,qy,qz,extra.
  auto add = [&](double yaw) {
    std::string row = Row(t, yaw);
    size_t first = row.find(','), last = row.rfind(',');
    csv += row.substr(last + 1, row.size() - last - 2) + "," +
           row.substr(0, first) + "," +
           row.substr(first + 1, last - first - 1) + ",x\n";
    t += 1000.0 / 30;
  };
  auto hold = [&](double yaw, double ms) {
    for (double end = t + ms; t < end;) add(yaw);
  };
  auto turn = [&](double peak) {  // negative yaw: to the right
    for (int step = 0; step <= 45; ++step) add(-peak * std::sin(step * kPi / 45));
  };
  hold(0, 1000);
  for (double peak : {70.0, 70.0, 35.0, 70.0}) {
    turn(peak);
    hold(0, 600);
  }
  for (int frame = 0; frame < 30; ++frame, t += 1000.0 / 30) {
    csv += ",";
    csv += std::to_string(static_cast<long long>(t)) + ",,,,x\n";
  }
  hold(0, 600);
  turn(70);
  hold(0, 1000);
  auto analysed = AnalyseTraceCsv(
      csv, {Exercise::kCervicalRotation, Side::kRight, 60.0});
  ASSERT_TRUE(std::holds_alternative<SetResult>(analysed))
      << std::get<TraceError>(analysed).message;
  const SetResult& result = std::get<SetResult>(analysed);
  EXPECT_EQ(result.reps.size(), 4u);
  EXPECT_EQ(result.partials.size(), 1u);
  ASSERT_TRUE(result.rom);
  EXPECT_NEAR(result.rom->max_deg, 70, 3);
  EXPECT_NEAR(result.rom->min_deg, 0, 1);
  EXPECT_NEAR(result.low_confidence_ms, 1000, 40);
  // Turning left instead reads negative: no rep to the right.
  auto left = AnalyseTraceCsv(csv, {Exercise::kCervicalRotation, Side::kLeft, 60.0});
  EXPECT_EQ(std::get<SetResult>(left).reps.size(), 0u);
}

// The browser's live path: the same turns pushed frame by frame through
// the C API count as the offline analysis does.
TEST(HeadTrace, LiveHeadFramesThroughTheCApi) {
  int handle = mc_motion_live_open("cervical-rotation", "left", 60);
  ASSERT_GT(handle, 0);
  double t = 0;
  auto push = [&](double yaw) {
    double half = yaw * kPi / 360;
    EXPECT_EQ(mc_motion_live_push_head(handle, t, 0, std::sin(half), 0, std::cos(half)), 0);
    t += 1000.0 / 30;
  };
  for (int frame = 0; frame < 20; ++frame) push(0);
  for (int turn = 0; turn < 2; ++turn) {
    for (int step = 0; step <= 60; ++step) push(70 * std::sin(step * kPi / 60));
    for (int frame = 0; frame < 10; ++frame) push(0);
  }
  EXPECT_EQ(mc_motion_live_push_head(handle, t, NAN, NAN, NAN, NAN), 0);
  EXPECT_TRUE(std::isnan(mc_motion_live_reading()[0]));  // no tracking
  EXPECT_EQ(mc_motion_live_reading()[2], 2);              // reps
  mc_motion_live_close(handle);
  int knee = mc_motion_live_open("knee-extension", "right", NAN);
  EXPECT_EQ(mc_motion_live_push_head(knee, 0, 0, 0, 0, 1), -1);
  mc_motion_live_close(knee);
}

TEST(HeadTrace, BadInputNamesTheProblem) {
  auto code = [](const std::string& csv) {
    auto parsed = ParseHeadTraceCsv(csv, Side::kLeft);
    return std::holds_alternative<TraceError>(parsed)
               ? std::get<TraceError>(parsed).code
               : std::string("ok");
  };
  const std::string header = "t_ms,head_qx,head_qy,head_qz,head_qw\n";
  EXPECT_EQ(code(header), "trace_empty");
  EXPECT_EQ(code("t_ms,head_qx,head_qy,head_qz\n0,0,0,0\n"),
            "trace_missing_column");
  EXPECT_EQ(code(header + "0,0,0,0\n"), "trace_row_width");
  EXPECT_EQ(code(header + "0,0,,0,1\n"), "trace_not_a_number");
  EXPECT_EQ(code(header + "0,a,0,0,1\n"), "trace_not_a_number");
  EXPECT_EQ(code(header + "0,0,0,0,2\n"), "trace_not_a_rotation");
  EXPECT_EQ(code(header + "5,0,0,0,1\n5,0,0,0,1\n"), "trace_time_order");
  EXPECT_EQ(code(header + "0,,,,\n1,0,0,0,1\n"), "ok");
}

}  // namespace
}  // namespace mc::motion
