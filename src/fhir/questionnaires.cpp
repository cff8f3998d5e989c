#include "fhir/questionnaires.h"

#include <fmt/format.h>

#include <cctype>
#include <cmath>
#include <map>

namespace mc::fhir {
namespace {

using nlohmann::json;

constexpr std::string_view kLoinc = "http://loinc.org";
// LOINC answer codes for "how often" items, in score order 0..3.
struct Frequency {
  std::string_view code;
  std::string_view display;
};
constexpr Frequency kFrequencies[] = {
    {"LA6568-5", "Not at all"},
    {"LA6569-3", "Several days"},
    {"LA6570-1", "More than half the days"},
    {"LA6571-9", "Nearly every day"},
};

std::optional<int> FrequencyScore(const json& coding) {
  if (!coding.is_object() || !coding.contains("code") || !coding["code"].is_string()) {
    return std::nullopt;
  }
  if (coding.contains("system") && coding["system"] != kLoinc) return std::nullopt;
  for (int score = 0; score < 4; ++score) {
    if (coding["code"] == kFrequencies[score].code) return score;
  }
  return std::nullopt;
}

std::optional<int> ZeroToTen(const json& value) {
  if (!value.is_number_integer()) return std::nullopt;
  const auto number = value.get<int64_t>();
  if (number < 0 || number > 10) return std::nullopt;
  return static_cast<int>(number);
}

// The one answer's score, or nullopt when it is not an allowed answer.
std::optional<int> AnswerScore(AnswerKind kind, const json& answer) {
  if (!answer.is_object()) return std::nullopt;
  if (kind == AnswerKind::kFrequency) {
    return answer.contains("valueCoding") ? FrequencyScore(answer["valueCoding"]) : std::nullopt;
  }
  return answer.contains("valueInteger") ? ZeroToTen(answer["valueInteger"]) : std::nullopt;
}

Status Problem(std::string_view code, const std::string& message, const std::string& path) {
  return WithPath(Unprocessable(code, message), path);
}

json Coding(std::string_view system, std::string_view code, std::string_view display) {
  return json{{"system", system}, {"code", code}, {"display", display}};
}

// A one-coding `category` array.
json Category(std::string_view system, std::string_view code, std::string_view display) {
  return json::array({{{"coding", json::array({Coding(system, code, display)})}}});
}

// "phq-9" -> "MetaClinicPHQ9": Questionnaire.name is for machines.
std::string ComputableName(const Instrument& instrument) {
  std::string name = "MetaClinic";
  for (char c : instrument.id) {
    if (std::isalnum(static_cast<unsigned char>(c))) name += static_cast<char>(std::toupper(c));
  }
  return name;
}

}  // namespace

const std::vector<Instrument>& Instruments() {
  static const std::vector<Instrument> instruments = {
      {"phq-9",
       "PHQ-9: how your mood has been",
       "44249-1",
       "Over the last 2 weeks, how often have you been bothered by any of the following problems?",
       AnswerKind::kFrequency,
       {{"44250-9", "Little interest or pleasure in doing things"},
        {"44255-8", "Feeling down, depressed, or hopeless"},
        {"44259-0", "Trouble falling or staying asleep, or sleeping too much"},
        {"44254-1", "Feeling tired or having little energy"},
        {"44251-7", "Poor appetite or overeating"},
        {"44258-2",
         "Feeling bad about yourself, or that you are a failure or have let yourself or your "
         "family down"},
        {"44252-5",
         "Trouble concentrating on things, such as reading the newspaper or watching television"},
        {"44253-3",
         "Moving or speaking so slowly that other people could have noticed, or the opposite: "
         "being so fidgety or restless that you have been moving around a lot more than usual"},
        {"44260-8", "Thoughts that you would be better off dead, or of hurting yourself"}},
       ScoreRule::kSum,
       "44261-6",
       "Patient Health Questionnaire 9 item (PHQ-9) total score [Reported]",
       {{4, "minimal depression symptoms"},
        {9, "mild depression symptoms"},
        {14, "moderate depression symptoms"},
        {19, "moderately severe depression symptoms"},
        {27, "severe depression symptoms"}},
       "44260-8"},
      {"gad-7",
       "GAD-7: how anxious you have felt",
       "69737-5",
       "Over the last 2 weeks, how often have you been bothered by the following problems?",
       AnswerKind::kFrequency,
       {{"69725-0", "Feeling nervous, anxious, or on edge"},
        {"68509-9", "Not being able to stop or control worrying"},
        {"69733-4", "Worrying too much about different things"},
        {"69734-2", "Trouble relaxing"},
        {"69735-9", "Being so restless that it is hard to sit still"},
        {"69689-8", "Becoming easily annoyed or irritable"},
        {"69736-7", "Feeling afraid, as if something awful might happen"}},
       ScoreRule::kSum,
       "70274-6",
       "Generalized anxiety disorder 7 item (GAD-7) total score [Reported.PHQ]",
       {{4, "minimal anxiety"}, {9, "mild anxiety"}, {14, "moderate anxiety"}, {21, "severe anxiety"}},
       ""},
      {"peg-3",
       "PEG: how pain affects your life",
       "91148-7",
       "In the past week, on a scale from 0 (none) to 10 (as bad as you can imagine, or "
       "completely):",
       AnswerKind::kZeroToTen,
       {{"peg-pain", "What number best describes your pain on average in the past week?"},
        {"peg-enjoyment",
         "What number best describes how, during the past week, pain has interfered with your "
         "enjoyment of life?"},
        {"peg-activity",
         "What number best describes how, during the past week, pain has interfered with your "
         "general activity?"}},
       ScoreRule::kMean,
       "91147-9",
       "Mean score [PEG]",
       {{3.9999, "mild pain impact"}, {6.9999, "moderate pain impact"}, {10, "severe pain impact"}},
       ""},
      {"pain-nrs",
       "Pain right now (0 to 10)",
       "72514-3",
       "How bad is your pain right now, from 0 (no pain) to 10 (the worst pain you can imagine)?",
       AnswerKind::kZeroToTen,
       {{"72514-3", "Your pain right now, from 0 to 10"}},
       ScoreRule::kSum,
       "72514-3",
       "Pain severity - 0-10 verbal numeric rating [Score] - Reported",
       {{0, "no pain"}, {3, "mild pain"}, {6, "moderate pain"}, {10, "severe pain"}},
       ""},
  };
  return instruments;
}

std::string CanonicalUrl(const Instrument& instrument) {
  return std::string(kQuestionnaireBase) + std::string(instrument.id);
}

const Instrument* FindInstrumentById(std::string_view id) {
  for (const Instrument& instrument : Instruments()) {
    if (instrument.id == id) return &instrument;
  }
  return nullptr;
}

const Instrument* FindInstrument(std::string_view canonical) {
  const size_t bar = canonical.find('|');
  if (bar != std::string_view::npos) canonical = canonical.substr(0, bar);
  if (canonical.substr(0, kQuestionnaireBase.size()) != kQuestionnaireBase) return nullptr;
  return FindInstrumentById(canonical.substr(kQuestionnaireBase.size()));
}

json QuestionnaireResource(const Instrument& instrument) {
  json options = json::array();
  if (instrument.answers == AnswerKind::kFrequency) {
    for (const Frequency& frequency : kFrequencies) {
      options.push_back({{"valueCoding", Coding(kLoinc, frequency.code, frequency.display)}});
    }
  }
  json items = json::array();
  for (const QuestionnaireItem& item : instrument.items) {
    json entry = {{"linkId", item.link_id}, {"text", item.text}, {"required", true}};
    if (instrument.answers == AnswerKind::kFrequency) {
      entry["type"] = "choice";
      entry["answerOption"] = options;
    } else {
      entry["type"] = "integer";
    }
    if (item.link_id.find('-') != std::string_view::npos &&
        std::isdigit(static_cast<unsigned char>(item.link_id.front()))) {
      entry["code"] = json::array({Coding(kLoinc, item.link_id, item.text)});
    }
    items.push_back(std::move(entry));
  }
  return json{{"resourceType", "Questionnaire"},
              {"id", instrument.id},
              {"url", CanonicalUrl(instrument)},
              {"version", "1.0"},
              {"name", ComputableName(instrument)},
              {"title", instrument.title},
              {"status", "active"},
              {"subjectType", json::array({"Patient"})},
              {"description", instrument.preamble},
              {"code", json::array({Coding(kLoinc, instrument.code, instrument.title)})},
              {"item", std::move(items)}};
}

namespace {

// The response's procedure-timing extension: "before", "after", or "" when
// it has none.
StatusOr<std::string> ProcedureTiming(const json& response) {
  const json none = json::array();
  const json& extensions = response.contains("extension") ? response["extension"] : none;
  if (!extensions.is_array()) return std::string();
  std::string timing;
  for (size_t index = 0; index < extensions.size(); ++index) {
    const json& extension = extensions[index];
    if (!extension.is_object() || extension.value("url", "") != kProcedureTimingUrl) continue;
    const json code = extension.value("valueCode", json());
    if (!timing.empty() || !code.is_string() ||
        (code.get<std::string>() != "before" && code.get<std::string>() != "after")) {
      return Problem("invalid_timing",
                     "the procedure timing is one valueCode, \"before\" or \"after\"",
                     fmt::format("QuestionnaireResponse.extension[{}]", index));
    }
    timing = code.get<std::string>();
  }
  return timing;
}

}  // namespace

StatusOr<Scored> ScoreResponse(const Instrument& instrument, const json& response) {
  const json empty = json::array();
  const json& items = response.contains("item") ? response["item"] : empty;
  if (!items.is_array()) {
    return Problem("missing_item", "the response has no items", "QuestionnaireResponse.item");
  }
  std::map<std::string, int> scores;
  for (size_t index = 0; index < items.size(); ++index) {
    const std::string path = fmt::format("QuestionnaireResponse.item[{}]", index);
    const json& item = items[index];
    const std::string link_id = item.is_object() && item.contains("linkId") && item["linkId"].is_string()
                                    ? item["linkId"].get<std::string>()
                                    : "";
    bool known = false;
    for (const QuestionnaireItem& expected : instrument.items) known |= expected.link_id == link_id;
    if (!known) {
      return Problem("unknown_item",
                     fmt::format("{} has no item \"{}\"", instrument.title, link_id), path + ".linkId");
    }
    if (scores.count(link_id)) {
      return Problem("duplicate_item", fmt::format("item {} is answered twice", link_id),
                     path + ".linkId");
    }
    const json* answers = item.contains("answer") ? &item["answer"] : nullptr;
    if (answers == nullptr || !answers->is_array() || answers->size() != 1) {
      return Problem("invalid_answer", fmt::format("item {} needs exactly one answer", link_id),
                     path + ".answer");
    }
    const std::optional<int> score = AnswerScore(instrument.answers, (*answers)[0]);
    if (!score) {
      return Problem("invalid_answer",
                     instrument.answers == AnswerKind::kFrequency
                         ? fmt::format("item {} takes one of the LOINC answers LA6568-5, "
                                       "LA6569-3, LA6570-1 or LA6571-9",
                                       link_id)
                         : fmt::format("item {} takes a whole number from 0 to 10", link_id),
                     path + ".answer[0]");
    }
    scores[link_id] = *score;
  }
  for (const QuestionnaireItem& expected : instrument.items) {
    if (!scores.count(std::string(expected.link_id))) {
      return Problem("missing_item", fmt::format("item {} is not answered", expected.link_id),
                     "QuestionnaireResponse.item");
    }
  }
  Scored scored;
  scored.instrument = &instrument;
  for (const auto& [link_id, score] : scores) scored.score += score;
  if (instrument.rule == ScoreRule::kMean) {
    scored.score = std::round(scored.score / static_cast<double>(scores.size()) * 10) / 10;
  }
  for (const Band& band : instrument.bands) {
    if (scored.score <= band.up_to) {
      scored.band = std::string(band.words);
      break;
    }
  }
  if (!instrument.safety_item.empty()) {
    scored.safety_concern = scores[std::string(instrument.safety_item)] > 0;
  }
  MC_ASSIGN_OR_RETURN(scored.timing, ProcedureTiming(response));
  return scored;
}

json ScoreObservation(const Scored& scored, const std::string& subject_reference,
                      const std::string& response_reference,
                      const std::string& effective_date_time) {
  const Instrument& instrument = *scored.instrument;
  json observation = {
      {"resourceType", "Observation"},
      {"status", "final"},
      {"category", Category("http://terminology.hl7.org/CodeSystem/observation-category",
                            "survey", "Survey")},
      {"code", {{"coding", json::array({Coding(kLoinc, instrument.score_code,
                                               instrument.score_display)})},
                {"text", instrument.title}}},
      {"subject", {{"reference", subject_reference}}},
      {"effectiveDateTime", effective_date_time},
      {"derivedFrom", json::array({{{"reference", response_reference}}})},
      {"interpretation", json::array({{{"text", scored.band}}})},
  };
  if (instrument.rule == ScoreRule::kMean) {
    observation["valueQuantity"] = {{"value", scored.score},
                                    {"unit", "score"},
                                    {"system", "http://unitsofmeasure.org"},
                                    {"code", "{score}"}};
  } else {
    observation["valueInteger"] = static_cast<int64_t>(scored.score);
  }
  if (!scored.timing.empty()) {
    const bool before = scored.timing == "before";
    const std::string words = before ? "before the procedure" : "after the procedure";
    observation["component"] = json::array(
        {{{"code", {{"coding", json::array({Coding(kProcedureTimingSystem, "timing",
                                                   "Scored before or after a procedure")})},
                    {"text", "When it was scored"}}},
          {"valueCodeableConcept",
           {{"coding", json::array({Coding(kProcedureTimingSystem, scored.timing,
                                           before ? "Before the procedure"
                                                  : "After the procedure")})},
            {"text", words}}}}});
    observation["note"] = json::array({{{"text", "Scored " + words + "."}}});
  }
  return observation;
}

json SafetyFlag(const Scored& scored, const std::string& subject_reference,
                const std::string& response_reference, const std::string& start) {
  return json{
      {"resourceType", "Flag"},
      {"status", "active"},
      {"category",
       Category("http://terminology.hl7.org/CodeSystem/flag-category", "safety", "Safety")},
      {"code",
       {{"coding", json::array({Coding(kLoinc, scored.instrument->safety_item,
                                       "Thoughts that you would be better off dead, or of "
                                       "hurting yourself")})},
        {"text", fmt::format("Safety: answered {} item 9 (thoughts of being better off dead or "
                             "of self-harm) above \"not at all\" ({}). Contact the patient "
                             "today.",
                             scored.instrument->id == "phq-9" ? "PHQ-9" : scored.instrument->id,
                             response_reference)}}},
      {"subject", {{"reference", subject_reference}}},
      {"period", {{"start", start}}},
  };
}

}  // namespace mc::fhir
