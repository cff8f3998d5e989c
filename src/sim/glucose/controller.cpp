#include "sim/glucose/controller.h"

#include "fmt/format.h"

namespace mc::glucose {

StatusOr<ControllerKind> ParseControllerKind(std::string_view text) {
  if (text == "none" || text == "basal") return ControllerKind::kBasalOnly;
  if (text == "basal-bolus") return ControllerKind::kBasalBolus;
  return InvalidArgument("unknown_controller",
                         fmt::format("unknown controller \"{}\" (none, basal-bolus)", text));
}

std::string_view ControllerKindName(ControllerKind kind) {
  return kind == ControllerKind::kBasalBolus ? "basal-bolus" : "none";
}

InsulinAction Decide(const VirtualPatient& patient, const ControllerSettings& settings,
                     const ControllerObservation& observation) {
  InsulinAction action;
  action.basal_u_per_min = patient.params.BasalRateUPerMin() * settings.basal_scale;
  if (settings.kind != ControllerKind::kBasalBolus || observation.announced_meal_g <= 0) {
    return action;
  }
  double carb_ratio = patient.therapy.carb_ratio_g_per_u * settings.carb_ratio_scale;
  double correction_factor =
      patient.therapy.correction_factor_mg_dl_per_u * settings.correction_factor_scale;
  double bolus_u = observation.announced_meal_g / carb_ratio;
  if (observation.cgm_mg_dl > settings.correction_threshold_mg_dl) {
    bolus_u += (observation.cgm_mg_dl - settings.target_mg_dl) / correction_factor;
  }
  action.bolus_u_per_min = std::max(0.0, bolus_u) / observation.sample_time_min;
  return action;
}

}  // namespace mc::glucose
