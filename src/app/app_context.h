// AppContext: the opened data directory and every service built on it.
//
// Opening creates the directory (mode 0700) and its key files on first use,
// opens and migrates the store, and finishes an interrupted key rotation.
// Shared by `serve` and the maintenance commands.
#pragma once

#include <memory>
#include <string>

#include "app/config.h"
#include "auth/accounts.h"
#include "auth/sessions.h"
#include "auth/visit_links.h"
#include "auth/invitations.h"
#include "care/scheduling.h"
#include "core/clock.h"
#include "records/audit_log.h"
#include "records/vault.h"
#include "store/store.h"

namespace mc {

struct AppContext {
  std::string data_dir;
  std::string kek_file;
  SystemClock clock;
  std::unique_ptr<Store> store;
  std::unique_ptr<AuditLog> audit;
  std::unique_ptr<Vault> vault;
  std::unique_ptr<SessionManager> sessions;
  std::unique_ptr<Accounts> accounts;
  std::unique_ptr<Invitations> invitations;
  std::unique_ptr<VisitLinks> visit_links;
  std::unique_ptr<care::Scheduling> scheduling;
};

StatusOr<std::unique_ptr<AppContext>> OpenApp(const std::string& data_dir,
                                              const ServeConfig& config);

// Generates a new KEK, re-wraps every data key and replaces the key file,
// in an order that survives a crash at any step (see docs/security.md).
Status RotateKeys(AppContext& app);

}  // namespace mc
