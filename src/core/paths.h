// Where MetaClinic finds the read-only files it ships (share/).
#pragma once

#include <string>

namespace mc {

// The share/ directory: $METACLINIC_SHARE when set, else ./share when it
// exists, else the source tree's share/ this binary was built from.
std::string ShareDir();

}  // namespace mc
