// Command-line front end of the physiology engine: `metaclinic sim glucose`
// (one virtual patient, a CSV trace per minute) and `metaclinic trial` (a
// cohort under several arms, metrics and report.html). See docs/glucose.md.
//
// RegisterSimCommands adds both subcommands to `root`; their callbacks run
// during root.parse(). On bad input a callback prints "error: ..." to stderr
// and throws CLI::RuntimeError(2), so `CLI11_PARSE` / `return app.exit(e)` in
// main exits with status 2 (CLI11's own parse errors keep CLI11's codes unless
// main maps them).
#pragma once

#include <CLI/CLI.hpp>

namespace mc {

void RegisterSimCommands(CLI::App& root);

}  // namespace mc
