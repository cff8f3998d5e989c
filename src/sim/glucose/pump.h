// Insulin pump: clips and quantises the requested rates the way the
// reference does (quantise in pmol/min by the table's increment, then clip the
// U/min rate to [min, max]). Pure functions.
#pragma once

#include "sim/glucose/params.h"

namespace mc::glucose {

// Delivered basal rate (U/min) for a requested rate (U/min).
double PumpBasal(const PumpParams& pump, double requested_u_per_min);
// Delivered bolus rate (U/min) for a requested rate (U/min).
double PumpBolus(const PumpParams& pump, double requested_u_per_min);

}  // namespace mc::glucose
