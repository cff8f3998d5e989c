// AuditStore: the append-only audit rows and the chain head. Only the
// records module (AuditLog) is handed one.
// Part of the Store (store.h); see there for threading and the backends.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/status.h"

namespace mc {

// One audit record. seq and prev_hash are assigned by the store inside the
// append transaction; hash is computed by the sealer the caller hands in.
struct AuditRow {
  int64_t seq = 0;
  int64_t time_unix_ms = 0;
  int64_t actor_user_id = 0;
  std::string actor_role;
  std::string action;    // e.g. "login", "record.read"
  std::string resource;  // e.g. "VaultRecord/ab12..."
  std::string patient_pseudonym;
  std::string outcome;   // "success", "denied", "failure"
  std::string request_id;
  std::string prev_hash;
  std::string hash;
  // Why access was allowed or asked for: "own record", "care relationship:
  // cardiology", "break-glass: <reason>"; "" for most records. Covered by
  // the chain hash when not empty.
  std::string purpose;
};

// The chain head: the last record's seq and hash, and a keyed MAC over both
// made with the chain key, so that someone who can write the database but
// does not hold the key cannot cut the newest records and rewrite the head.
struct AuditHeadRow {
  int64_t seq = 0;  // 0 (and everything else empty) for an empty log
  std::string hash;
  std::string mac;
  // The head was written before heads had a MAC and this process upgraded
  // the schema: the one time an empty MAC is accepted (the next append
  // seals it).
  bool legacy = false;
};

// How the store seals an append inside its transaction: `hash` computes the
// chain hash of a row whose seq and prev_hash are set; `head_mac` the MAC of
// a head (seq, hash).
struct AuditSealer {
  std::function<std::string(const AuditRow&)> hash;
  std::function<std::string(int64_t seq, const std::string& hash)> head_mac;
};

// Which records an audit search returns; empty or 0 fields match anything.
struct AuditFilter {
  int64_t actor_user_id = 0;
  std::string patient_pseudonym;
  std::string action;   // exact, or a prefix when it ends in '.' ("user.")
  std::string outcome;  // "success", "denied", "failure"
  std::string resource;  // exact
  int64_t since_unix_ms = 0;  // time_unix_ms >= since
  int64_t until_unix_ms = 0;  // time_unix_ms < until
  int64_t limit = 100;
  int64_t offset = 0;
};

class AuditStore {
 public:
  virtual ~AuditStore() = default;

  // Rows are never updated or deleted.
  // Appends one record: assigns seq and prev_hash, calls `sealer` for its
  // hash and the new head's MAC, and returns the stored row. DataLoss
  // ("audit_head_forged"), nothing written, when the current head's MAC is
  // not the sealer's: the log was tampered with and is not extended.
  virtual StatusOr<AuditRow> AppendAudit(const AuditRow& audit,
                                         const AuditSealer& sealer) = 0;
  // Rows with seq > after_seq in seq order, at most `limit`.
  virtual StatusOr<std::vector<AuditRow>> ListAudit(int64_t after_seq,
                                                    int64_t limit) = 0;
  // Rows about one patient with seq > after_seq, in seq order, at most `limit`.
  virtual StatusOr<std::vector<AuditRow>> ListAuditForPatient(
      const std::string& pseudonym, int64_t after_seq, int64_t limit) = 0;
  // Rows matching `filter`, newest first, skipping `offset`, at most `limit`.
  virtual StatusOr<std::vector<AuditRow>> SearchAudit(const AuditFilter& filter) = 0;
  // NotFound ("audit_not_found").
  virtual StatusOr<AuditRow> FindAudit(int64_t seq) = 0;
  // The chain head recorded with the last append.
  virtual StatusOr<AuditHeadRow> AuditHead() = 0;
};

}  // namespace mc
