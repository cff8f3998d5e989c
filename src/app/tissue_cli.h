// Command-line front end of the soft-tissue engine (docs/tissue.md):
//   metaclinic tissue cantilever --length-m L --height-m H --width-m W
//       --youngs-pa E --poisson NU --density RHO --json FILE
//     a clamped beam sags to rest; writes its tip deflection beside
//     Euler-Bernoulli's;
//   metaclinic tissue bench --tets N [--iterations K] --seconds S --json FILE
//     steps per second on this thread for a pad of about N tetrahedra
//     pressed by a tool.
// Both print a one-line summary on stdout. Bad arguments print
// "error: ..." on stderr and exit 2 (CLI::RuntimeError(2), as sim_cli.h).
#pragma once

#include <CLI/CLI.hpp>

namespace mc {

void RegisterTissueCommands(CLI::App& root);

}  // namespace mc
