// Insulin controllers. `kBasalOnly` gives the patient's basal rate
// (u2ss·BW/6000 U/min, times basal_scale). `kBasalBolus` is the reference's
// basal-bolus controller: the same basal, plus, in a sample period after one
// with announced carbohydrate, a bolus of grams/CR + (CGM − target)/CF when
// CGM > the correction threshold, delivered over one sample period.
//
// Pure functions of their arguments; settings are plain values.
#pragma once

#include <string_view>

#include "core/status.h"
#include "sim/glucose/params.h"

namespace mc::glucose {

enum class ControllerKind { kBasalOnly, kBasalBolus };

// Parses "none" / "basal" -> kBasalOnly, "basal-bolus" -> kBasalBolus;
// invalid_argument "unknown_controller" otherwise.
StatusOr<ControllerKind> ParseControllerKind(std::string_view text);
std::string_view ControllerKindName(ControllerKind kind);

// Therapy changes relative to the patient's Quest row (an arm of a trial).
struct ControllerSettings {
  ControllerKind kind = ControllerKind::kBasalOnly;
  double basal_scale = 1.0;
  double carb_ratio_scale = 1.0;          // CR' = CR·scale (bigger = less insulin)
  double correction_factor_scale = 1.0;   // CF' = CF·scale
  double target_mg_dl = 140;
  double correction_threshold_mg_dl = 150;
};

struct ControllerObservation {
  double cgm_mg_dl = 0;        // mean CGM over the last sample period
  double announced_meal_g = 0; // grams announced during the last sample period
  int sample_time_min = 1;     // > 0
};

struct InsulinAction {
  double basal_u_per_min = 0;
  double bolus_u_per_min = 0;
};

InsulinAction Decide(const VirtualPatient& patient, const ControllerSettings& settings,
                     const ControllerObservation& observation);

}  // namespace mc::glucose
