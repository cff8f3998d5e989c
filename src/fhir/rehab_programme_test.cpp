#include "fhir/rehab_programme.h"

#include <gtest/gtest.h>

#include "core/clock.h"
#include "fhir/fhir_test_support.h"
#include "fhir/rehab_observations.h"
#include "fhir/rehab_progress.h"
#include "fhir/resource_validator.h"

namespace mc::fhir {
namespace {

using nlohmann::json;

json Knee() {
  return {{"exercise", "knee-extension"},
          {"side", "right"},
          {"sets", 3},
          {"reps", 10},
          {"target_deg", 10},
          {"days_per_week", 5},
          {"title", "Seated knee extension"}};
}

std::string CodeOf(const StatusOr<RehabActivity>& activity) {
  return activity.ok() ? "ok" : std::string(ErrorCode(activity.status()));
}

TEST(RehabProgramme, ACarePlanRoundTripsAndPassesTheSchema) {
  json neck = Knee();
  neck["exercise"] = "cervical-rotation";
  neck["side"] = "left";
  neck["target_deg"] = 60;
  std::vector<RehabActivity> activities = {*ActivityFromRequest(Knee(), ""),
                                           *ActivityFromRequest(neck, "")};
  json careplan = ProgrammeCarePlan("p-1", 7, "Knee and neck", activities,
                                    "2026-12-07T10:00:00.000Z");
  EXPECT_TRUE(SchemaValidator().Validate(careplan).ok()) << careplan.dump();
  auto programme = ProgrammeFromCarePlan("cp-1", careplan);
  ASSERT_TRUE(programme);
  json simplified = ProgrammeJson(*programme);
  EXPECT_EQ(simplified["careplan_id"], "cp-1");
  EXPECT_EQ(simplified["activities"][0],
            json({{"id", "a1"},
                  {"exercise", "knee-extension"},
                  {"side", "right"},
                  {"sets", 3},
                  {"reps", 10},
                  {"target_deg", 10.0},
                  {"days_per_week", 5},
                  {"title", "Seated knee extension"}}));
  EXPECT_EQ(simplified["activities"][1]["id"], "a2");
  EXPECT_EQ(simplified["activities"][1]["exercise"], "cervical-rotation");
  // Not a programme: a CarePlan without a rehab activity.
  careplan["activity"] = json::array();
  EXPECT_FALSE(ProgrammeFromCarePlan("cp-1", careplan));
}

TEST(RehabProgramme, EveryBadValueHasItsCode) {
  auto with = [](const char* key, json value) {
    json activity = Knee();
    activity[key] = std::move(value);
    return CodeOf(ActivityFromRequest(activity, "activities[0]: "));
  };
  EXPECT_EQ(CodeOf(ActivityFromRequest(Knee(), "")), "ok");
  EXPECT_EQ(with("exercise", "jumping"), "invalid_exercise");
  EXPECT_EQ(with("side", "both"), "invalid_side");
  EXPECT_EQ(with("sets", 0), "invalid_sets");
  EXPECT_EQ(with("sets", 2.5), "invalid_sets");
  EXPECT_EQ(with("reps", 51), "invalid_reps");
  EXPECT_EQ(with("days_per_week", 8), "invalid_days_per_week");
  EXPECT_EQ(with("target_deg", 85), "invalid_target");  // 5 from rest 90
  EXPECT_EQ(with("target_deg", "ten"), "invalid_target");
  EXPECT_EQ(with("title", ""), "invalid_title");
  EXPECT_EQ(with("extra", 1), "unknown_field");
  json missing = Knee();
  missing.erase("reps");
  EXPECT_EQ(CodeOf(ActivityFromRequest(missing, "")), "invalid_field");
  EXPECT_EQ(CodeOf(ActivityFromRequest(json::array(), "")),
            "invalid_activities");
  EXPECT_FALSE(RehabTargetIsValid("cervical-rotation", 95));
  EXPECT_TRUE(RehabTargetIsValid("shoulder-flexion", 150));
}

// Sets come back from their four Observations; adherence counts UTC days in
// the last 30 (today included) and flags fewer than 16.
TEST(RehabProgress, SetsAndAdherence) {
  const int64_t day = 24 * 3600 * 1000;
  const int64_t now = *ParseIsoUtc("2026-12-07T12:00:00Z");
  motion::SetResult result;
  result.exercise = motion::Exercise::kShoulderFlexion;
  result.side = motion::Side::kLeft;
  result.target_deg = 120;
  result.reps.resize(8);
  result.partials.resize(1);
  result.rom = motion::RangeOfMotion{2.5, 131.2};
  std::vector<json> observations;
  // 12 days with a set, one day with two, one set 31 days ago (outside).
  std::vector<int> days_ago = {0, 1, 1, 3, 4, 6, 8, 9, 11, 15, 20, 25, 29, 31};
  for (size_t index = 0; index < days_ago.size(); ++index) {
    RehabSetContext context{"p-1",
                            "cp-1",
                            FormatIsoUtc(now - days_ago[index] * day + 60000),
                            "set" + std::to_string(index),
                            "a2",
                            FormatIsoUtc(now - days_ago[index] * day)};
    for (json& observation : RehabSetObservations(result, context)) {
      observations.push_back(std::move(observation));
    }
    observations.push_back(
        RehabPainObservation(4, PainTiming::kBefore, result, context));
    observations.push_back(
        RehabPainObservation(2, PainTiming::kAfter, result, context));
  }
  for (const json& observation : observations) {
    EXPECT_TRUE(SchemaValidator().Validate(observation).ok())
        << observation.dump();
  }
  std::vector<RehabSetSummary> sets = RehabSets(observations);
  ASSERT_EQ(sets.size(), days_ago.size());
  EXPECT_EQ(sets.front().set_id, "set13");  // oldest first
  const RehabSetSummary& latest = sets.back();
  EXPECT_EQ(latest.exercise, "shoulder-flexion");
  EXPECT_EQ(latest.side, "left");
  EXPECT_EQ(latest.activity_id, "a2");
  EXPECT_EQ(latest.careplan_id, "cp-1");
  EXPECT_EQ(latest.rep_count, 8);
  EXPECT_EQ(latest.partial_count, 1);
  EXPECT_EQ(*latest.rom_max_deg, 131.2);
  EXPECT_EQ(*latest.target_deg, 120);
  EXPECT_EQ(*latest.pain_before, 4);
  EXPECT_EQ(*latest.pain_after, 2);
  Adherence adherence = AdherenceOf(sets, now);
  EXPECT_EQ(adherence.data_days, 12);
  EXPECT_TRUE(adherence.below_minimum);
  EXPECT_EQ(
      adherence.words,
      "12 of 30 days with exercise data: below the 16 days a month that remote "
      "monitoring asks for.");
  EXPECT_EQ(SetSummaryJson(latest)["rom_deg"],
            json({{"min", 2.5}, {"max", 131.2}}));
}

}  // namespace
}  // namespace mc::fhir
