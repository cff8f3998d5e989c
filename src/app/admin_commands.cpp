// `metaclinic user ...`, `audit ...` and `keys ...`: maintenance on a data
// directory, usable while the server runs (SQLite WAL).
#include <termios.h>
#include <unistd.h>

#include <fstream>
#include <optional>
#include <iostream>

#include <fmt/format.h>

#include "app/app_context.h"
#include "app/cli_support.h"
#include "app/commands.h"
#include "records/audit_review.h"

namespace mc {
namespace {

using cli::AddDataCommand;
using cli::DataFlag;
using cli::Fail;
using cli::OpenOrReport;

// Reads one line from stdin; on a terminal, prompts and hides the typing.
bool ReadPassword(std::string* password) {
  const bool terminal = isatty(STDIN_FILENO) != 0;
  termios saved{};
  if (terminal) {
    std::cerr << "Password: " << std::flush;
    tcgetattr(STDIN_FILENO, &saved);
    termios hidden = saved;
    hidden.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSANOW, &hidden);
  }
  const bool read = static_cast<bool>(std::getline(std::cin, *password));
  if (terminal) {
    tcsetattr(STDIN_FILENO, TCSANOW, &saved);
    std::cerr << "\n";
  }
  if (!password->empty() && password->back() == '\r') password->pop_back();
  return read;
}

}  // namespace

void RegisterUserCommands(CLI::App& root, int& exit_code) {
  CLI::App* user = root.add_subcommand("user", "Manage accounts");
  user->require_subcommand(1);

  struct AddFlags : DataFlag {
    NewUser user;
  };
  auto add = std::make_shared<AddFlags>();
  CLI::App* add_command = AddDataCommand(*user, "add",
                                     "Create an account; the password is read from stdin",
                                     *add);
  add_command->add_option("--login", add->user.login, "login name")->required();
  add_command->add_option("--name", add->user.display_name, "display name")->required();
  add_command->add_option("--role", add->user.role,
                          "patient, clinician, nurse, therapist, student, researcher, admin")
      ->required();
  add_command->callback([add, &exit_code] {
    auto app = OpenOrReport(add->data_dir);
    if (!app) return void(exit_code = 1);
    NewUser user = add->user;
    if (!ReadPassword(&user.password)) {
      exit_code = Fail(InvalidArgument("no_password", "give the password on stdin"));
      return;
    }
    auto created = app->accounts->CreateUser(SystemActor("cli"), user);
    if (!created.ok()) return void(exit_code = Fail(created.status()));
    std::cout << fmt::format("created user {} ({}) with id {}\n", created->login,
                             created->role, created->id);
  });

  auto list = std::make_shared<DataFlag>();
  AddDataCommand(*user, "list", "List accounts", *list)->callback([list, &exit_code] {
    auto app = OpenOrReport(list->data_dir);
    if (!app) return void(exit_code = 1);
    auto users = app->accounts->ListUsers(SystemActor("cli"));
    if (!users.ok()) return void(exit_code = Fail(users.status()));
    std::cout << fmt::format("{:>4}  {:<16} {:<11} {:<8} {}\n", "id", "login", "role",
                             "state", "name");
    for (const UserRow& row : *users) {
      std::cout << fmt::format("{:>4}  {:<16} {:<11} {:<8} {}\n", row.id, row.login,
                               row.role, row.disabled ? "disabled" : "active",
                               row.display_name);
    }
  });

  for (const bool disable : {true, false}) {
    struct ToggleFlags : DataFlag {
      std::string login;
    };
    auto toggle = std::make_shared<ToggleFlags>();
    CLI::App* command = AddDataCommand(*user, disable ? "disable" : "enable",
                                   disable ? "Disable an account and end its sessions"
                                           : "Re-enable a disabled account",
                                   *toggle);
    command->add_option("--login", toggle->login, "login name")->required();
    command->callback([toggle, disable, &exit_code] {
      auto app = OpenOrReport(toggle->data_dir);
      if (!app) return void(exit_code = 1);
      auto found = app->accounts->FindByLogin(SystemActor("cli"), toggle->login);
      if (!found.ok()) return void(exit_code = Fail(found.status()));
      bool disabled = disable;
      auto updated =
          app->accounts->UpdateUser(SystemActor("cli"), found->id, nullptr, &disabled);
      if (!updated.ok()) return void(exit_code = Fail(updated.status()));
      std::cout << fmt::format("{} {}\n", disable ? "disabled" : "enabled", found->login);
    });
  }
}

