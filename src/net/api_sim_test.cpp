#include "net/api_sim.h"

#include <gtest/gtest.h>

#include "core/paths.h"

namespace mc {
namespace {

using nlohmann::json;

const glucose::ScenarioLimits kLimits;

std::string CodeOf(const json& body) {
  auto parsed = api::ParseSimRequest(body, kLimits);
  return parsed.ok() ? "ok" : ErrorCode(parsed.status());
}

TEST(ApiSimTest, ParsesAFullRequest) {
  json body = json::parse(R"({
    "patient": "adolescent#001", "hours": 36,
    "meals": [{"time": "07:00", "grams": 50}, {"minute": 1500, "grams": 20.5}],
    "insulin": [{"minute": 420, "units": 4.5}],
    "controller": "basal-bolus",
    "therapy": {"carb_ratio_g_per_u": 10, "correction_factor_mg_dl_per_u": 40,
                "basal_u_per_h": 0.9},
    "every": 15, "seed": 7, "sensor": "GuardianRT", "pump": "none"})");
  auto parsed = api::ParseSimRequest(body, kLimits);
  ASSERT_TRUE(parsed.ok()) << MessageOf(parsed.status());
  const glucose::ScenarioRequest& request = *parsed;
  EXPECT_EQ(request.patient, "adolescent#001");
  EXPECT_EQ(request.minutes, 36 * 60);
  ASSERT_EQ(request.meals.size(), 2u);
  EXPECT_EQ(request.meals[0].repeat, glucose::ScenarioMeal::Repeat::kDaily);
  EXPECT_EQ(request.meals[0].minute, 420);
  EXPECT_EQ(request.meals[1].repeat, glucose::ScenarioMeal::Repeat::kOnce);
  EXPECT_EQ(request.meals[1].minute, 1500);
  EXPECT_EQ(request.meals[1].grams, 20.5);
  ASSERT_EQ(request.doses.size(), 1u);
  EXPECT_EQ(request.doses[0].minute, 420);
  EXPECT_EQ(request.doses[0].units, 4.5);
  EXPECT_EQ(request.controller, glucose::ControllerKind::kBasalBolus);
  EXPECT_EQ(request.therapy.carb_ratio_g_per_u, 10);
  EXPECT_EQ(request.therapy.correction_factor_mg_dl_per_u, 40);
  EXPECT_EQ(request.therapy.basal_u_per_h, 0.9);
  EXPECT_EQ(request.every_min, 15);
  EXPECT_EQ(request.seed, 7u);
  EXPECT_EQ(request.sensor, "GuardianRT");
  EXPECT_EQ(request.pump, "none");
}

TEST(ApiSimTest, DefaultsFillTheRest) {
  auto parsed = api::ParseSimRequest({{"patient", "adult#001"}}, kLimits);
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->minutes, 1440);
  EXPECT_EQ(parsed->every_min, 5);
  EXPECT_EQ(parsed->controller, glucose::ControllerKind::kBasalOnly);
  EXPECT_TRUE(parsed->meals.empty());
  EXPECT_FALSE(parsed->therapy.basal_u_per_h.has_value());
  EXPECT_EQ(parsed->sensor, "Dexcom");
  EXPECT_EQ(parsed->pump, "Insulet");
}

