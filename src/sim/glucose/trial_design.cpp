#include "sim/glucose/trial_design.h"

#include <algorithm>
#include <array>
#include <utility>

#include "fmt/format.h"

namespace mc::glucose {
namespace {

constexpr std::array<std::pair<TrialOutcome, std::pair<std::string_view, std::string_view>>, 4>
    kOutcomes = {{
        {TrialOutcome::kTimeInRange, {"time_in_range", "tir_70_180_percent"}},
        {TrialOutcome::kTimeBelow70, {"time_below_70", "below_70_percent"}},
        {TrialOutcome::kMean, {"mean", "mean_mg_dl"}},
        {TrialOutcome::kCv, {"cv", "cv_percent"}},
    }};

// "all" is the CLI's default cohort order: adults, adolescents, children.
StatusOr<std::vector<Cohort>> GroupOf(std::string_view word) {
  if (word == "all") return std::vector<Cohort>{Cohort::kAdult, Cohort::kAdolescent, Cohort::kChild};
  auto cohort = ParseCohort(word);
  if (!cohort.ok()) return cohort.status();
  return std::vector<Cohort>{*cohort};
}

StatusOr<std::vector<std::string>> ResolveCohort(const ParameterSet& parameters,
                                                 const std::vector<std::string>& words) {
  auto bad = [](std::string message) { return InvalidArgument("invalid_cohort", message); };
  if (words.empty()) return bad("cohort: choose at least one patient or group");
  std::vector<std::string> patients;
  auto add = [&patients](const std::string& name) {
    if (std::find(patients.begin(), patients.end(), name) == patients.end()) {
      patients.push_back(name);
    }
  };
  for (size_t i = 0; i < words.size(); ++i) {
    const std::string& word = words[i];
    if (parameters.FindPatient(word) != nullptr) {
      add(word);
      continue;
    }
    auto group = GroupOf(word);
    if (!group.ok()) {
      return bad(fmt::format("cohort[{}]: \"{}\" is neither a virtual patient (adult#001 ...) "
                             "nor a group (adults, adolescents, children, all)",
                             i, word.substr(0, 40)));
    }
    for (Cohort cohort : *group) {
      for (const VirtualPatient& patient : parameters.patients) {
        if (patient.cohort == cohort) add(patient.params.name);
      }
    }
  }
  return patients;
}

Status CheckArm(const ParameterSet& parameters, const ArmConfig& arm, size_t index,
                const TrialDesignLimits& limits) {
  auto bad = [index](std::string message) {
    return InvalidArgument("invalid_arm", fmt::format("arms[{}]: {}", index, message));
  };
  if (arm.name.empty() || arm.name.size() > limits.max_arm_name_bytes) {
    return bad(fmt::format("a name of 1 to {} characters is needed", limits.max_arm_name_bytes));
  }
  for (const ArmNumberField& field : ArmNumberFields()) {
    const double value = arm.controller.*field.member;
    if (!(value >= field.low && value <= field.high)) {
      return bad(fmt::format("{} must be in {}..{}", field.key, field.low, field.high));
    }
  }
  if (parameters.FindSensor(arm.sensor) == nullptr) {
    return bad(fmt::format("unknown sensor \"{}\"", arm.sensor.substr(0, 40)));
  }
  if (arm.pump != "none" && parameters.FindPump(arm.pump) == nullptr) {
    return bad(fmt::format("unknown pump \"{}\"", arm.pump.substr(0, 40)));
  }
  return Status();
}

}  // namespace

StatusOr<TrialOutcome> ParseTrialOutcome(std::string_view name) {
  for (const auto& [outcome, names] : kOutcomes) {
    if (names.first == name) return outcome;
  }
  return InvalidArgument("invalid_outcome",
                         "outcome must be time_in_range, time_below_70, mean or cv");
}

std::string_view TrialOutcomeName(TrialOutcome outcome) {
  for (const auto& [value, names] : kOutcomes) {
    if (value == outcome) return names.first;
  }
  return "time_in_range";
}

std::string_view TrialOutcomeMetric(TrialOutcome outcome) {
  for (const auto& [value, names] : kOutcomes) {
    if (value == outcome) return names.second;
  }
  return "tir_70_180_percent";
}

StatusOr<ResolvedTrial> ResolveTrialDesign(const ParameterSet& parameters,
                                           const TrialDesign& design,
                                           const TrialDesignLimits& limits) {
  ResolvedTrial resolved;
  MC_ASSIGN_OR_RETURN(resolved.patients, ResolveCohort(parameters, design.cohort));
  if (design.days < 1 || design.days > limits.max_days) {
    return InvalidArgument("invalid_days",
                           fmt::format("days must be 1..{}", limits.max_days));
  }
  std::optional<Scenario> meals;
  if (design.meals != "random") {
    auto daily = Scenario::ParseDaily(design.meals);
    if (!daily.ok()) {
      return InvalidArgument("invalid_meals",
                             fmt::format("meals: {} (or \"random\")", MessageOf(daily.status())));
    }
    meals = *daily;
  }
  const int arm_count = static_cast<int>(design.arms.size());
  if (arm_count < limits.min_arms || arm_count > limits.max_arms) {
    return InvalidArgument("invalid_arms", fmt::format("a trial has {} to {} arms, got {}",
                                                       limits.min_arms, limits.max_arms,
                                                       arm_count));
  }
  for (size_t i = 0; i < design.arms.size(); ++i) {
    MC_RETURN_IF_ERROR(CheckArm(parameters, design.arms[i], i, limits));
    for (size_t j = 0; j < i; ++j) {
      if (design.arms[j].name == design.arms[i].name) {
        return InvalidArgument("invalid_arm",
                               fmt::format("arms[{}]: the name \"{}\" is used twice", i,
                                           design.arms[i].name));
      }
    }
  }
  resolved.patient_days =
      static_cast<int64_t>(resolved.patients.size()) * design.days * arm_count;
  if (resolved.patient_days > limits.max_patient_days) {
    return InvalidArgument(
        "trial_too_large",
        fmt::format("{} patients × {} days × {} arms = {} patient-days; at most {} per trial",
                    resolved.patients.size(), design.days, arm_count, resolved.patient_days,
                    limits.max_patient_days));
  }
  TrialOptions& options = resolved.options;
  options.patients = resolved.patients;
  options.days = design.days;
  options.seed = design.seed;
  options.arms = design.arms;
  for (ArmConfig& arm : options.arms) arm.meals = meals;
  return resolved;
}

}  // namespace mc::glucose
