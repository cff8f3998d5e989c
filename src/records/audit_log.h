// AuditLog: the append-only, hash-chained record of who touched what.
//
// Every login, logout, failed login and every read, write, export and erasure
// of patient data (denials too) appends exactly one record. Each record holds
// the hash of the previous one; the hash is a BLAKE2b keyed with the chain key
// (a secret file beside the KEK), so someone who can edit the database but
// not read the key cannot re-seal a forged chain. The last (seq, hash) is also
// kept as the chain head with a MAC under the same key, so truncating the
// tail and rewriting the head is detected too. A checkpoint (a signed head
// the operator keeps outside the database) detects even a rollback to an
// older copy of the database: `audit checkpoint`, `audit verify --checkpoint`.
//
// Threading: thread-safe (the Store serialises appends).
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/status.h"
#include "records/actor.h"
#include "store/audit_store.h"

namespace mc {

enum class AuditOutcome { kSuccess, kDenied, kFailure };

struct AuditEvent {
  std::string action;    // "login", "logout", "login.failed", "record.read"...
  std::string resource;  // "User/12", "VaultRecord/ab..", ""
  std::string patient_pseudonym;  // "" when no patient is involved
  AuditOutcome outcome = AuditOutcome::kSuccess;
  std::string purpose;  // why; "" takes the actor's purpose
};

// A signed chain head to keep outside the database.
struct AuditCheckpoint {
  int64_t seq = 0;
  std::string hash;
  int64_t time_unix_ms = 0;
  std::string mac;  // keyed with the chain key over seq, hash and time
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
  AuditLog(AuditStore& store, std::string chain_key, const Clock& clock);

  // Appends one record. Fails only when the store does.
  Status Record(const Actor& actor, const AuditEvent& event);

  // Builds the row and the sealer for stores that append inside their own
  // transaction (the vault's writes).
  AuditRow RowFor(const Actor& actor, const AuditEvent& event) const;
  AuditSealer Sealer() const;

  // Walks the whole chain. The report names the first record that was
  // edited, deleted, inserted or reordered, or says the head was forged or
  // the tail cut; with a checkpoint, also that the chain still holds the
  // checkpoint's record unchanged. A store error is a Status.
  StatusOr<AuditVerifyReport> Verify(const AuditCheckpoint* checkpoint = nullptr) const;

  // The current head, signed (a store error is a Status).
  StatusOr<AuditCheckpoint> Checkpoint() const;
  // One line of JSON, and back. InvalidArgument ("invalid_checkpoint") for
  // text that is not a checkpoint; a forged MAC is found by Verify.
  static std::string CheckpointJson(const AuditCheckpoint& checkpoint);
  static StatusOr<AuditCheckpoint> ParseCheckpoint(const std::string& text);

  // Reading the log (the FHIR AuditEvent view, $everything): rows with
  // seq > after_seq in seq order, at most `limit`; of one patient; one row
  // (NotFound "audit_not_found").
  StatusOr<std::vector<AuditRow>> List(int64_t after_seq, int64_t limit) const;
  StatusOr<std::vector<AuditRow>> ListForPatient(const std::string& pseudonym,
                                                 int64_t after_seq, int64_t limit) const;
  StatusOr<AuditRow> Find(int64_t seq) const;
  // Rows matching `filter`, newest first (the admin console's browsing; the
  // caller checks who may and audits the read: records/audit_review.h).
  StatusOr<std::vector<AuditRow>> Search(const AuditFilter& filter) const;

  // Writes every record as one JSON object per line, oldest first.
  Status ExportJsonLines(std::ostream& out) const;

  static std::string OutcomeName(AuditOutcome outcome);

 private:
  std::string HeadMac(int64_t seq, const std::string& hash) const;
  std::string CheckpointMac(const AuditCheckpoint& checkpoint) const;

  AuditStore& store_;
  std::string chain_key_;
  const Clock& clock_;
};

}  // namespace mc
