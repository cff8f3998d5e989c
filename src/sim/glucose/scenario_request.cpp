#include "sim/glucose/scenario_request.h"

#include <cmath>

#include "fmt/format.h"

namespace mc::glucose {
namespace {

constexpr int kMinutesPerDay = 1440;

Status CheckCount(size_t count, int max, std::string_view code,
                  std::string_view what) {
  if (count <= static_cast<size_t>(max)) return Status();
  return InvalidArgument(code,
                         fmt::format("at most {} {} per request", max, what));
}

bool IsAmount(double amount, double max) {
  return std::isfinite(amount) && amount > 0 && amount <= max;
}

Status ValidateMeals(const ScenarioRequest& request,
                     const ScenarioLimits& limits) {
  MC_RETURN_IF_ERROR(CheckCount(request.meals.size(), limits.max_meals,
                                "too_many_meals", "meals"));
  for (size_t i = 0; i < request.meals.size(); ++i) {
    const ScenarioMeal& meal = request.meals[i];
    if (!IsAmount(meal.grams, limits.max_meal_g)) {
      return InvalidArgument("invalid_meal",
                             fmt::format("meals[{}]: grams must be above 0 and "
                                         "at most {}",
                                         i, limits.max_meal_g));
    }
    const bool daily = meal.repeat == ScenarioMeal::Repeat::kDaily;
    const int end = daily ? kMinutesPerDay : request.minutes;
    if (meal.minute < 0 || meal.minute >= end) {
      return InvalidArgument(
          "invalid_meal",
          daily ? fmt::format("meals[{}]: time must be 00:00..23:59", i)
                : fmt::format("meals[{}]: minute must be 0..{}", i, end - 1));
    }
  }
  return Status();
}

Status ValidateDoses(const ScenarioRequest& request,
                     const ScenarioLimits& limits) {
  MC_RETURN_IF_ERROR(CheckCount(request.doses.size(), limits.max_doses,
                                "too_many_doses", "insulin doses"));
  for (size_t i = 0; i < request.doses.size(); ++i) {
    const ScenarioDose& dose = request.doses[i];
    if (!IsAmount(dose.units, limits.max_dose_u)) {
      return InvalidArgument("invalid_dose",
                             fmt::format("insulin[{}]: units must be above 0 "
                                         "and at most {}",
                                         i, limits.max_dose_u));
    }
    if (dose.minute < 0 || dose.minute >= request.minutes) {
      return InvalidArgument("invalid_dose",
                             fmt::format("insulin[{}]: minute must be 0..{}", i,
                                         request.minutes - 1));
    }
  }
  return Status();
}

// Grams announced and units dosed at each minute of the run.
struct MinuteSchedule {
  std::vector<double> meal_g;
  std::vector<double> dose_u;
};

MinuteSchedule BuildSchedule(const ScenarioRequest& request) {
  MinuteSchedule schedule;
  schedule.meal_g.assign(static_cast<size_t>(request.minutes), 0.0);
  schedule.dose_u.assign(static_cast<size_t>(request.minutes), 0.0);
  for (const ScenarioMeal& meal : request.meals) {
    if (meal.repeat == ScenarioMeal::Repeat::kOnce) {
      schedule.meal_g[meal.minute] += meal.grams;
      continue;
    }
    for (int t = meal.minute; t < request.minutes; t += kMinutesPerDay) {
      schedule.meal_g[t] += meal.grams;
    }
  }
  for (const ScenarioDose& dose : request.doses)
    schedule.dose_u[dose.minute] += dose.units;
  return schedule;
}

ScenarioSample SampleOf(const RuntimeSnapshot& snapshot) {
  ScenarioSample sample;
  sample.t_min = snapshot.t_min;
  sample.bg_mg_dl = snapshot.bg_mg_dl;
  sample.cgm_mg_dl = snapshot.cgm_mg_dl;
  sample.fluxes = snapshot.fluxes;
  sample.insulin_on_board_u = snapshot.insulin_on_board_u;
  return sample;
}

}  // namespace

StatusOr<int> ParseTimeOfDay(std::string_view text) {
  auto digit = [&](size_t i) { return text[i] >= '0' && text[i] <= '9'; };
  if (text.size() != 5 || text[2] != ':' || !digit(0) || !digit(1) ||
      !digit(3) || !digit(4)) {
    return InvalidArgument(
        "invalid_time", fmt::format("\"{}\" is not a time of day HH:MM", text));
  }
  const int hours = (text[0] - '0') * 10 + (text[1] - '0');
  const int minutes = (text[3] - '0') * 10 + (text[4] - '0');
  if (hours > 23 || minutes > 59) {
    return InvalidArgument(
        "invalid_time",
        fmt::format("\"{}\" is not a time of day 00:00..23:59", text));
  }
  return hours * 60 + minutes;
}

Status ValidateScenarioRequest(const ParameterSet& parameters,
                               const ScenarioRequest& request,
                               const ScenarioLimits& limits) {
  if (parameters.FindPatient(request.patient) == nullptr) {
    return InvalidArgument(
        "unknown_patient",
        fmt::format("unknown patient \"{}\" (adolescent#001..010, "
                    "adult#001..010, child#001..010)",
                    request.patient));
  }
  if (parameters.FindSensor(request.sensor) == nullptr) {
    return InvalidArgument(
        "unknown_sensor",
        fmt::format("unknown sensor \"{}\" (Dexcom, GuardianRT, Navigator)",
                    request.sensor));
  }
  if (request.pump != "none" && parameters.FindPump(request.pump) == nullptr) {
    return InvalidArgument(
        "unknown_pump",
        fmt::format("unknown pump \"{}\" (Insulet, Cozmo, none)",
                    request.pump));
  }
  if (request.minutes < 1 || request.minutes > limits.max_minutes) {
    return InvalidArgument(
        "invalid_hours",
        fmt::format("hours must give 1..{} whole minutes ({} h at most)",
                    limits.max_minutes, limits.max_minutes / 60));
  }
  if (request.every_min < 1 || request.every_min > kMinutesPerDay) {
    return InvalidArgument("invalid_every", "every must be 1..1440 minutes");
  }
  const int samples = request.minutes / request.every_min + 1;
  if (samples > limits.max_samples) {
    const int smallest =
        (request.minutes + limits.max_samples - 2) / (limits.max_samples - 1);
    return InvalidArgument(
        "too_many_samples",
        fmt::format("{} samples is over the limit of {}; use every >= {}",
                    samples, limits.max_samples, smallest));
  }
  MC_RETURN_IF_ERROR(ValidateTherapyOverrides(request.therapy));
  MC_RETURN_IF_ERROR(ValidateMeals(request, limits));
  return ValidateDoses(request, limits);
}

StatusOr<ScenarioResult> RunScenario(const ParameterSet& parameters,
                                     const ScenarioRequest& request,
                                     const ScenarioLimits& limits,
                                     const std::function<bool()>& out_of_time) {
  MC_RETURN_IF_ERROR(ValidateScenarioRequest(parameters, request, limits));
  const VirtualPatient& patient = *parameters.FindPatient(request.patient);
  RuntimeOptions options;
  options.controller = request.controller;
  options.therapy = request.therapy;
  options.sensor = *parameters.FindSensor(request.sensor);
  if (request.pump != "none") options.pump = *parameters.FindPump(request.pump);
  options.seed = request.seed;
  MC_ASSIGN_OR_RETURN(PatientRuntime runtime,
                      PatientRuntime::Create(patient, options));

  const MinuteSchedule schedule = BuildSchedule(request);
  ScenarioResult result;
  result.patient = request.patient;
  result.minutes = request.minutes;
  result.every_min = request.every_min;
  result.carb_ratio_g_per_u = runtime.patient().therapy.carb_ratio_g_per_u;
  result.correction_factor_mg_dl_per_u =
      runtime.patient().therapy.correction_factor_mg_dl_per_u;
  result.basal_u_per_h = runtime.Snapshot().basal_u_per_h;
  result.samples.reserve(
      static_cast<size_t>(request.minutes / request.every_min + 1));
  MetricsAccumulator metrics;
  for (int t = 0;; ++t) {
    if (t % request.every_min == 0)
      result.samples.push_back(SampleOf(runtime.Snapshot()));
    metrics.Add(runtime.state().BgMgDl(patient.params));
    if (t == request.minutes) break;
    if (t % 60 == 0 && out_of_time && out_of_time()) {
      return Unavailable(
          "deadline_exceeded",
          "the simulation ran out of time; try fewer hours or later");
    }
    if (schedule.meal_g[t] > 0) runtime.AnnounceMeal(schedule.meal_g[t]);
    if (schedule.dose_u[t] > 0) runtime.AddBolus(schedule.dose_u[t]);
    const MinuteDelivery delivery = runtime.StepMinute();
    ScenarioSample& sample = result.samples.back();
    sample.meal_g += delivery.meal_g;
    sample.insulin_u += delivery.insulin_u;
    result.total_carbs_g += delivery.meal_g;
    result.total_insulin_u += delivery.insulin_u;
    result.total_bolus_u += delivery.bolus_u;
  }
  result.metrics = metrics.Result();
  return result;
}

}  // namespace mc::glucose
