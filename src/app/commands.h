// The command-line front end: `metaclinic serve | user | audit | keys |
// backup | restore`
// (the physiology commands live in sim_cli.h). Each Register* adds one
// subcommand whose callback sets the process exit code through `exit_code`.
#pragma once

#include <CLI/CLI.hpp>

namespace mc {

void RegisterServeCommand(CLI::App& root, int& exit_code);
void RegisterUserCommands(CLI::App& root, int& exit_code);
void RegisterAuditCommands(CLI::App& root, int& exit_code);
void RegisterKeysCommands(CLI::App& root, int& exit_code);
void RegisterBackupCommands(CLI::App& root, int& exit_code);

}  // namespace mc
