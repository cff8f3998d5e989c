#include "sim/glucose/pump.h"

#include <algorithm>
#include <cmath>

namespace mc::glucose {
namespace {
constexpr double kPmolPerUnit = 6000.0;

double Deliver(double requested, double increment, double low, double high) {
  double pmol = requested * kPmolPerUnit;
  // numpy.round: half to even.
  pmol = std::nearbyint(pmol / increment) * increment;
  return std::clamp(pmol / kPmolPerUnit, low, high);
}
}  // namespace

double PumpBasal(const PumpParams& pump, double requested_u_per_min) {
  return Deliver(requested_u_per_min, pump.inc_basal, pump.min_basal, pump.max_basal);
}

double PumpBolus(const PumpParams& pump, double requested_u_per_min) {
  return Deliver(requested_u_per_min, pump.inc_bolus, pump.min_bolus, pump.max_bolus);
}

double DeliveredBasal(const std::optional<PumpParams>& pump, ControllerKind controller,
                      double requested_u_per_min) {
  if (!pump || controller == ControllerKind::kBasalOnly) return requested_u_per_min;
  return PumpBasal(*pump, requested_u_per_min);
}

}  // namespace mc::glucose
