// Insulin pump: clips and quantises the requested rates the way the
// reference does (quantise in pmol/min by the table's increment, then clip the
// U/min rate to [min, max]). Pure functions.
#pragma once

#include <optional>

#include "sim/glucose/controller.h"
#include "sim/glucose/params.h"

namespace mc::glucose {

// Delivered basal rate (U/min) for a requested rate (U/min).
double PumpBasal(const PumpParams& pump, double requested_u_per_min);
// Delivered bolus rate (U/min) for a requested rate (U/min).
double PumpBolus(const PumpParams& pump, double requested_u_per_min);

// The basal rate (U/min) the patient receives. Under a controller
// (kBasalBolus) the controller's command goes through the pump, when there is
// one, as in the reference's environment loop. With no controller
// (kBasalOnly) the reference drives the patient model directly with
// u2ss·BW/6000 U/min (simglucose's T1DPatient), so the rate is delivered
// exactly: quantising it would move a child's basal off the steady state the
// parameter table holds (child#001: 39.4705 -> 39.45 pmol/min, -0.05%, and
// BG 1.4 mg/dL high after a day of meals).
double DeliveredBasal(const std::optional<PumpParams>& pump, ControllerKind controller,
                      double requested_u_per_min);

}  // namespace mc::glucose
