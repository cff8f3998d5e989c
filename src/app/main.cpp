// metaclinic: the virtual hospital server and its maintenance commands.
#include <iostream>

#include <CLI/CLI.hpp>
#include <absl/synchronization/mutex.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include "app/commands.h"
#include "app/loadgen_cli.h"
#include "app/motion_cli.h"
#include "app/sim_cli.h"
#include "app/tissue_cli.h"

int main(int argc, char** argv) {
  // Logs go to stderr, one structured line each, UTC; stdout is for output
  // that scripts read.
  auto logger = spdlog::stderr_logger_mt("metaclinic");
  logger->set_pattern("%Y-%m-%dT%H:%M:%S.%eZ level=%l %v", spdlog::pattern_time_type::utc);
  spdlog::set_default_logger(logger);
  // The distribution's abseil is built with Mutex deadlock detection on,
  // which costs a graph update per lock on the realtime path (3% of the
  // server's CPU under load); the locks' order is fixed by design instead.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);

  CLI::App app{"MetaClinic: a self-hostable virtual hospital"};
  app.require_subcommand(1);
  int exit_code = 0;
  mc::RegisterServeCommand(app, exit_code);
  mc::RegisterUserCommands(app, exit_code);
  mc::RegisterAuditCommands(app, exit_code);
  mc::RegisterKeysCommands(app, exit_code);
  mc::RegisterBackupCommands(app, exit_code);
  mc::RegisterSimCommands(app);
  mc::RegisterMotionCommands(app);
  mc::RegisterTissueCommands(app);
  mc::RegisterLoadgenCommand(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& success) {
    return app.exit(success);
  } catch (const CLI::RuntimeError& error) {
    return error.get_exit_code();
  } catch (const CLI::ParseError& error) {
    app.exit(error);
    return 2;
  } catch (const std::exception& error) {
    std::cerr << "error: " << error.what() << "\n";
    return 1;
  }
  return exit_code;
}