void RegisterAuditCommands(CLI::App& root, int& exit_code) {
  CLI::App* audit = root.add_subcommand("audit", "Check and export the audit log");
  audit->require_subcommand(1);
  struct VerifyFlags : DataFlag {
    std::string checkpoint;
  };
  auto verify = std::make_shared<VerifyFlags>();
  CLI::App* verify_command =
      AddDataCommand(*audit, "verify", "Verify the hash chain; exits 1 when tampered", *verify);
  verify_command->add_option(
      "--checkpoint", verify->checkpoint,
      "a file holding a line `audit checkpoint` printed: also check that the log still "
      "holds that record unchanged");
  verify_command->callback([verify, &exit_code] {
        std::optional<AuditCheckpoint> checkpoint;
        if (!verify->checkpoint.empty()) {
          std::ifstream file(verify->checkpoint);
          std::string line;
          if (!file || !std::getline(file, line)) {
            return void(exit_code = Fail(
                            InvalidArgument("bad_path", "cannot read " + verify->checkpoint)));
          }
          auto parsed = AuditLog::ParseCheckpoint(line);
          if (!parsed.ok()) return void(exit_code = Fail(parsed.status()));
          checkpoint = *parsed;
        }
        auto app = OpenOrReport(verify->data_dir);
        if (!app) return void(exit_code = 1);
        auto report = app->audit->Verify(checkpoint ? &*checkpoint : nullptr);
        if (!report.ok()) return void(exit_code = Fail(report.status()));
        std::cout << AuditReview::VerifyWords(*report) << "\n";
        exit_code = report->ok ? 0 : 1;
      });
  auto checkpoint = std::make_shared<DataFlag>();
  AddDataCommand(*audit, "checkpoint",
             "Print the signed chain head as one line of JSON; keep it outside the "
             "database (e.g. a write-once store) for `audit verify --checkpoint`",
             *checkpoint)
      ->callback([checkpoint, &exit_code] {
        auto app = OpenOrReport(checkpoint->data_dir);
        if (!app) return void(exit_code = 1);
        auto head = app->audit->Checkpoint();
        if (!head.ok()) return void(exit_code = Fail(head.status()));
        std::cout << AuditLog::CheckpointJson(*head) << "\n";
        exit_code = 0;
      });
  struct ExportFlags : DataFlag {
    std::string out;
  };
  auto export_flags = std::make_shared<ExportFlags>();
  CLI::App* export_command =
      AddDataCommand(*audit, "export", "Write the audit log as JSON lines", *export_flags);
  export_command->add_option("--out", export_flags->out, "file (default stdout)");
  export_command->callback([export_flags, &exit_code] {
    auto app = OpenOrReport(export_flags->data_dir);
    if (!app) return void(exit_code = 1);
    Status status;
    if (export_flags->out.empty()) {
      status = app->audit->ExportJsonLines(std::cout);
    } else {
      std::ofstream file(export_flags->out);
      if (!file) return void(exit_code = Fail(InvalidArgument("bad_path", "cannot write " + export_flags->out)));
      status = app->audit->ExportJsonLines(file);
    }
    if (!status.ok()) exit_code = Fail(status);
  });
}

void RegisterKeysCommands(CLI::App& root, int& exit_code) {
  CLI::App* keys = root.add_subcommand("keys", "Manage encryption keys");
  keys->require_subcommand(1);
  auto rotate = std::make_shared<DataFlag>();
  AddDataCommand(*keys, "rotate", "Re-wrap every patient data key under a new KEK", *rotate)
      ->callback([rotate, &exit_code] {
        auto app = OpenOrReport(rotate->data_dir);
        if (!app) return void(exit_code = 1);
        Status status = RotateKeys(*app);
        if (!status.ok()) return void(exit_code = Fail(status));
        std::cout << "rotated the key-encryption key; every data key is re-wrapped\n";
      });
}

}  // namespace mc
