// Command-line front end of the motion core (docs/motion.md):
//
//   metaclinic motion analyse --exercise knee-flexion|knee-extension|
//       elbow-flexion|shoulder-flexion|shoulder-abduction|hip-flexion
//       --side left|right [--target-deg N] --in trace.csv --out result.json
//
// Reads a keypoint trace CSV, analyses it as one set with the same core the
// browser runs as WebAssembly, and writes the result JSON (`--out -`:
// stdout). On bad input (unknown exercise or side, a target outside the
// exercise's range, an unreadable file, a bad trace: missing columns,
// non-numeric values, time going backwards...) it prints "error: <code>:
// <message>" to stderr, writes nothing, and the process exits 2 (the
// callback throws CLI::RuntimeError(2), as sim_cli.h does).
#pragma once

#include <CLI/CLI.hpp>

namespace mc {

void RegisterMotionCommands(CLI::App& root);

}  // namespace mc
