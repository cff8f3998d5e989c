// A trial design as a researcher states it through the API (docs/api.md
// "Research"): a cohort of named patients or groups, days, one meal scenario
// for every arm, two or more arms, and the primary outcome. Resolving it
// checks every field with a stable code and bounds the work, and gives the
// TrialOptions that `metaclinic trial` would build from the same inputs
// (cohort words, days, seed, arm files with the same meals).
//
// Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "sim/glucose/params.h"
#include "sim/glucose/trial.h"

namespace mc::glucose {

enum class TrialOutcome { kTimeInRange, kTimeBelow70, kMean, kCv };

// "time_in_range", "time_below_70", "mean", "cv" <-> the enum; parsing
// anything else is invalid_argument "invalid_outcome".
StatusOr<TrialOutcome> ParseTrialOutcome(std::string_view name);
std::string_view TrialOutcomeName(TrialOutcome outcome);
// The per-patient metric the outcome reads, e.g. "tir_70_180_percent".
std::string_view TrialOutcomeMetric(TrialOutcome outcome);

struct TrialDesignLimits {
  int max_days = 30;
  int min_arms = 2;
  int max_arms = 6;
  int max_patient_days = 2000;  // patients × days × arms
  size_t max_arm_name_bytes = 40;
};

struct TrialDesign {
  // Patient ids ("child#001") and group words ("adults", "adolescents",
  // "children", "all"), in the order given.
  std::vector<std::string> cohort;
  int days = 1;
  // "random" (the random daily generator, seeded from `seed`) or a daily
  // list such as "07:00=50,12:00=70,18:00=80".
  std::string meals = "random";
  uint64_t seed = 1;
  // Each arm's name, controller settings and devices; `meals` is ignored
  // (the design's meals apply to every arm).
  std::vector<ArmConfig> arms;
  TrialOutcome outcome = TrialOutcome::kTimeInRange;
};

struct ResolvedTrial {
  TrialOptions options;
  std::vector<std::string> patients;  // the resolved cohort, in order
  int64_t patient_days = 0;           // patients × days × arms
};

// Checks the design against `parameters` and `limits`. Errors
// (invalid_argument): "invalid_cohort" (empty, an unknown word or patient),
// "invalid_days", "invalid_meals", "invalid_arms" (too few or too many),
// "invalid_arm" (empty, long or repeated name, an unknown sensor or pump, a
// setting out of range), "trial_too_large". Messages name the field.
StatusOr<ResolvedTrial> ResolveTrialDesign(const ParameterSet& parameters,
                                           const TrialDesign& design,
                                           const TrialDesignLimits& limits);

}  // namespace mc::glucose
