#include "app/cli_support.h"

#include <iostream>

namespace mc::cli {

std::unique_ptr<AppContext> OpenOrReport(const std::string& data_dir) {
  auto app = OpenApp(data_dir, ServeConfig{});
  if (!app.ok()) {
    std::cerr << "error: " << MessageOf(app.status()) << "\n";
    return nullptr;
  }
  return std::move(*app);
}

int Fail(const Status& status) {
  std::cerr << "error: " << MessageOf(status) << "\n";
  return status.code() == StatusCode::kInvalidArgument ||
                 status.code() == StatusCode::kAlreadyExists ||
                 status.code() == StatusCode::kNotFound
             ? 2
             : 1;
}

CLI::App* AddDataCommand(CLI::App& parent, const std::string& name,
                         const std::string& description, DataFlag& data) {
  CLI::App* command = parent.add_subcommand(name, description);
  command->add_option("--data", data.data_dir, "data directory (default ./data)");
  return command;
}

}  // namespace mc::cli