TEST(ApiSimTest, RejectsShapeErrorsWithStableCodes) {
  const json base = {{"patient", "adult#001"}};
  auto with = [&](const char* key, json value) {
    json body = base;
    body[key] = std::move(value);
    return body;
  };
  EXPECT_EQ(CodeOf(json::array()), "invalid_json");
  EXPECT_EQ(CodeOf(json::object()), "invalid_field");
  EXPECT_EQ(CodeOf({{"patient", 3}}), "invalid_field");
  EXPECT_EQ(CodeOf(with("colour", "red")), "unknown_field");
  EXPECT_EQ(CodeOf(with("hours", "24")), "invalid_hours");
  EXPECT_EQ(CodeOf(with("hours", -1)), "invalid_hours");
  EXPECT_EQ(CodeOf(with("hours", 1e300)), "invalid_hours");
  EXPECT_EQ(CodeOf(with("hours", 0.01)), "invalid_hours");  // 0.6 minutes
  EXPECT_EQ(CodeOf(with("hours", 0.5)), "ok");
  EXPECT_EQ(CodeOf(with("meals", "07:00=50")), "invalid_field");
  EXPECT_EQ(CodeOf(with("meals", json::array({50}))), "invalid_meal");
  EXPECT_EQ(CodeOf(with("meals", json::parse(R"([{"grams": 50}])"))),
            "invalid_meal");
  EXPECT_EQ(
      CodeOf(
          with("meals",
               json::parse(R"([{"minute": 1, "time": "07:00", "grams": 5}])"))),
      "invalid_meal");
  EXPECT_EQ(
      CodeOf(with("meals", json::parse(R"([{"minute": 1.5, "grams": 5}])"))),
      "invalid_meal");
  EXPECT_EQ(
      CodeOf(with("meals", json::parse(R"([{"minute": 1, "grams": "5"}])"))),
      "invalid_meal");
  EXPECT_EQ(
      CodeOf(with("meals",
                  json::parse(R"([{"minute": 1, "grams": 5, "kcal": 3}])"))),
      "unknown_field");
  EXPECT_EQ(
      CodeOf(with("meals", json::parse(R"([{"time": "25:00", "grams": 5}])"))),
      "invalid_time");
  EXPECT_EQ(
      CodeOf(with("meals", json::parse(R"([{"time": 700, "grams": 5}])"))),
      "invalid_time");
  EXPECT_EQ(CodeOf(with("meals", json(std::vector<json>(
                                     201, {{"minute", 1}, {"grams", 1}})))),
            "too_many_meals");
  EXPECT_EQ(CodeOf(with("insulin", json::parse(R"([{"minute": 1}])"))),
            "invalid_dose");
  EXPECT_EQ(
      CodeOf(with("insulin", json::parse(R"([{"minute": "1", "units": 2}])"))),
      "invalid_dose");
  EXPECT_EQ(CodeOf(with("insulin", json(std::vector<json>(
                                       501, {{"minute", 1}, {"units", 1}})))),
            "too_many_doses");
  EXPECT_EQ(CodeOf(with("controller", "pid")), "unknown_controller");
  EXPECT_EQ(CodeOf(with("therapy", 12)), "invalid_field");
  EXPECT_EQ(CodeOf(with("therapy", {{"carb_ratio", 12}})), "unknown_field");
  EXPECT_EQ(CodeOf(with("therapy", {{"basal_u_per_h", "fast"}})),
            "invalid_basal_rate");
  EXPECT_EQ(CodeOf(with("every", 2.5)), "invalid_every");
  EXPECT_EQ(CodeOf(with("seed", -1)), "invalid_field");
  EXPECT_EQ(CodeOf(with("sensor", json::array())), "invalid_field");
}

TEST(ApiSimTest, HugeNumbersStayOutOfRange) {
  json body = json::parse(R"({"patient": "adult#001",
      "meals": [{"minute": 18446744073709551615, "grams": 5}],
      "insulin": [{"minute": -9223372036854775807, "units": 1}]})");
  auto parsed = api::ParseSimRequest(body, kLimits);
  ASSERT_TRUE(parsed.ok());
  EXPECT_GT(parsed->meals[0].minute, kLimits.max_minutes);
  EXPECT_LT(parsed->doses[0].minute, 0);
}

TEST(ApiSimTest, ResponseHasColumnsMetricsAndSettings) {
  auto parameters = glucose::LoadParameterSet(ShareDir() + "/uva-padova");
  ASSERT_TRUE(parameters.ok()) << MessageOf(parameters.status());
  json body = json::parse(R"({"patient": "adult#001", "hours": 24, "every": 60,
      "meals": [{"time": "07:00", "grams": 50}, {"time": "12:00", "grams": 70},
                {"time": "18:00", "grams": 80}]})");
  auto request = api::ParseSimRequest(body, kLimits);
  ASSERT_TRUE(request.ok());
  auto result = glucose::RunScenario(*parameters, *request, kLimits,
                                     [] { return false; });
  ASSERT_TRUE(result.ok()) << MessageOf(result.status());
  json response = api::SimResponseJson(*result, *request);
  EXPECT_EQ(response["patient"], "adult#001");
  EXPECT_EQ(response["hours"], 24);
  EXPECT_EQ(response["every"], 60);
  EXPECT_EQ(response["controller"], "none");
  EXPECT_EQ(response["sample_count"], 25);
  for (const char* column : {"t_min", "bg_mg_dl", "cgm_mg_dl", "egp_mg_kg_min",
                             "ra_mg_kg_min", "uid_mg_kg_min", "fsnc_mg_kg_min",
                             "e_mg_kg_min", "iob_u", "meal_g", "insulin_u"}) {
    ASSERT_TRUE(response["samples"].contains(column)) << column;
    EXPECT_EQ(response["samples"][column].size(), 25u) << column;
  }
  EXPECT_EQ(response["samples"]["t_min"][24], 1440);
  EXPECT_EQ(response["samples"]["meal_g"][7], 50);
  EXPECT_NEAR(response["metrics"]["mean_mg_dl"].get<double>(), 209.2, 0.5);
  EXPECT_EQ(response["metrics"]["samples"], 1441);
  EXPECT_EQ(response["totals"]["carbs_g"], 200);
  EXPECT_GT(response["therapy"]["carb_ratio_g_per_u"].get<double>(), 0);
  // Two decimals keep the body small: 14 days every 5 minutes stays < 400 kB.
  EXPECT_EQ(response["samples"]["bg_mg_dl"][0].dump().size(), 6u);  // 138.56
}

}  // namespace
}  // namespace mc
