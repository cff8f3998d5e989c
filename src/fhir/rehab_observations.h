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
};

// The two Observations of one set, range of motion first.
std::vector<nlohmann::json> RehabSetObservations(
    const motion::SetResult& result, const RehabSetContext& context);

}  // namespace mc::fhir
