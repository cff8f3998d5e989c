#include "fhir/questionnaires.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace mc::fhir {
namespace {

using nlohmann::json;

const char* kFrequencyCodes[] = {"LA6568-5", "LA6569-3", "LA6570-1", "LA6571-9"};

// A completed response to `instrument` with item i answered `scores[i]`.
json Response(const Instrument& instrument, const std::vector<int>& scores) {
  json items = json::array();
  for (size_t i = 0; i < instrument.items.size(); ++i) {
    json answer = instrument.answers == AnswerKind::kFrequency
                      ? json{{"valueCoding", {{"system", "http://loinc.org"}, {"code", kFrequencyCodes[scores[i]]}}}}
                      : json{{"valueInteger", scores[i]}};
    items.push_back({{"linkId", instrument.items[i].link_id}, {"answer", json::array({answer})}});
  }
  return {{"resourceType", "QuestionnaireResponse"}, {"status", "completed"}, {"item", items}};
}

// Answers adding up to `total` over `count` items of 0..3, filled from the front.
std::vector<int> Spread(int total, size_t count) {
  std::vector<int> scores(count, 0);
  for (size_t i = 0; i < count && total > 0; ++i) {
    scores[i] = std::min(3, total);
    total -= scores[i];
  }
  return scores;
}

std::string ExpectedPhqBand(int total) {
  if (total <= 4) return "minimal depression symptoms";
  if (total <= 9) return "mild depression symptoms";
  if (total <= 14) return "moderate depression symptoms";
  if (total <= 19) return "moderately severe depression symptoms";
  return "severe depression symptoms";
}

std::string ExpectedGadBand(int total) {
  if (total <= 4) return "minimal anxiety";
  if (total <= 9) return "mild anxiety";
  if (total <= 14) return "moderate anxiety";
  return "severe anxiety";
}

TEST(QuestionnairesTest, EveryPhq9TotalMapsToItsBand) {
  const Instrument& phq = *FindInstrumentById("phq-9");
  for (int total = 0; total <= 27; ++total) {
    auto scored = ScoreResponse(phq, Response(phq, Spread(total, 9)));
    ASSERT_TRUE(scored.ok()) << total;
    EXPECT_EQ(scored->score, total);
    EXPECT_EQ(scored->band, ExpectedPhqBand(total)) << total;
  }
}

TEST(QuestionnairesTest, EveryGad7TotalMapsToItsBand) {
  const Instrument& gad = *FindInstrumentById("gad-7");
  for (int total = 0; total <= 21; ++total) {
    auto scored = ScoreResponse(gad, Response(gad, Spread(total, 7)));
    ASSERT_TRUE(scored.ok()) << total;
    EXPECT_EQ(scored->score, total);
    EXPECT_EQ(scored->band, ExpectedGadBand(total)) << total;
    EXPECT_FALSE(scored->safety_concern);
  }
}

TEST(QuestionnairesTest, Item9AboveZeroIsASafetyConcernWhateverTheTotal) {
  const Instrument& phq = *FindInstrumentById("phq-9");
  for (int item9 = 0; item9 <= 3; ++item9) {
    for (int others : {0, 1, 12, 24}) {
      std::vector<int> scores = Spread(others, 8);
      scores.push_back(item9);
      auto scored = ScoreResponse(phq, Response(phq, scores));
      ASSERT_TRUE(scored.ok());
      EXPECT_EQ(scored->safety_concern, item9 > 0) << item9 << " " << others;
    }
  }
  // The lowest possible total with item 9 above zero still raises it.
  auto lowest = ScoreResponse(phq, Response(phq, {0, 0, 0, 0, 0, 0, 0, 0, 1}));
  ASSERT_TRUE(lowest.ok());
  EXPECT_EQ(lowest->band, "minimal depression symptoms");
  EXPECT_TRUE(lowest->safety_concern);
}

TEST(QuestionnairesTest, PegIsTheMeanOfItsThreeItems) {
  const Instrument& peg = *FindInstrumentById("peg-3");
  auto scored = ScoreResponse(peg, Response(peg, {5, 6, 6}));
  ASSERT_TRUE(scored.ok());
  EXPECT_DOUBLE_EQ(scored->score, 5.7);
  EXPECT_EQ(scored->band, "moderate pain impact");
  auto observation = ScoreObservation(*scored, "Patient/p1", "QuestionnaireResponse/r1", "2026-12-02T10:00:00Z");
  EXPECT_EQ(observation["valueQuantity"]["value"], 5.7);
  EXPECT_EQ(observation["code"]["coding"][0]["code"], "91147-9");
}

Status ScoreOf(const json& response, const char* id = "phq-9") {
  return ScoreResponse(*FindInstrumentById(id), response).status();
}

TEST(QuestionnairesTest, EveryBrokenRuleIs422WithItsPath) {
  const Instrument& phq = *FindInstrumentById("phq-9");
  json missing = Response(phq, Spread(3, 9));
  missing["item"].erase(missing["item"].begin() + 8);
  EXPECT_EQ(ErrorCode(ScoreOf(missing)), "missing_item");
  EXPECT_TRUE(IsUnprocessable(ScoreOf(missing)));

  json twice = Response(phq, Spread(3, 9));
  twice["item"][1]["linkId"] = twice["item"][0]["linkId"];
  EXPECT_EQ(ErrorCode(ScoreOf(twice)), "duplicate_item");
  EXPECT_EQ(ErrorPath(ScoreOf(twice)), "QuestionnaireResponse.item[1].linkId");

  json unknown = Response(phq, Spread(3, 9));
  unknown["item"][4]["linkId"] = "12345-6";
  EXPECT_EQ(ErrorCode(ScoreOf(unknown)), "unknown_item");

  json wrong_code = Response(phq, Spread(3, 9));
  wrong_code["item"][2]["answer"][0]["valueCoding"]["code"] = "LA6572-7";
  EXPECT_EQ(ErrorCode(ScoreOf(wrong_code)), "invalid_answer");
  EXPECT_EQ(ErrorPath(ScoreOf(wrong_code)), "QuestionnaireResponse.item[2].answer[0]");

  json wrong_system = Response(phq, Spread(3, 9));
  wrong_system["item"][2]["answer"][0]["valueCoding"]["system"] = "http://snomed.info/sct";
  EXPECT_EQ(ErrorCode(ScoreOf(wrong_system)), "invalid_answer");

  json two_answers = Response(phq, Spread(3, 9));
  two_answers["item"][0]["answer"].push_back(two_answers["item"][0]["answer"][0]);
  EXPECT_EQ(ErrorCode(ScoreOf(two_answers)), "invalid_answer");

  const Instrument& nrs = *FindInstrumentById("pain-nrs");
  for (json value : {json(11), json(-1), json(2.5), json("3")}) {
    json response = Response(nrs, {0});
    response["item"][0]["answer"][0]["valueInteger"] = value;
    EXPECT_EQ(ErrorCode(ScoreOf(response, "pain-nrs")), "invalid_answer") << value;
  }
  EXPECT_EQ(ErrorCode(ScoreOf(json{{"resourceType", "QuestionnaireResponse"}})), "missing_item");
}

TEST(QuestionnairesTest, CanonicalUrlsFindTheirInstrument) {
  EXPECT_EQ(FindInstrument("https://metaclinic.org/fhir/Questionnaire/gad-7")->id, "gad-7");
  EXPECT_EQ(FindInstrument("https://metaclinic.org/fhir/Questionnaire/gad-7|1.0")->id, "gad-7");
  EXPECT_EQ(FindInstrument("https://example.org/Questionnaire/gad-7"), nullptr);
  EXPECT_EQ(FindInstrument("https://metaclinic.org/fhir/Questionnaire/other"), nullptr);
  for (const Instrument& instrument : Instruments()) {
    json resource = QuestionnaireResource(instrument);
    EXPECT_EQ(resource["url"], CanonicalUrl(instrument));
    EXPECT_EQ(resource["item"].size(), instrument.items.size());
  }
}

TEST(QuestionnairesTest, TheSafetyFlagIsActiveAndNamesThePatient) {
  const Instrument& phq = *FindInstrumentById("phq-9");
  auto scored = ScoreResponse(phq, Response(phq, {0, 0, 0, 0, 0, 0, 0, 0, 2}));
  ASSERT_TRUE(scored.ok());
  json flag = SafetyFlag(*scored, "Patient/p1", "QuestionnaireResponse/r1", "2026-12-02T10:00:00Z");
  EXPECT_EQ(flag["status"], "active");
  EXPECT_EQ(flag["category"][0]["coding"][0]["code"], "safety");
  EXPECT_EQ(flag["subject"]["reference"], "Patient/p1");
}

}  // namespace
}  // namespace mc::fhir
