// Store: the one persistence interface of MetaClinic, made of narrow parts.
//
// The interface speaks in rows of the domain (users, sessions, audit records,
// vault records), not SQL, so that a PostgreSQL backend can implement it
// without the callers changing. SqliteStore (sqlite_store.h) is the embedded
// default.
//
// Each module is handed only the parts it may use (the application wires
// them in app_context.cpp): auth gets UserStore and SessionStore, care gets
// SchedulingStore and UserStore, records gets RecordStore and AuditStore,
// skills gets TrainingStore (the training record, no PHI),
// the FHIR and HTTP layers no store part that holds PHI. So "only records
// touches PHI tables" is a matter of types: FHIR cannot call a vault-row
// method it was never given. scripts/check-phi-boundary (a test) fails when
// a module outside records, store and app names the whole Store or the
// RecordStore.
//
// Ownership and threading: a Store is created once by the application and
// shared by reference. Every method is thread-safe and may block on disk I/O,
// so it must never be called from a realtime (world tick) thread.
#pragma once

#include <cstdint>
#include <string>

#include "core/status.h"
#include "store/audit_store.h"
#include "store/operations_store.h"
#include "store/record_store.h"
#include "store/scheduling_store.h"
#include "store/session_store.h"
#include "store/store_health.h"
#include "store/training_store.h"
#include "store/user_store.h"

namespace mc {

class Store : public StoreHealth,
              public UserStore,
              public SessionStore,
              public SchedulingStore,
              public RecordStore,
              public AuditStore,
              public OperationsStore,
              public TrainingStore {
 public:
  // True when no user exists yet (used to decide whether to seed the demo).
  virtual StatusOr<bool> IsEmpty() = 0;
  // True when any user, vault subject or audit record exists: a data
  // directory whose keys must not be created afresh.
  virtual StatusOr<bool> HoldsData() = 0;

  // ---- key check values ----
  // The check value stored for key `name` ("kek", "audit-chain"); NotFound
  // ("key_check_missing") when none was stored yet.
  virtual StatusOr<std::string> FindKeyCheck(const std::string& name) = 0;
  // Inserts or replaces the check value of key `name`.
  virtual Status PutKeyCheck(const std::string& name,
                             const std::string& check_value) = 0;
};

}  // namespace mc
