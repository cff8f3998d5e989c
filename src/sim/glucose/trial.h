// In-silico trials: every patient of the chosen cohorts under every arm, in
// parallel, with per-patient and per-arm metrics and the ambulatory glucose
// profile (AGP) of each arm.
//
// Pairing: patient i sees the same meals (random daily generator seeded from
// the trial seed and i, unless the arm fixes daily meals) and the same CGM
// noise under every arm, so differences between arms are paired.
// Results are identical for any thread count. Metrics use BG = Gs/Vg every
// minute of the run (minutes 0 .. days·1440 − 1).
//
// RunTrial blocks until done; it starts and joins its own threads (threads − 1
// of them: the caller's thread is one) and shares nothing with other calls
// except the progress callback and the cancel flag it is handed.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "sim/glucose/controller.h"
#include "sim/glucose/metrics.h"
#include "sim/glucose/model.h"
#include "sim/glucose/params.h"
#include "sim/glucose/scenario.h"

namespace mc::glucose {

// One arm: the controller and therapy changes, and the devices.
// File format (TOML, every key optional): see docs/glucose.md.
struct ArmConfig {
  std::string name;
  ControllerSettings controller;     // default: basal-bolus, Quest therapy
  std::optional<Scenario> meals;     // none: the random daily generator
  std::string sensor = "Dexcom";
  std::string pump = "Insulet";      // "none": rates delivered exactly
};

// The numeric settings of an arm with their allowed ranges: the one table
// that arm files (TOML) and the trial API (JSON) both read.
struct ArmNumberField {
  const char* key;  // as in the arm file, e.g. "basal_scale"
  double low, high;
  double ControllerSettings::*member;
};
const std::vector<ArmNumberField>& ArmNumberFields();

// Parses an arm file's text. Errors: invalid_argument "bad_arm" with the
// file's line or the offending key (unknown keys are errors, to catch typos).
StatusOr<ArmConfig> ParseArmToml(std::string_view text, std::string name);
// Reads `path` then parses; not_found "file_not_found" when unreadable.
StatusOr<ArmConfig> LoadArmFile(const std::string& path, std::string name);

// Hourly percentiles of BG over days and patients: a histogram of BG in
// 1 mg/dL bins (0..600) for each 5-minute bin of the day.
class AmbulatoryProfile {
 public:
  static constexpr int kBinsPerDay = 288;
  static constexpr int kLevels = 601;
  AmbulatoryProfile() : counts_(static_cast<size_t>(kBinsPerDay) * kLevels, 0) {}
  void Add(int minute_of_day, double bg_mg_dl);
  void Merge(const AmbulatoryProfile& other);
  // The p-th percentile (0..100) of bin `bin`; 0 when the bin is empty.
  double Percentile(int bin, double p) const;

 private:
  std::vector<uint32_t> counts_;
};

// How a trial advances its patients. kBatch (the default) runs several
// patients per thread in the SIMD lanes of the batch integrator
// (batch_simulation.h); kScalar runs them one at a time (Simulate). Both
// give the same results; kScalar is kept to check that and to measure.
enum class TrialEngine { kBatch, kScalar };

struct TrialOptions {
  std::vector<Cohort> cohorts = {Cohort::kAdult, Cohort::kAdolescent, Cohort::kChild};
  // When not empty: exactly these patients in this order; `cohorts` is ignored.
  std::vector<std::string> patients;
  int days = 1;                 // 1..3660
  std::vector<ArmConfig> arms;  // at least one; names unique
  int threads = 0;              // 0: all cores
  uint64_t seed = 1;
  IntegratorOptions integrator;
  TrialEngine engine = TrialEngine::kBatch;
  // Called after each patient × arm run with the patient-days it covered, from
  // the trial's threads (so it must be thread-safe). May be empty.
  std::function<void(int patient_days)> on_progress;
  // Read between patient × arm runs; once true, RunTrial stops and returns
  // cancelled "trial_cancelled". May be null.
  const std::atomic<bool>* cancel = nullptr;
};

struct PatientArmResult {
  std::string patient;
  Cohort cohort = Cohort::kAdult;
  int arm = 0;
  GlycemicMetrics metrics;
  double insulin_u_per_day = 0;
  double carbs_g_per_day = 0;
  long rhs_evaluations = 0;
};

struct TrialResult {
  std::vector<std::string> arm_names;
  std::vector<std::string> patient_names;
  int days = 0;
  // results[arm * patient_names.size() + patient]
  std::vector<PatientArmResult> results;
  std::vector<GlycemicMetrics> arm_metrics;  // pooled over patients
  std::vector<AmbulatoryProfile> profiles;   // per arm
  double wall_seconds = 0;
  int threads = 0;
  long rhs_evaluations = 0;

  const PatientArmResult& At(int arm, int patient) const {
    return results[static_cast<size_t>(arm) * patient_names.size() + patient];
  }
};

// Errors: invalid_argument "bad_trial" (no arms, duplicate arm names, days out
// of range, an unknown sensor or pump, an unknown or repeated patient, no
// patients in the cohorts); cancelled "trial_cancelled" (see `cancel`).
StatusOr<TrialResult> RunTrial(const ParameterSet& parameters, const TrialOptions& options);

// Mean paired difference (arm − reference) across patients with a 95% CI
// from Student's t.
struct PairedDifference {
  double mean = 0, ci_low = 0, ci_high = 0;
  int n = 0;
};
PairedDifference PairedDifferenceOf(const std::vector<double>& arm,
                                    const std::vector<double>& reference);
// Two-sided 95% quantile of Student's t with `df` degrees of freedom.
double StudentT975(int df);

}  // namespace mc::glucose
