// `metaclinic backup` and `metaclinic restore`: a consistent copy of the
// database while the server runs, and its return into an empty data
// directory. The keys never travel inside a backup (docs/deployment.md).
#include <filesystem>
#include <iostream>

#include <fmt/format.h>

#include "app/cli_support.h"
#include "app/commands.h"
#include "records/audit_review.h"
#include "store/sqlite_backup.h"

namespace mc {
namespace {

namespace fs = std::filesystem;

constexpr const char* kDatabaseFile = "metaclinic.db";
constexpr const char* kKeyFiles[] = {"kek", "audit-chain"};

std::string Megabytes(int64_t bytes) {
  return fmt::format("{:.1f} MB", static_cast<double>(bytes) / (1024.0 * 1024.0));
}

int Backup(const std::string& data_dir, const std::string& out) {
  auto copy = CopyDatabase(data_dir + "/" + kDatabaseFile, out);
  if (!copy.ok()) return cli::Fail(copy.status());
  // The backup itself is audited, and "last backup" in the admin console's
  // system status is read from that record.
  if (auto app = cli::OpenOrReport(data_dir)) {
    Status recorded = app->audit->Record(SystemActor("cli"),
                                         AuditEvent{.action = "store.backup"});
    if (!recorded.ok()) std::cerr << "warning: " << MessageOf(recorded) << "\n";
  }
  std::cout << fmt::format(
      "backed up {}/{} to {} ({} pages, {}; integrity check ok)\n"
      "The keys are not in the backup. Keep a copy of {}/keys (kek, audit-chain) apart "
      "from the backups, for example `cp -a {}/keys /a/safe/place`; a restore needs them "
      "(`metaclinic restore --from {} --data NEW_DIR --keys-from /a/safe/place/keys`).\n",
      data_dir, kDatabaseFile, out, copy->pages, Megabytes(copy->bytes), data_dir, data_dir,
      out);
  return 0;
}

Status CheckRestoreTarget(const std::string& data_dir, const std::string& keys_from) {
  std::error_code error;
  if (fs::exists(data_dir, error) && !fs::is_empty(data_dir, error)) {
    return InvalidArgument("data_not_empty",
                           data_dir + " is not empty; restore into a new or empty directory");
  }
  if (keys_from.empty()) return absl::OkStatus();
  for (const char* name : kKeyFiles) {
    if (!fs::is_regular_file(keys_from + "/" + name, error)) {
      return InvalidArgument("keys_incomplete",
                             fmt::format("{}/{} is missing; --keys-from must hold kek and "
                                         "audit-chain from the server's data/keys",
                                         keys_from, name));
    }
  }
  return absl::OkStatus();
}

Status CopyKeys(const std::string& keys_from, const std::string& data_dir) {
  std::error_code error;
  const std::string keys_dir = data_dir + "/keys";
  fs::create_directories(keys_dir, error);
  fs::permissions(keys_dir, fs::perms::owner_all, error);
  for (const char* name : kKeyFiles) {
    const std::string target = keys_dir + "/" + name;
    fs::copy_file(keys_from + "/" + name, target, error);
    if (error) return Unavailable("copy_failed", "cannot write " + target);
    fs::permissions(target, fs::perms::owner_read | fs::perms::owner_write, error);
  }
  return absl::OkStatus();
}

int Restore(const std::string& from, const std::string& data_dir,
            const std::string& keys_from) {
  if (Status target = CheckRestoreTarget(data_dir, keys_from); !target.ok()) {
    return cli::Fail(target);
  }
  std::error_code error;
  const bool created = !fs::exists(data_dir, error);
  fs::create_directories(data_dir, error);
  fs::permissions(data_dir, fs::perms::owner_all, error);
  auto undo = [&] {
    // Stores nothing on failure: the directory is as it was before.
    for (const auto& entry : fs::directory_iterator(data_dir, error)) {
      fs::remove_all(entry.path(), error);
    }
    if (created) fs::remove(data_dir, error);
  };
  auto copy = CopyDatabase(from, data_dir + "/" + kDatabaseFile);
  if (!copy.ok()) {
    undo();
    return cli::Fail(copy.status());
  }
  std::cout << fmt::format("restored {} into {} ({})\n", from, data_dir,
                           Megabytes(copy->bytes));
  if (keys_from.empty()) {
    std::cout << fmt::format(
        "Now put the key files kept apart from the backups into {}/keys (kek, audit-chain), "
        "then check it with `metaclinic audit verify --data {}`.\n",
        data_dir, data_dir);
    return 0;
  }
  if (Status keys = CopyKeys(keys_from, data_dir); !keys.ok()) {
    undo();
    return cli::Fail(keys);
  }
  auto app = cli::OpenOrReport(data_dir);
  if (!app) {
    undo();
    std::cerr << "nothing was restored: the keys do not open this backup\n";
    return 2;
  }
  auto report = app->audit->Verify(nullptr);
  if (!report.ok()) return cli::Fail(report.status());
  std::cout << AuditReview::VerifyWords(*report) << "\n";
  return report->ok ? 0 : 1;
}

}  // namespace

void RegisterBackupCommands(CLI::App& root, int& exit_code) {
  struct BackupFlags : cli::DataFlag {
    std::string out;
  };
  auto backup = std::make_shared<BackupFlags>();
  CLI::App* backup_command = cli::AddDataCommand(
      root, "backup",
      "Copy the database to a new file while the server runs (the keys are kept apart)",
      *backup);
  backup_command->add_option("--out", backup->out, "the new backup file")->required();
  backup_command->callback(
      [backup, &exit_code] { exit_code = Backup(backup->data_dir, backup->out); });

  struct RestoreFlags : cli::DataFlag {
    std::string from;
    std::string keys_from;
  };
  auto restore = std::make_shared<RestoreFlags>();
  CLI::App* restore_command = cli::AddDataCommand(
      root, "restore", "Restore a backup into a new or empty data directory", *restore);
  restore_command->add_option("--from", restore->from, "the backup file")->required();
  restore_command->add_option(
      "--keys-from", restore->keys_from,
      "a copy of the server's data/keys directory (kek, audit-chain); without it the "
      "command says where to put them");
  restore_command->callback([restore, &exit_code] {
    exit_code = Restore(restore->from, restore->data_dir, restore->keys_from);
  });
}

}  // namespace mc
