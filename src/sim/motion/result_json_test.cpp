#include "sim/motion/result_json.h"

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "sim/motion/motion_c_api.h"

namespace mc::motion {
namespace {

constexpr double kDefault = std::numeric_limits<double>::quiet_NaN();

std::string TestdataDirectory() {
  const char* source = std::getenv("METACLINIC_SOURCE_DIR");
  return std::string(source == nullptr ? "." : source) +
         "/src/sim/motion/testdata/";
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(ResultJson, ShapeOfASet) {
  SetResult result;
  result.exercise = Exercise::kShoulderAbduction;
  result.side = Side::kRight;
  result.target_deg = 90;
  result.reps = {{1000.4, 3200.6, 97.25, 2000}};
  result.partials = {{4000, 5000, 61.04, 4500}};
  result.rom = RangeOfMotion{-0.02, 97.25};
  result.low_confidence_ms = 1000;
  result.low_confidence_spans = {{6000, 7000}};
  result.mean_rep_ms = 2200.2;
  result.fast_rep_count = 0;
  EXPECT_EQ(SetResultJson(result),
            "{\"exercise\":\"shoulder-abduction\",\"side\":\"right\","
            "\"target_deg\":90.0,\"rep_count\":1,\"partial_count\":1,"
            "\"reps\":[{\"start_ms\":1000,\"end_ms\":3201,\"peak_deg\":97.3}],"
            "\"partials\":[{\"start_ms\":4000,\"end_ms\":5000,\"peak_deg\":61."
            "0}],\"rom_deg\":{\"min\":0.0,\"max\":97.3},"
            "\"low_confidence_ms\":1000,\"low_confidence_spans\":[{\"start_"
            "ms\":6000,\"end_ms\":7000}],\"tempo\":{\"mean_rep_ms\":2200,"
            "\"fast_rep_count\":0}}");
  EXPECT_NE(SetResultJson(SetResult{}).find("\"rom_deg\":null"),
            std::string::npos);
}

// The golden traces (testdata/golden.txt): the native result must be the
// committed JSON byte for byte; the WebAssembly build is held to the same
// files (web/src/rehab/motion-core.test.ts), so native == WASM.
// MC_MOTION_UPDATE_GOLDEN=1 rewrites them (review the diff).
TEST(ResultJson, GoldenTracesMatchTheCommittedResults) {
  std::ifstream list(TestdataDirectory() + "golden.txt");
  ASSERT_TRUE(list.good()) << TestdataDirectory();
  std::string file, exercise, side, target;
  int cases = 0;
  while (list >> file >> exercise >> side >> target) {
    double target_deg = target == "default"
                            ? std::numeric_limits<double>::quiet_NaN()
                            : std::stod(target);
    std::string csv = ReadFile(TestdataDirectory() + file);
    ASSERT_EQ(mc_motion_analyse_csv(csv.c_str(), exercise.c_str(),
                                    side.c_str(), target_deg),
              0)
        << mc_motion_output();
    std::string json = mc_motion_output();
    std::string expected_path =
        TestdataDirectory() + file.substr(0, file.size() - 4) + ".json";
    if (std::getenv("MC_MOTION_UPDATE_GOLDEN") != nullptr) {
      std::ofstream(expected_path) << json << "\n";
    }
    EXPECT_EQ(json + "\n", ReadFile(expected_path)) << file;
    ++cases;
  }
  EXPECT_EQ(cases, 3);
}

TEST(MotionCApi, ErrorsAreJsonWithACode) {
  EXPECT_EQ(mc_motion_analyse_csv("t_ms\n1\n", "knee-flexion", "left", kDefault), 2);
  EXPECT_NE(std::string(mc_motion_output()).find("trace_missing_column"),
            std::string::npos);
  EXPECT_EQ(mc_motion_analyse_csv("", "jumping", "left", kDefault), 2);
  EXPECT_NE(std::string(mc_motion_output()).find("unknown_exercise"),
            std::string::npos);
  EXPECT_EQ(mc_motion_analyse_csv("", "knee-flexion", "middle", kDefault), 2);
  EXPECT_NE(std::string(mc_motion_output()).find("unknown_side"),
            std::string::npos);
  EXPECT_EQ(mc_motion_live_open("knee-extension", "left", 95), 0);
  EXPECT_NE(std::string(mc_motion_output()).find("bad_target"),
            std::string::npos);
}

TEST(MotionCApi, LiveSetReadsEachFrame) {
  int handle = mc_motion_live_open("elbow-flexion", "right", kDefault);
  ASSERT_GT(handle, 0);
  double keypoints[17 * 4] = {};
  for (int i = 0; i < 17; ++i) keypoints[4 * i + 3] = 0.9;
  // Right shoulder (6), elbow (8), wrist (10): upper arm down, forearm
  // bent 90 degrees.
  double* shoulder = keypoints + 4 * 6;
  double* elbow = keypoints + 4 * 8;
  double* wrist = keypoints + 4 * 10;
  shoulder[1] = 0;
  elbow[1] = 100;
  wrist[0] = 80;
  wrist[1] = 100;
  ASSERT_EQ(mc_motion_live_push(handle, 0, keypoints, 0), 0);
  const double* reading = mc_motion_live_reading();
  EXPECT_NEAR(reading[0], 90, 1e-9);
  wrist[3] = 0.1;
  ASSERT_EQ(mc_motion_live_push(handle, 33, keypoints, 0), 0);
  EXPECT_TRUE(std::isnan(mc_motion_live_reading()[0]));
  EXPECT_EQ(mc_motion_live_push(handle + 100, 66, keypoints, 0), -1);
  ASSERT_EQ(mc_motion_live_result(handle), 0);
  EXPECT_NE(std::string(mc_motion_output()).find("\"low_confidence_ms\":0"),
            std::string::npos);  // the span is open at the last frame
  mc_motion_live_close(handle);
  EXPECT_EQ(mc_motion_live_result(handle), -1);
}

}  // namespace
}  // namespace mc::motion
