// AuditLog: the append-only, hash-chained record of who touched what.
//
// Every login, logout, failed login and every read, write, export and erasure
// of patient data (denials too) appends exactly one record. Each record holds
// the hash of the previous one; the hash is a BLAKE2b keyed with the chain key
// (a secret file beside the KEK), so someone who can edit the database but
// not read the key cannot re-seal a forged chain. The last (seq, hash) is also
// kept as the chain head, so truncating the tail is detected too.
//
// Threading: thread-safe (the Store serialises appends).
#pragma once

#include <cstdint>
#include <ostream>
#include <string>

#include "core/clock.h"
#include "core/status.h"
#include "records/actor.h"
#include "store/store.h"

namespace mc {

enum class AuditOutcome { kSuccess, kDenied, kFailure };

struct AuditEvent {
  std::string action;    // "login", "logout", "login.failed", "record.read"...
  std::string resource;  // "User/12", "VaultRecord/ab..", ""
  std::string patient_pseudonym;  // "" when no patient is involved
  AuditOutcome outcome = AuditOutcome::kSuccess;
  std::string purpose;  // why; "" takes the actor's purpose
};

struct AuditVerifyReport {
  int64_t records_checked = 0;
  bool ok = true;
  int64_t first_bad_seq = 0;  // 0 when ok
  std::string problem;        // what is wrong with first_bad_seq, in words
};

class AuditLog {
 public:
  // `chain_key` is the secret used to key the chain hash (32 bytes).
  AuditLog(Store& store, std::string chain_key, const Clock& clock);

  // Appends one record. Fails only when the store does.
  Status Record(const Actor& actor, const AuditEvent& event);

  // Builds the row and the sealer for stores that append inside their own
  // transaction (the vault's writes).
  AuditRow RowFor(const Actor& actor, const AuditEvent& event) const;
  AuditSealer Sealer() const;

  // Walks the whole chain. The report names the first record that was
  // edited, deleted, inserted or reordered; a store error is a Status.
  StatusOr<AuditVerifyReport> Verify() const;

  // Writes every record as one JSON object per line, oldest first.
  Status ExportJsonLines(std::ostream& out) const;

  static std::string OutcomeName(AuditOutcome outcome);

 private:
  Store& store_;
  std::string chain_key_;
  const Clock& clock_;
};

}  // namespace mc
