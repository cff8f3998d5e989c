#include "fhir/rehab_observations.h"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <variant>

#include <gtest/gtest.h>

#include "fhir/resource_kinds.h"
#include "fhir/resource_validator.h"
#include "fhir/fhir_test_support.h"
#include "sim/motion/trace_csv.h"

namespace mc::fhir {
namespace {

using nlohmann::json;

const RehabSetContext kContext{"p-3f9a", "cp-17", "2026-12-07T10:15:30Z"};

// The golden seated knee extension (src/sim/motion/testdata): 4 reps, 1
// partial, a second of low confidence, ROM 5.4..90.6.
motion::SetResult GoldenKneeSet() {
  const char* source = std::getenv("METACLINIC_SOURCE_DIR");
  std::ifstream in(std::string(source == nullptr ? "." : source) +
                   "/src/sim/motion/testdata/knee_extension_2d.csv");
  std::stringstream text;
  text << in.rdbuf();
  auto frames = motion::ParseTraceCsv(text.str());
  EXPECT_TRUE(std::holds_alternative<std::vector<motion::Frame>>(frames));
  return motion::AnalyseTrace(
      std::get<std::vector<motion::Frame>>(frames),
      {motion::Exercise::kKneeExtension, motion::Side::kRight, std::nullopt});
}

TEST(RehabObservations, ASetIsRangeOfMotionAndRepsLinkedToTheCarePlan) {
  std::vector<json> observations =
      RehabSetObservations(GoldenKneeSet(), kContext);
  ASSERT_EQ(observations.size(), 2u);
  for (const json& observation : observations) {
    EXPECT_TRUE(SchemaValidator().Validate(observation).ok()) << observation.dump();
    EXPECT_EQ(observation["subject"]["reference"], "Patient/p-3f9a");
    EXPECT_EQ(observation["basedOn"][0]["reference"], "CarePlan/cp-17");
    EXPECT_EQ(observation["effectiveDateTime"], "2026-12-07T10:15:30Z");
    EXPECT_EQ(observation["category"][0]["coding"][0]["code"], "activity");
  }
  const json& range = observations[0];
  EXPECT_EQ(range["code"]["coding"][0]["code"], "range-of-motion");
  EXPECT_EQ(range["code"]["text"], "Range of motion: Knee extension, right");
  EXPECT_EQ(range["component"][0]["valueQuantity"]["value"], 5.4);
  EXPECT_EQ(range["component"][1]["valueQuantity"]["value"], 90.6);
  EXPECT_EQ(range["component"][1]["valueQuantity"]["code"], "deg");

  const json& reps = observations[1];
  EXPECT_EQ(reps["code"]["coding"][0]["code"], "repetitions");
  EXPECT_EQ(reps["valueInteger"], 4);
  EXPECT_EQ(reps["component"][0]["valueInteger"], 1);  // partial, not counted
  EXPECT_EQ(reps["component"][1]["valueQuantity"]["value"], 10.0);
  EXPECT_EQ(reps["component"][2]["valueQuantity"]["value"], 1000.0);
  EXPECT_EQ(reps["component"][3]["code"]["coding"][0]["code"],
            "mean-repetition-time");
}

// No trusted frame: no number, said so, still a valid resource.
TEST(RehabObservations, LowConfidenceSetHasNoNumber) {
  motion::SetResult result;
  result.exercise = motion::Exercise::kShoulderAbduction;
  result.side = motion::Side::kLeft;
  result.target_deg = 90;
  result.low_confidence_ms = 30000;
  std::vector<json> observations = RehabSetObservations(result, kContext);
  const json& range = observations[0];
  EXPECT_FALSE(range.contains("component"));
  EXPECT_NE(range["dataAbsentReason"]["text"].get<std::string>().find(
                "low confidence"),
            std::string::npos);
  EXPECT_TRUE(SchemaValidator().Validate(range).ok()) << range.dump();
  EXPECT_EQ(observations[1]["valueInteger"], 0);
  EXPECT_EQ(observations[1]["component"].size(), 3u);  // no mean duration
  EXPECT_TRUE(SchemaValidator().Validate(observations[1]).ok());
}

// A therapist's programme: the CarePlan is a stored, writable kind and a
// prescription of an exercise (sets, reps, target, days per week) passes
// the R4 schema.
TEST(RehabObservations, CarePlanProgrammeIsAValidStoredKind) {
  const ResourceKind* kind = FindResourceKind("CarePlan");
  ASSERT_NE(kind, nullptr);
  EXPECT_TRUE(kind->writable);
  EXPECT_EQ(kind->patient_pointer, "/subject/reference");
  json plan = json::parse(R"({
    "resourceType": "CarePlan", "status": "active", "intent": "plan",
    "title": "Knee rehabilitation", "subject": {"reference": "Patient/p-3f9a"},
    "period": {"start": "2026-12-07"},
    "activity": [{"detail": {
      "kind": "ServiceRequest", "status": "scheduled",
      "code": {"coding": [{"system": "https://metaclinic.example/fhir/CodeSystem/rehab",
                           "code": "knee-extension"}], "text": "Seated knee extension, right"},
      "scheduledTiming": {"repeat": {"frequency": 5, "period": 1, "periodUnit": "wk"}},
      "quantity": {"value": 3, "unit": "sets"},
      "description": "3 sets of 10 reps to 10 degrees"}}]})");
  EXPECT_TRUE(SchemaValidator().Validate(plan).ok());
  // The schema holds the codes; required elements are the kind's (the
  // service checks `required` before the schema).
  EXPECT_EQ(kind->required,
            (std::vector<std::string_view>{"status", "intent", "subject"}));
  plan["activity"] = "three sets";  // not a list of activities
  EXPECT_FALSE(SchemaValidator().Validate(plan).ok());
}

}  // namespace
}  // namespace mc::fhir
