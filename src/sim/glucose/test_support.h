// Test helpers: where the parameter tables live and a loaded set.
#pragma once

#include <string>

#include "sim/glucose/params.h"
#include "sim/glucose/simulation.h"

namespace mc::glucose::testing {

// $METACLINIC_SOURCE_DIR/share/uva-padova, or the compile-time source dir.
std::string ParamsDirectory();
std::string ReadParamsFile(const std::string& name);
// Loaded once; aborts the test binary if the tables do not load.
const ParameterSet& Parameters();

// `days` of the random daily meals seeded by `seed` (CGM noise too), Dexcom
// and Insulet, under `kind`.
SimulationOptions RandomDays(int days, uint64_t seed, ControllerKind kind);

}  // namespace mc::glucose::testing
