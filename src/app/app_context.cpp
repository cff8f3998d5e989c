#include "app/app_context.h"

#include <filesystem>

#include <spdlog/spdlog.h>

#include "core/crypto.h"
#include "core/paths.h"
#include "records/key_file.h"
#include "store/sqlite_store.h"

namespace mc {
namespace fs = std::filesystem;
namespace {

std::string NextKeyPath(const std::string& kek_file) { return kek_file + ".next"; }

// A rotation writes DATA/keys/kek.next, re-wraps in one transaction, then
// renames kek.next over kek. If we stopped between the last two steps the
// store already uses the next key: finish the rename. Otherwise drop it.
StatusOr<std::string> LoadKek(const std::string& kek_file, Store& store) {
  MC_ASSIGN_OR_RETURN(std::string kek, LoadOrCreateKeyFile(kek_file));
  const std::string next_path = NextKeyPath(kek_file);
  if (!fs::exists(next_path)) return kek;
  MC_ASSIGN_OR_RETURN(std::string next, LoadKeyFile(next_path));
  MC_ASSIGN_OR_RETURN(std::vector<VaultSubjectRow> subjects, store.ListVaultSubjects());
  const std::string next_id = Vault::KekId(next);
  const bool store_uses_next =
      std::any_of(subjects.begin(), subjects.end(),
                  [&](const VaultSubjectRow& row) { return row.kek_id == next_id; });
  std::error_code error;
  if (store_uses_next) {
    fs::rename(next_path, kek_file, error);
    spdlog::warn("finished an interrupted key rotation");
    return next;
  }
  fs::remove(next_path, error);
  return kek;
}

}  // namespace

StatusOr<std::unique_ptr<AppContext>> OpenApp(const std::string& data_dir,
                                              const ServeConfig& config) {
  MC_RETURN_IF_ERROR(InitCrypto());
  auto app = std::make_unique<AppContext>();
  app->data_dir = data_dir;
  std::error_code error;
  fs::create_directories(data_dir, error);
  if (error) {
    return Unavailable("data_dir", "cannot create data directory " + data_dir);
  }
  fs::permissions(data_dir, fs::perms::owner_all, error);
  app->kek_file = config.kek_file.empty() ? data_dir + "/keys/kek" : config.kek_file;
  MC_ASSIGN_OR_RETURN(app->store, SqliteStore::Open(data_dir + "/metaclinic.db"));
  MC_ASSIGN_OR_RETURN(std::string chain_key,
                      LoadOrCreateKeyFile(data_dir + "/keys/audit-chain"));
  MC_ASSIGN_OR_RETURN(std::string kek, LoadKek(app->kek_file, *app->store));
  app->audit = std::make_unique<AuditLog>(*app->store, chain_key, app->clock);
  app->vault = std::make_unique<Vault>(*app->store, *app->audit, app->clock, kek,
                                       CarePolicyOptions{config.care_relationship_days});
  SessionOptions session_options;
  session_options.idle_timeout_ms = config.session_idle_minutes * 60 * 1000;
  session_options.absolute_timeout_ms = config.session_absolute_hours * 3600 * 1000;
  app->sessions =
      std::make_unique<SessionManager>(*app->store, app->clock, session_options);
  MC_ASSIGN_OR_RETURN(PasswordPolicy policy,
                      PasswordPolicy::Load(ShareDir() + "/common-passwords.txt"));
  AccountOptions account_options;
  account_options.max_failures_per_hour = config.login_max_failures_per_hour;
  account_options.address_throttle.free_failures = config.login_address_free_failures;
  app->accounts = std::make_unique<Accounts>(*app->store, *app->audit, *app->vault,
                                             *app->sessions, std::move(policy),
                                             app->clock, account_options);
  app->visit_links = std::make_unique<VisitLinks>(*app->store, *app->audit,
                                                  *app->sessions, app->clock);
  app->scheduling = std::make_unique<care::Scheduling>(
      *app->store, *app->vault, *app->audit, *app->visit_links, app->clock,
      care::SchedulingOptions{config.open_bookings_per_patient});
  return app;
}

Status RotateKeys(AppContext& app) {
  const std::string next = RandomBytes(kKeyBytes);
  const std::string next_path = NextKeyPath(app.kek_file);
  MC_RETURN_IF_ERROR(WriteKeyFile(next_path, next));
  MC_RETURN_IF_ERROR(app.vault->RotateKek(next));
  std::error_code error;
  fs::rename(next_path, app.kek_file, error);
  if (error) {
    return Internal("key_file_write", "re-wrapped, but could not replace " +
                                          app.kek_file + "; it is in " + next_path);
  }
  return Status();
}

}  // namespace mc
