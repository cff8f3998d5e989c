// Test helpers: where the parameter tables live and a loaded set.
#pragma once

#include <string>

#include "sim/glucose/params.h"

namespace mc::glucose::testing {

// $METACLINIC_SOURCE_DIR/share/uva-padova, or the compile-time source dir.
std::string ParamsDirectory();
std::string ReadParamsFile(const std::string& name);
// Loaded once; aborts the test binary if the tables do not load.
const ParameterSet& Parameters();

}  // namespace mc::glucose::testing
