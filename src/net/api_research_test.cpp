#include "net/api_research.h"

#include <gtest/gtest.h>

namespace mc {
namespace {

using nlohmann::json;

json Design() {
  return json::parse(R"({
    "cohort": ["child#001", "adults"], "days": 2,
    "meals": {"kind": "fixed", "daily": [{"time": "07:00", "grams": 50},
                                         {"time": "12:00", "grams": 70.5}]},
    "seed": 7,
    "arms": [{"name": "standard"},
             {"name": "tighter", "controller": "basal-bolus", "carb_ratio_scale": 0.8,
              "target_mg_dl": 110, "sensor": "GuardianRT", "pump": "none"}],
    "outcome": "cv"})");
}

std::string CodeOf(const json& body) {
  auto parsed = api::ParseTrialDesign(body);
  return parsed.ok() ? "ok" : ErrorCode(parsed.status());
}

TEST(ApiResearchTest, ParsesADesignAndWritesItBack) {
  auto design = api::ParseTrialDesign(Design());
  ASSERT_TRUE(design.ok()) << MessageOf(design.status());
  EXPECT_EQ(design->cohort, (std::vector<std::string>{"child#001", "adults"}));
  EXPECT_EQ(design->days, 2);
  EXPECT_EQ(design->meals, "07:00=50,12:00=70.5");
  EXPECT_EQ(design->seed, 7u);
  ASSERT_EQ(design->arms.size(), 2u);
  EXPECT_EQ(design->arms[0].controller.kind, glucose::ControllerKind::kBasalBolus);
  EXPECT_DOUBLE_EQ(design->arms[1].controller.carb_ratio_scale, 0.8);
  EXPECT_DOUBLE_EQ(design->arms[1].controller.target_mg_dl, 110);
  EXPECT_EQ(design->arms[1].sensor, "GuardianRT");
  EXPECT_EQ(design->arms[1].pump, "none");
  EXPECT_EQ(design->outcome, glucose::TrialOutcome::kCv);

  json again = api::TrialDesignJson(*design);
  EXPECT_EQ(again["meals"], Design()["meals"]);
  auto reparsed = api::ParseTrialDesign(again);
  ASSERT_TRUE(reparsed.ok()) << MessageOf(reparsed.status());
  EXPECT_EQ(api::TrialDesignJson(*reparsed), again);

  json random = Design();
  random["meals"] = {{"kind", "random"}};
  random.erase("seed");
  design = api::ParseTrialDesign(random);
  ASSERT_TRUE(design.ok());
  EXPECT_EQ(design->meals, "random");
  EXPECT_EQ(design->seed, 1u);
}

TEST(ApiResearchTest, EveryShapeErrorHasItsCode) {
  EXPECT_EQ(CodeOf(json::array()), "invalid_json");
  auto with = [](const char* key, json value) {
    json body = Design();
    body[key] = std::move(value);
    return body;
  };
  EXPECT_EQ(CodeOf(with("extra", 1)), "unknown_field");
  EXPECT_EQ(CodeOf(with("cohort", json::array())), "invalid_cohort");
  EXPECT_EQ(CodeOf(with("cohort", "adults")), "invalid_cohort");
  EXPECT_EQ(CodeOf(with("cohort", json::array({1}))), "invalid_cohort");
  EXPECT_EQ(CodeOf(with("days", 1.5)), "invalid_days");
  EXPECT_EQ(CodeOf(with("days", "2")), "invalid_days");
  EXPECT_EQ(CodeOf(with("meals", "random")), "invalid_meals");
  EXPECT_EQ(CodeOf(with("meals", {{"kind", "sometimes"}})), "invalid_meals");
  EXPECT_EQ(CodeOf(with("meals", {{"kind", "fixed"}, {"daily", json::array()}})),
            "invalid_meals");
  EXPECT_EQ(CodeOf(with("meals", {{"kind", "fixed"}, {"daily", json::array({json{{"time", "7"}, {"grams", 5}}})}})),
            "invalid_meals");
  EXPECT_EQ(CodeOf(with("seed", -1)), "invalid_seed");
  EXPECT_EQ(CodeOf(with("arms", {{"name", "a"}})), "invalid_arms");  // an object
  EXPECT_EQ(CodeOf(with("arms", "two")), "invalid_arms");
  EXPECT_EQ(CodeOf(with("arms", json::array({json{{"name", "a"}, {"dose", 2}}}))), "invalid_arm");
  EXPECT_EQ(CodeOf(with("arms", json::array({json{{"name", "a"}, {"basal_scale", "1"}}}))), "invalid_arm");
  EXPECT_EQ(CodeOf(with("arms", json::array({json{{"name", "a"}, {"controller", "pid"}}}))), "invalid_arm");
  EXPECT_EQ(CodeOf(with("outcome", "hba1c")), "invalid_outcome");
  EXPECT_EQ(CodeOf(with("outcome", 3)), "invalid_outcome");
}

}  // namespace
}  // namespace mc
