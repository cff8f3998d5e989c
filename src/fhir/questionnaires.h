// The standard questionnaires MetaClinic serves (PHQ-9, GAD-7, PEG-3 and
// the 0-10 pain rating) as FHIR R4 Questionnaire resources, and the rules
// that check and score a QuestionnaireResponse to one of them: every item
// answered once with an allowed answer, the total (or PEG mean) with its
// band in words, and whether the answers call for the safety flow (PHQ-9
// item 9 above "not at all", whatever the total).
//
// Pure: no store, no clock (times are handed in). Instruments are a fixed
// table; the wording is the published public-domain wording.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/status.h"

namespace mc::fhir {

// Where every MetaClinic questionnaire's canonical url starts.
inline constexpr std::string_view kQuestionnaireBase = "https://metaclinic.org/fhir/Questionnaire/";

enum class AnswerKind {
  kFrequency,  // valueCoding: LOINC LA6568-5 (0) .. LA6571-9 (3)
  kZeroToTen,  // valueInteger 0..10
};

struct QuestionnaireItem {
  std::string_view link_id;  // the item's LOINC code where it has one
  std::string_view text;
};

struct Band {
  double up_to;  // inclusive upper end of the band
  std::string_view words;
};

enum class ScoreRule { kSum, kMean };

struct Instrument {
  std::string_view id;     // "phq-9": the Questionnaire's id and url tail
  std::string_view title;  // "PHQ-9: depression symptoms"
  std::string_view code;   // LOINC code of the panel
  std::string_view preamble;  // the question the items answer
  AnswerKind answers;
  std::vector<QuestionnaireItem> items;
  ScoreRule rule;
  std::string_view score_code;     // LOINC code of the score Observation
  std::string_view score_display;  // its display
  std::vector<Band> bands;
  // The item whose answer above 0 raises the safety flow ("" for none).
  std::string_view safety_item;
};

// The table, in the order the browser offers them.
const std::vector<Instrument>& Instruments();
// The instrument whose canonical url is `canonical` (an optional "|version"
// is ignored), or null for a questionnaire MetaClinic does not score.
const Instrument* FindInstrument(std::string_view canonical);
const Instrument* FindInstrumentById(std::string_view id);
std::string CanonicalUrl(const Instrument& instrument);

// The Questionnaire resource (status active, items with answer options).
nlohmann::json QuestionnaireResource(const Instrument& instrument);

// A response scored around a procedure (pain distraction) says whether it
// came before or after it with this extension (valueCode "before" or
// "after"); its Observation then carries a component with the same code.
inline constexpr std::string_view kProcedureTimingUrl =
    "https://metaclinic.org/fhir/StructureDefinition/procedure-timing";
inline constexpr std::string_view kProcedureTimingSystem =
    "https://metaclinic.org/fhir/CodeSystem/procedure-timing";

struct Scored {
  const Instrument* instrument = nullptr;
  double score = 0;           // the total, or the PEG mean
  std::string band;           // the band's words
  bool safety_concern = false;
  std::string timing;         // "before", "after" or "" (not around a procedure)
};

// Checks a completed response's items against `instrument`: Unprocessable
// (422) "unknown_item", "duplicate_item", "missing_item" or
// "invalid_answer" with the path of the problem (WithPath), or
// "invalid_timing" for a procedure-timing extension that is not one valueCode
// "before" or "after", else the score.
StatusOr<Scored> ScoreResponse(const Instrument& instrument, const nlohmann::json& response);

// The score as an Observation of `subject_reference` ("Patient/<id>"),
// derived from `response_reference` ("QuestionnaireResponse/<id>").
nlohmann::json ScoreObservation(const Scored& scored, const std::string& subject_reference,
                                const std::string& response_reference,
                                const std::string& effective_date_time);

// The active safety Flag raised by a response with a safety concern.
nlohmann::json SafetyFlag(const Scored& scored, const std::string& subject_reference,
                          const std::string& response_reference, const std::string& start);

}  // namespace mc::fhir
