// A recorded exercise set as FHIR Observations (issue 17, docs/motion.md
// "The record"): the server re-analyses a finished set's keypoint trace with
// the motion core (sim/motion) and keeps the result as two Observations,
// both `basedOn` the patient's rehabilitation CarePlan:
//
// - range of motion: code rehab#range-of-motion, components min and max in
//   degrees (UCUM "deg"); with no confident frame, no number: a
//   dataAbsentReason instead of components.
// - repetitions: code rehab#repetitions, valueInteger = counted reps;
//   components: partial reps, the target angle, the low-confidence time
//   (ms) and, when reps were counted, the mean rep duration (ms).
//
// With a set id (the upload route), the set's four Observations (these two
// and the pain before and after) carry the extension .../rehab-set: set
// (valueString), activity (the CarePlan activity id), exercise and side
// (valueCode) and started-at (valueDateTime), which is how a progress
// report puts a set back together.
//
// Category `activity`, status `final`. Pure: the caller stores them
// (through the Vault, which audits) and validates them against the R4
// schema first. No threading concerns.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/motion/motion_analysis.h"

namespace mc::fhir {

// The code system of MetaClinic's rehabilitation measures.
inline constexpr char kRehabCodeSystem[] =
    "https://metaclinic.example/fhir/CodeSystem/rehab";

struct RehabSetContext {
  std::string patient_pseudonym;  // subject: Patient/<pseudonym>
  std::string care_plan_id;       // basedOn: CarePlan/<id>
  std::string effective_end;      // effectiveDateTime: when the set ended
  std::string set_id;       // "": no rehab-set extension
  std::string activity_id;  // CarePlan.activity.id
  std::string started_at;   // ISO date-time; pain before is effective then
};

inline constexpr char kRehabSetUrl[] =
    "https://metaclinic.example/fhir/StructureDefinition/rehab-set";

// The pain rating code (LOINC 72514-3, 0-10) and the timing code system
// the pain distraction's scores use too (docs/fhir.md).
inline constexpr char kPainRatingLoinc[] = "72514-3";
inline constexpr char kTimingCodeSystem[] =
    "https://metaclinic.org/fhir/CodeSystem/procedure-timing";

enum class PainTiming { kBefore, kAfter };

// The two Observations of one set, range of motion first.
std::vector<nlohmann::json> RehabSetObservations(
    const motion::SetResult& result, const RehabSetContext& context);

// The 0-10 pain rating before or after the set (LOINC 72514-3,
// valueInteger; a component says before or after), effective at the set's
// start (before) or end (after). REQUIRES: 0 <= score <= 10.
nlohmann::json RehabPainObservation(int score, PainTiming timing,
                                    const motion::SetResult& result,
                                    const RehabSetContext& context);

}  // namespace mc::fhir
