#include "app/app_context.h"

#include <filesystem>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "core/crypto.h"
#include "core/paths.h"
#include "records/key_file.h"
#include "store/sqlite_store.h"

namespace mc {
namespace fs = std::filesystem;
namespace {

// Loads the key file `path` and checks it against the check value the store
// keeps under `name`. A key is created only for a store without data: a
// fresh key beside existing data would make every record unreadable.
StatusOr<std::string> LoadCheckedKey(const std::string& path, const std::string& name,
                                     Store& store, bool holds_data) {
  auto loaded = LoadKeyFile(path);
  if (!loaded.ok() && loaded.status().code() == StatusCode::kNotFound) {
    if (holds_data) {
      return FailedPrecondition(
          "key_missing", fmt::format("key file {} is missing but the database holds "
                                     "data; restore it from your key backup (a new "
                                     "key would not open the existing data)",
                                     path));
    }
    loaded = LoadOrCreateKeyFile(path);
  }
  MC_RETURN_IF_ERROR(loaded.status());
  const std::string check_value = KeyCheckValue(*loaded);
  auto stored = store.FindKeyCheck(name);
  if (!stored.ok() && stored.status().code() == StatusCode::kNotFound) {
    // A new store, or one from before key checks: this key is the reference.
    MC_RETURN_IF_ERROR(store.PutKeyCheck(name, check_value));
    return loaded;
  }
  MC_RETURN_IF_ERROR(stored.status());
  if (!SecretsEqual(*stored, check_value)) {
    return FailedPrecondition(
        "key_mismatch", fmt::format("key file {} is not the key this database was "
                                    "written with; restore the right file",
                                    path));
  }
  return loaded;
}

std::string NextKeyPath(const std::string& kek_file) { return kek_file + ".next"; }

// A rotation writes DATA/keys/kek.next, re-wraps (and updates the KEK check
// value) in one transaction, then renames kek.next over kek. If we stopped
// between the last two steps the store already uses the next key: finish the
// rename. Otherwise drop it.
StatusOr<std::string> LoadKek(const std::string& kek_file, Store& store,
                              bool holds_data) {
  const std::string next_path = NextKeyPath(kek_file);
  if (fs::exists(next_path)) {
    MC_ASSIGN_OR_RETURN(std::string next, LoadKeyFile(next_path));
    auto stored = store.FindKeyCheck("kek");
    const bool store_uses_next =
        stored.ok() && SecretsEqual(*stored, KeyCheckValue(next));
    std::error_code error;
    if (store_uses_next) {
      fs::rename(next_path, kek_file, error);
      spdlog::warn("finished an interrupted key rotation");
    } else {
      fs::remove(next_path, error);
    }
  }
  return LoadCheckedKey(kek_file, "kek", store, holds_data);
}

// A head from before head MACs (this process just upgraded the schema) is
// sealed at once by one audit record, so no later process meets a head
// without a MAC (which it would refuse as forged).
Status SealLegacyAuditHead(AuditStore& store, AuditLog& audit) {
  MC_ASSIGN_OR_RETURN(AuditHeadRow head, store.AuditHead());
  if (!head.legacy || head.seq == 0) return Status();
  return audit.Record(SystemActor("upgrade"), {"audit.head_sealed", "AuditHead", "",
                                               AuditOutcome::kSuccess,
                                               "schema upgrade: the chain head gets its MAC"});
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
  MC_ASSIGN_OR_RETURN(app->store,
                      SqliteStore::Open(data_dir + "/metaclinic.db",
                                        {config.store_max_size_mb * 1024 * 1024}));
  MC_ASSIGN_OR_RETURN(const bool holds_data, app->store->HoldsData());
  MC_ASSIGN_OR_RETURN(std::string chain_key,
                      LoadCheckedKey(data_dir + "/keys/audit-chain", "audit-chain",
                                     *app->store, holds_data));
  MC_ASSIGN_OR_RETURN(std::string kek, LoadKek(app->kek_file, *app->store, holds_data));
  app->audit = std::make_unique<AuditLog>(*app->store, chain_key, app->clock);
  MC_RETURN_IF_ERROR(SealLegacyAuditHead(*app->store, *app->audit));
  app->vault = std::make_unique<Vault>(*app->store, *app->store, *app->audit, app->clock, kek,
                                       CarePolicyOptions{config.care_relationship_days});
  SessionOptions session_options;
  session_options.idle_timeout_ms = config.session_idle_minutes * 60 * 1000;
  session_options.absolute_timeout_ms = config.session_absolute_hours * 3600 * 1000;
  app->sessions =
      std::make_unique<SessionManager>(*app->store, *app->store, app->clock, session_options);
  MC_ASSIGN_OR_RETURN(PasswordPolicy policy,
                      PasswordPolicy::Load(ShareDir() + "/common-passwords.txt"));
  AccountOptions account_options;
  account_options.max_failures_per_hour = config.login_max_failures_per_hour;
  account_options.address_throttle.free_failures = config.login_address_free_failures;
  // Stable across restarts (the throttle window outlives a restart), and
  // never the chain key itself.
  account_options.login_key = Blake2bHex("metaclinic-login-throttle", chain_key);
  app->accounts = std::make_unique<Accounts>(*app->store, *app->audit, *app->vault,
                                             *app->sessions, std::move(policy),
                                             app->clock, account_options);
  app->invitations = std::make_unique<Invitations>(*app->store, *app->audit,
                                                   app->accounts->policy(), app->clock);
  app->visit_links = std::make_unique<VisitLinks>(*app->store, *app->store, *app->audit,
                                                  *app->sessions, app->clock);
  app->scheduling = std::make_unique<care::Scheduling>(
      *app->store, *app->store, *app->vault, *app->audit, *app->visit_links, app->clock,
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
