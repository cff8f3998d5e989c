// How a subcommand's callback reports bad input: "error: <message>" on
// stderr, then CLI::RuntimeError(2), which main turns into exit status 2.
#pragma once

#include <iostream>
#include <string>

#include <CLI/CLI.hpp>

namespace mc {

[[noreturn]] inline void FailUsage(const std::string& message) {
  std::cerr << "error: " << message << "\n";
  throw CLI::RuntimeError(2);
}

}  // namespace mc
