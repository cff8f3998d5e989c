#include "sim/glucose/trial_design.h"

#include <cmath>

#include "gtest/gtest.h"
#include "sim/glucose/output.h"
#include "sim/glucose/test_support.h"

namespace mc::glucose {
namespace {

using testing::Parameters;

TrialDesign SmallDesign() {
  TrialDesign design;
  design.cohort = {"child#001", "adult#002", "adolescent#003"};
  design.days = 1;
  design.meals = "07:00=50,12:00=70,18:00=80";
  design.seed = 7;
  ArmConfig standard = *ParseArmToml("", "standard");
  ArmConfig tighter = *ParseArmToml("carb_ratio_scale = 0.8\ntarget_mg_dl = 110", "tighter");
  design.arms = {standard, tighter};
  return design;
}

std::string CodeOf(const TrialDesign& design, const TrialDesignLimits& limits = {}) {
  return ErrorCode(ResolveTrialDesign(Parameters(), design, limits).status());
}

TEST(TrialDesignTest, ResolvesPatientsGroupsAndMeals) {
  auto resolved = ResolveTrialDesign(Parameters(), SmallDesign(), {});
  ASSERT_TRUE(resolved.ok()) << MessageOf(resolved.status());
  EXPECT_EQ(resolved->patients,
            (std::vector<std::string>{"child#001", "adult#002", "adolescent#003"}));
  EXPECT_EQ(resolved->patient_days, 3 * 1 * 2);
  ASSERT_EQ(resolved->options.arms.size(), 2u);
  for (const ArmConfig& arm : resolved->options.arms) EXPECT_TRUE(arm.meals.has_value());
  EXPECT_EQ(resolved->options.seed, 7u);

  TrialDesign groups = SmallDesign();
  groups.cohort = {"children", "child#001", "all"};
  groups.meals = "random";
  resolved = ResolveTrialDesign(Parameters(), groups, {});
  ASSERT_TRUE(resolved.ok()) << MessageOf(resolved.status());
  ASSERT_EQ(resolved->patients.size(), 30u);  // no patient twice
  EXPECT_EQ(resolved->patients.front(), "child#001");
  EXPECT_EQ(resolved->patients[10], "adult#001");  // then "all": adults first
  EXPECT_FALSE(resolved->options.arms[0].meals.has_value());
}

TEST(TrialDesignTest, EveryFieldHasItsCode) {
  TrialDesign design = SmallDesign();
  design.cohort = {};
  EXPECT_EQ(CodeOf(design), "invalid_cohort");
  design.cohort = {"child#099"};
  EXPECT_EQ(CodeOf(design), "invalid_cohort");
  design = SmallDesign();
  for (int days : {0, -1, 31}) {
    design.days = days;
    EXPECT_EQ(CodeOf(design), "invalid_days") << days;
  }
  design = SmallDesign();
  design.meals = "7=5";
  EXPECT_EQ(CodeOf(design), "invalid_meals");
  design = SmallDesign();
  design.arms.pop_back();
  EXPECT_EQ(CodeOf(design), "invalid_arms");
  design = SmallDesign();
  while (design.arms.size() < 7) {
    design.arms.push_back(design.arms[0]);
    design.arms.back().name = "arm " + std::to_string(design.arms.size());
  }
  EXPECT_EQ(CodeOf(design), "invalid_arms");
  design = SmallDesign();
  design.arms[1].name = "standard";
  EXPECT_EQ(CodeOf(design), "invalid_arm");
  design.arms[1].name = "";
  EXPECT_EQ(CodeOf(design), "invalid_arm");
  design = SmallDesign();
  design.arms[1].controller.basal_scale = 11;
  EXPECT_EQ(CodeOf(design), "invalid_arm");
  design = SmallDesign();
  design.arms[1].controller.target_mg_dl = std::nan("");
  EXPECT_EQ(CodeOf(design), "invalid_arm");
  design = SmallDesign();
  design.arms[1].sensor = "Libre";
  EXPECT_EQ(CodeOf(design), "invalid_arm");
  design = SmallDesign();
  design.arms[1].pump = "Omnipod";
  EXPECT_EQ(CodeOf(design), "invalid_arm");
  EXPECT_EQ(ErrorCode(ParseTrialOutcome("tir").status()), "invalid_outcome");
  EXPECT_EQ(*ParseTrialOutcome("cv"), TrialOutcome::kCv);
  EXPECT_EQ(TrialOutcomeMetric(TrialOutcome::kTimeBelow70), "below_70_percent");
}

TEST(TrialDesignTest, BoundsPatientsTimesDaysTimesArms) {
  TrialDesign design = SmallDesign();
  TrialDesignLimits limits;
  limits.max_patient_days = 6;
  EXPECT_TRUE(ResolveTrialDesign(Parameters(), design, limits).ok());
  limits.max_patient_days = 5;
  EXPECT_EQ(CodeOf(design, limits), "trial_too_large");
}

// The API's path (a design) and the CLI's (cohort words and arm files with
// the same meals) give the same options, hence byte-identical outputs.
TEST(TrialDesignTest, SameInputsAsTheCommandLineGiveIdenticalResults) {
  TrialDesign design = SmallDesign();
  design.cohort = {"children"};
  design.days = 1;
  auto resolved = ResolveTrialDesign(Parameters(), design, {});
  ASSERT_TRUE(resolved.ok());
  auto api = RunTrial(Parameters(), resolved->options);
  ASSERT_TRUE(api.ok());

  TrialOptions cli;
  cli.cohorts = {Cohort::kChild};
  cli.days = 1;
  cli.seed = 7;
  const std::string meals = "meals = \"07:00=50,12:00=70,18:00=80\"\n";
  cli.arms = {*ParseArmToml(meals, "standard"),
              *ParseArmToml(meals + "carb_ratio_scale = 0.8\ntarget_mg_dl = 110", "tighter")};
  cli.threads = 2;
  auto command_line = RunTrial(Parameters(), cli);
  ASSERT_TRUE(command_line.ok());
  const TrialOutputs a = RenderTrialOutputs(*api), b = RenderTrialOutputs(*command_line);
  EXPECT_EQ(a.patients_csv, b.patients_csv);
  EXPECT_EQ(a.arms_json, b.arms_json);
}

}  // namespace
}  // namespace mc::glucose
