// StoreHealth: whether the store can serve (what /readyz asks). Part of the
// Store (store.h); the HTTP layer is handed only this and SchedulingStore.
#pragma once

#include <cstdint>

#include "core/status.h"

namespace mc {

// Whether the store can serve: what /readyz asks.
class StoreHealth {
 public:
  virtual ~StoreHealth() = default;
  // Ok when the store is open, all migrations are applied and writes work;
  // Unavailable ("store_write_failing") from a failed write (disk full, I/O
  // error) until a write succeeds again.
  virtual Status CheckReady() = 0;
  // The database's size on disk in bytes (pages in use and free), for the
  // admin console's system status.
  virtual StatusOr<int64_t> SizeBytes() = 0;

  // Writes since the store was opened, for GET /metrics.
  struct Activity {
    uint64_t audit_appends = 0;
    uint64_t vault_writes = 0;  // record versions written
  };
  virtual Activity WriteActivity() const = 0;
};

}  // namespace mc
