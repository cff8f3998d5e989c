// The demo hospital: departments, staff and patients with synthetic data.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "app/app_context.h"

namespace mc {

// Seeds an empty store and prints the demo logins with one-time passwords to
// `out`, marked as demo. FailedPrecondition ("store_not_empty") when the
// store already holds users: the demo never touches real data.
Status SeedDemo(AppContext& app, std::ostream& out);

// Crisis help for the demo when none is configured: plainly fictional lines,
// never a real number a tester could reach by mistake.
std::vector<std::string> DemoCrisisLines();

}  // namespace mc
