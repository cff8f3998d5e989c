// Shared pieces of the maintenance commands (`user`, `audit`, `keys`,
// `backup`, `restore`): each works on a data directory given by --data and
// turns a Status into a message on stderr and an exit code.
#pragma once

#include <memory>
#include <string>

#include <CLI/CLI.hpp>

#include "app/app_context.h"
#include "core/status.h"

namespace mc::cli {

struct DataFlag {
  std::string data_dir = "./data";
};

// Opens the data directory with default settings, or prints why and
// returns null.
std::unique_ptr<AppContext> OpenOrReport(const std::string& data_dir);

// Prints the status's message; returns the exit code: 2 for what the person
// typed (invalid argument, already exists, not found), 1 otherwise.
int Fail(const Status& status);

// Adds `name` under `parent` with the --data option bound to `data`.
CLI::App* AddDataCommand(CLI::App& parent, const std::string& name,
                         const std::string& description, DataFlag& data);

}  // namespace mc::cli
