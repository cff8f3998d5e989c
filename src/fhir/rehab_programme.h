// A rehabilitation programme (issue 17, docs/api.md "Rehabilitation") as a
// FHIR R4 CarePlan, and back. The therapist prescribes activities (an
// exercise of the motion core, a side, sets, reps, a target angle, days per
// week); each becomes one `CarePlan.activity` with a server-given `id`
// ("a1", "a2", ...):
//
//   detail.code          rehab#<exercise>, text = the activity's title
//   detail.quantity      the sets ("sets")
//   detail.scheduledTiming.repeat  frequency = days per week, period 1 wk
//   detail.extension     .../rehab-prescription: side (valueCode), reps
//                        (valueInteger), target-angle (valueQuantity, deg)
//   detail.description   the prescription in words
//
// Pure: no storage, no threading concerns. The caller validates the
// CarePlan against the R4 schema and stores it through the Vault.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/status.h"

namespace mc::fhir {

inline constexpr char kRehabPrescriptionUrl[] =
    "https://metaclinic.example/fhir/StructureDefinition/rehab-prescription";

// The exercise the headset's orientation measures (docs/motion.md
// "Cervical rotation").
inline constexpr char kCervicalRotation[] = "cervical-rotation";

struct RehabActivity {
  std::string id;        // "a1": unique within its CarePlan
  std::string exercise;  // a motion core exercise name, or cervical-rotation
  std::string side;      // "left" or "right"
  int sets = 0;
  int reps = 0;
  double target_deg = 0;
  int days_per_week = 0;
  std::string title;
};

struct RehabProgramme {
  std::string careplan_id;
  std::string title;
  std::string created;  // ISO date-time
  std::string status;   // the CarePlan's status ("active", "revoked", ...)
  std::vector<RehabActivity> activities;
};

// Limits of a prescription.
inline constexpr int kMaxActivities = 12;
inline constexpr size_t kMaxTitleLength = 120;

// An activity from a request's JSON object {exercise, side, sets, reps,
// target_deg, days_per_week, title} (no id). InvalidArgument with the
// message prefixed by `where` ("activities[1]: "): "unknown_field",
// "invalid_field" (a wrong type), "invalid_exercise", "invalid_side",
// "invalid_sets" (1-10), "invalid_reps" (1-50), "invalid_target" (the
// motion core's TargetIsValid; cervical rotation 10-90),
// "invalid_days_per_week" (1-7), "invalid_title" (1-120 characters).
StatusOr<RehabActivity> ActivityFromRequest(const nlohmann::json& object,
                                            const std::string& where);

// Whether `target_deg` is a valid target for `exercise` (a known name).
bool RehabTargetIsValid(const std::string& exercise, double target_deg);

// The CarePlan of a new programme for Patient/`pseudonym`, prescribed by
// Practitioner/`author_user_id` at `created` (ISO date-time); activities
// get ids a1, a2, ... in order.
nlohmann::json ProgrammeCarePlan(const std::string& pseudonym, int64_t author_user_id,
                                 const std::string& title,
                                 const std::vector<RehabActivity>& activities,
                                 const std::string& created);

// The programme a stored CarePlan holds, or nullopt when it is not a
// rehabilitation programme (no activity with a rehab exercise code).
std::optional<RehabProgramme> ProgrammeFromCarePlan(const std::string& careplan_id,
                                                    const nlohmann::json& careplan);

// The simplified JSON of docs/api.md: {careplan_id, title, created,
// activities: [{id, exercise, side, sets, reps, target_deg, days_per_week,
// title}]}.
nlohmann::json ProgrammeJson(const RehabProgramme& programme);

}  // namespace mc::fhir
