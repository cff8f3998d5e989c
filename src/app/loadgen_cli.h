// `metaclinic loadgen`: drives bots against a server started with --bench
// (see src/tools/loadgen/loadgen.h for what a bot does and docs/world.md for the
// benchmark). Prints a summary on stdout (and the JSON report with --json);
// exits 1 when any bot failed to connect or was closed with an error, 2 on
// bad arguments.
#pragma once

#include <CLI/CLI.hpp>

namespace mc {

void RegisterLoadgenCommand(CLI::App& root);

}  // namespace mc
