#include "sim/glucose/patient_runtime.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "fmt/format.h"
#include "sim/glucose/pump.h"

namespace mc::glucose {
namespace {

constexpr double kPmolPerUnit = 6000.0;

Status CheckRange(const std::optional<double>& value, double low, double high,
                  std::string_view code, std::string_view what) {
  if (!value) return Status();
  if (!std::isfinite(*value) || *value < low || *value > high) {
    return InvalidArgument(
        code, fmt::format("{} must be between {} and {}", what, low, high));
  }
  return Status();
}

}  // namespace

Status ValidateTherapyOverrides(const TherapyOverrides& overrides) {
  MC_RETURN_IF_ERROR(CheckRange(overrides.carb_ratio_g_per_u, 1, 150,
                                "invalid_carb_ratio",
                                "the carbohydrate ratio (g/U)"));
  MC_RETURN_IF_ERROR(CheckRange(overrides.correction_factor_mg_dl_per_u, 1, 500,
                                "invalid_correction_factor",
                                "the correction factor (mg/dL per U)"));
  MC_RETURN_IF_ERROR(CheckRange(overrides.basal_u_per_h, 0, 20,
                                "invalid_basal_rate", "the basal rate (U/h)"));
  return Status();
}

StatusOr<PatientRuntime> PatientRuntime::Create(const VirtualPatient& patient,
                                                const RuntimeOptions& options) {
  MC_RETURN_IF_ERROR(ValidateTherapyOverrides(options.therapy));
  if (options.sensor.sample_time_min < 1 ||
      options.sensor.sample_time_min > 150) {
    return InvalidArgument("bad_sensor",
                           "sensor sample time must be 1..150 minutes");
  }
  return PatientRuntime(patient, options);
}

PatientRuntime::PatientRuntime(const VirtualPatient& patient,
                               const RuntimeOptions& options)
    : patient_(patient),
      options_(options),
      sensor_(options.sensor, options.seed) {
  const TherapyOverrides& therapy = options.therapy;
  if (therapy.carb_ratio_g_per_u)
    patient_.therapy.carb_ratio_g_per_u = *therapy.carb_ratio_g_per_u;
  if (therapy.correction_factor_mg_dl_per_u) {
    patient_.therapy.correction_factor_mg_dl_per_u =
        *therapy.correction_factor_mg_dl_per_u;
  }
  controller_.kind = options.controller;
  const double steady_basal_u_per_h = patient_.params.BasalRateUPerMin() * 60.0;
  if (therapy.basal_u_per_h && steady_basal_u_per_h > 0) {
    controller_.basal_scale = *therapy.basal_u_per_h / steady_basal_u_per_h;
  }
  walking_params_ = patient_.params;
  walking_params_.Vm0 *= kWalkUptakeScale;
  walking_params_.Vmx *= kWalkUptakeScale;
  state_ = BasalState(patient_.params);
  cgm_mg_dl_ = sensor_.Measure(0, state_.BgMgDl(patient_.params));
}

double PatientRuntime::BasalRateUPerMin() const {
  return patient_.params.BasalRateUPerMin() * controller_.basal_scale;
}

RuntimeSnapshot PatientRuntime::Snapshot() const {
  const PatientParams& params = patient_.params;
  RuntimeSnapshot snapshot;
  snapshot.t_min = t_min_;
  snapshot.bg_mg_dl = state_.BgMgDl(params);
  snapshot.cgm_mg_dl = cgm_mg_dl_;
  snapshot.fluxes =
      Fluxes(walking() ? walking_params_ : params, state_.x, ModelInputs{});
  // The depot a constant basal rate holds: dIsc1 = 0 and dIsc2 = 0.
  const double basal_pmol_per_kg_min =
      BasalRateUPerMin() * kPmolPerUnit / params.BW;
  const double basal_isc1 = basal_pmol_per_kg_min / (params.ka1 + params.kd);
  const double basal_isc2 = params.kd * basal_isc1 / params.ka2;
  const double depot =
      state_.x[kIsc1] + state_.x[kIsc2] - basal_isc1 - basal_isc2;
  snapshot.insulin_on_board_u = std::max(0.0, depot * params.BW / kPmolPerUnit);
  snapshot.basal_u_per_h = BasalRateUPerMin() * 60.0;
  snapshot.walking = walking();
  return snapshot;
}

double PatientRuntime::SuggestedBolusUnits(double grams) const {
  ControllerSettings settings = controller_;
  settings.kind = ControllerKind::kBasalBolus;
  ControllerObservation observation;
  observation.cgm_mg_dl = cgm_mg_dl_;
  observation.announced_meal_g = grams;
  observation.sample_time_min = 1;
  return Decide(patient_, settings, observation).bolus_u_per_min;
}

double PatientRuntime::DeliverBolus(double requested_u_per_min) const {
  return options_.pump ? PumpBolus(*options_.pump, requested_u_per_min)
                       : requested_u_per_min;
}

MinuteDelivery PatientRuntime::StepMinute() {
  const int sample_time = options_.sensor.sample_time_min;
  // The controller's bookkeeping follows Simulate (simulation.cpp): mean CGM
  // over the last sample period, grams announced in it.
  if (t_min_ > 0) cgm_sum_ += cgm_mg_dl_;
  if (t_min_ % sample_time == 0) {
    ControllerObservation observation;
    observation.cgm_mg_dl = t_min_ == 0 ? cgm_mg_dl_ : cgm_sum_ / sample_time;
    observation.announced_meal_g = meal_sum_g_;
    observation.sample_time_min = sample_time;
    controller_bolus_u_per_min_ =
        Decide(patient_, controller_, observation).bolus_u_per_min;
    if (skip_meal_bolus_ && meal_sum_g_ > 0) {
      controller_bolus_u_per_min_ = 0;
      skip_meal_bolus_ = false;
    }
    cgm_sum_ = meal_sum_g_ = 0;
  }
  MinuteDelivery delivery;
  delivery.t_min = t_min_;
  delivery.meal_g = meal_now_g_;
  meal_sum_g_ += meal_now_g_;
  meal_now_g_ = 0;

  const double basal = DeliveredBasal(options_.pump, controller_.kind, BasalRateUPerMin());
  const double controller_bolus = DeliverBolus(controller_bolus_u_per_min_);
  const double manual_cap =
      options_.pump ? std::max(0.0, options_.pump->max_bolus - controller_bolus)
                    : std::numeric_limits<double>::infinity();
  const double manual_bolus = std::min(pending_bolus_u_, manual_cap);
  pending_bolus_u_ -= manual_bolus;
  delivery.bolus_u = controller_bolus + manual_bolus;
  delivery.insulin_u = basal + delivery.bolus_u;

  MinuteInputs inputs;
  inputs.announced_meal_g = delivery.meal_g;
  inputs.insulin_u_per_min = delivery.insulin_u;
  StepResult result =
      Step(walking() ? walking_params_ : patient_.params, state_, inputs, 1);
  state_ = result.state;
  ++t_min_;
  cgm_mg_dl_ = sensor_.Measure(t_min_, state_.BgMgDl(patient_.params));
  return delivery;
}

}  // namespace mc::glucose
