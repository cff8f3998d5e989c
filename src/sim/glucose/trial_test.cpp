#include "sim/glucose/trial.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "gtest/gtest.h"
#include "sim/glucose/output.h"
#include "sim/glucose/test_support.h"

namespace mc::glucose {
namespace {

using testing::Parameters;

TEST(GlucoseTrialTest, ParsesArmFile) {
  auto arm = ParseArmToml(
      "controller = \"basal-bolus\"\ncarb_ratio_scale = 0.8\nbasal_scale = 1.1\n"
      "target_mg_dl = 120\nmeals = \"07:00=50\"\nsensor = \"GuardianRT\"\npump = \"none\"\n",
      "aggressive");
  ASSERT_TRUE(arm.ok()) << MessageOf(arm.status());
  EXPECT_EQ(arm->controller.kind, ControllerKind::kBasalBolus);
  EXPECT_DOUBLE_EQ(arm->controller.carb_ratio_scale, 0.8);
  EXPECT_DOUBLE_EQ(arm->controller.basal_scale, 1.1);
  EXPECT_DOUBLE_EQ(arm->controller.target_mg_dl, 120);
  ASSERT_TRUE(arm->meals.has_value());
  EXPECT_EQ(arm->sensor, "GuardianRT");
  EXPECT_EQ(arm->pump, "none");
  auto defaults = ParseArmToml("", "standard");
  ASSERT_TRUE(defaults.ok());
  EXPECT_EQ(defaults->controller.kind, ControllerKind::kBasalBolus);
  EXPECT_FALSE(defaults->meals.has_value());
}

TEST(GlucoseTrialTest, ArmFileErrors) {
  for (const char* bad : {"carb_ratio = 1", "basal_scale = \"x\"", "basal_scale = -1",
                          "controller = \"pid\"", "meals = \"7=5\"", "= broken"}) {
    auto arm = ParseArmToml(bad, "a");
    EXPECT_FALSE(arm.ok()) << bad;
    EXPECT_EQ(ErrorCode(arm.status()), "bad_arm") << bad;
  }
  EXPECT_EQ(ErrorCode(LoadArmFile("/nonexistent.toml", "a").status()), "file_not_found");
}

TEST(GlucoseTrialTest, RunsPairedArmsDeterministicallyAndWritesReport) {
  TrialOptions options;
  options.cohorts = {Cohort::kAdult};
  options.days = 2;
  ArmConfig standard = *ParseArmToml("", "standard");
  ArmConfig weak = *ParseArmToml("carb_ratio_scale = 2.0", "weak bolus");
  options.arms = {standard, weak};
  options.threads = 2;
  auto result = RunTrial(Parameters(), options);
  ASSERT_TRUE(result.ok()) << MessageOf(result.status());
  ASSERT_EQ(result->patient_names.size(), 10u);
  // Half the meal insulin: higher glucose in every patient.
  for (int p = 0; p < 10; ++p) {
    EXPECT_GT(result->At(1, p).metrics.mean_mg_dl, result->At(0, p).metrics.mean_mg_dl);
    EXPECT_EQ(result->At(1, p).carbs_g_per_day, result->At(0, p).carbs_g_per_day);
    EXPECT_EQ(result->At(0, p).metrics.samples, 2 * 1440);
  }
  options.threads = 1;
  auto again = RunTrial(Parameters(), options);
  ASSERT_TRUE(again.ok());
  for (size_t i = 0; i < result->results.size(); ++i) {
    EXPECT_EQ(result->results[i].metrics.mean_mg_dl, again->results[i].metrics.mean_mg_dl);
  }
  std::string dir = ::testing::TempDir() + "/glucose_trial_test";
  ASSERT_TRUE(WriteTrialOutputs(*result, dir).ok());
  for (const char* file : {"patients.csv", "patients.json", "arms.csv", "arms.json", "report.html"}) {
    EXPECT_TRUE(std::filesystem::exists(dir + "/" + file)) << file;
  }
  std::ifstream in(dir + "/report.html");
  std::stringstream html;
  html << in.rdbuf();
  EXPECT_NE(html.str().find("<svg"), std::string::npos);
  EXPECT_EQ(html.str().find("<script"), std::string::npos);
}

TEST(GlucoseTrialTest, RejectsBadTrials) {
  TrialOptions options;
  EXPECT_EQ(ErrorCode(RunTrial(Parameters(), options).status()), "bad_trial");
  options.arms = {*ParseArmToml("", "a"), *ParseArmToml("", "a")};
  EXPECT_EQ(ErrorCode(RunTrial(Parameters(), options).status()), "bad_trial");
  options.arms = {*ParseArmToml("sensor = \"Libre\"", "a")};
  EXPECT_EQ(ErrorCode(RunTrial(Parameters(), options).status()), "bad_trial");
  options.arms = {*ParseArmToml("", "a")};
  options.days = 0;
  EXPECT_EQ(ErrorCode(RunTrial(Parameters(), options).status()), "bad_trial");
}

TEST(GlucoseTrialTest, PairedDifferenceConfidenceInterval) {
  PairedDifference d = PairedDifferenceOf({2, 4, 6}, {1, 2, 3});
  EXPECT_DOUBLE_EQ(d.mean, 2);
  // differences 1,2,3: sd 1, se 1/sqrt(3), t(2) = 4.303.
  EXPECT_NEAR(d.ci_high - d.mean, 4.303 / std::sqrt(3.0), 1e-9);
  EXPECT_NEAR(StudentT975(100), 1.984, 0.002);
  EXPECT_NEAR(StudentT975(40), 2.021, 0.002);
}

}  // namespace
}  // namespace mc::glucose
