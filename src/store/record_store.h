// RecordStore: the PHI tables: vault subjects (wrapped data keys), vault
// records (ciphertext plus the index columns queries need) and the consent
// rules index. Only the records module (Vault, CarePolicy) is handed one;
// scripts/check-phi-boundary fails the build's tests when any other module
// names it.
// Part of the Store (store.h); see there for threading and the backends.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"
#include "store/audit_store.h"

namespace mc {

// A patient's envelope-encryption subject: a data key wrapped by the KEK.
struct VaultSubjectRow {
  std::string pseudonym;     // random hex; the only patient id in PHI tables
  std::string wrapped_key;   // nonce || ciphertext, empty once erased
  std::string kek_id;        // which key-encryption key wrapped it
  int64_t created_unix_ms = 0;
  int64_t erased_unix_ms = 0;  // 0 unless crypto-shredded (tombstone)
};

struct VaultRecordRow {
  std::string id;  // random hex
  std::string pseudonym;
  std::string type;  // e.g. "Condition"
  int64_t version = 1;
  int64_t created_unix_ms = 0;
  int64_t updated_unix_ms = 0;
  std::string ciphertext;  // nonce || XChaCha20-Poly1305(JSON)
};

// One rule of a patient's consent: `department` may not see resources of
// `resource_type` of the patient ("*" = every type).
struct ConsentRuleRow {
  std::string consent_id;  // the Consent resource (vault record id)
  std::string pseudonym;
  std::string department;
  std::string resource_type;
};

class RecordStore {
 public:
  virtual ~RecordStore() = default;

  // ---- consent rules (the index of Consent resources) ----
  // Replaces the rules of one Consent resource (none: the consent no longer
  // restricts anything).
  virtual Status ReplaceConsentRules(const std::string& consent_id,
                                     const std::vector<ConsentRuleRow>& rules) = 0;
  virtual StatusOr<std::vector<ConsentRuleRow>> ListConsentRules(
      const std::string& pseudonym) = 0;

  // ---- vault ----
  virtual Status CreateVaultSubject(const VaultSubjectRow& subject,
                                    const AuditRow& audit,
                                    const AuditSealer& sealer) = 0;
  virtual StatusOr<VaultSubjectRow> FindVaultSubject(
      const std::string& pseudonym) = 0;
  virtual StatusOr<std::vector<VaultSubjectRow>> ListVaultSubjects() = 0;
  // Replaces every subject's wrapped key and kek id, and the "kek" key
  // check value, in one transaction (the store never names one KEK while
  // checking another).
  virtual Status RewrapVaultSubjects(
      const std::vector<VaultSubjectRow>& subjects,
      const std::string& kek_check_value) = 0;
  // Writes the record (insert, or update when the id exists) and appends the
  // audit record in the same transaction; every version is also kept in the
  // version history. An update must carry the stored version + 1:
  // otherwise FailedPrecondition ("version_conflict"), nothing written (a
  // concurrent update won). An audit row with an empty action is not
  // appended (the vault audited the operation in an earlier step).
  virtual Status PutVaultRecord(const VaultRecordRow& record,
                                const AuditRow& audit,
                                const AuditSealer& sealer) = 0;
  virtual StatusOr<VaultRecordRow> FindVaultRecord(const std::string& id) = 0;
  // One version of a record from the history. NotFound ("version_not_found").
  virtual StatusOr<VaultRecordRow> FindVaultRecordVersion(const std::string& id,
                                                          int64_t version) = 0;
  // Records of a subject, optionally of one type ("" = all), oldest first.
  virtual StatusOr<std::vector<VaultRecordRow>> ListVaultRecords(
      const std::string& pseudonym, const std::string& type) = 0;
  // Crypto-shreds: clears the wrapped key, deletes the ciphertexts (and
  // their history) and consent rules, scrubs the patient's account (login
  // and name replaced, password cleared, disabled, sessions and login
  // failures deleted), sets the tombstone time and appends the audit record,
  // in one transaction; then checkpoints the WAL so no old page survives in
  // it (the database runs with secure_delete).
  virtual Status EraseVaultSubject(const std::string& pseudonym,
                                   int64_t unix_ms, const AuditRow& audit,
                                   const AuditSealer& sealer) = 0;
};

}  // namespace mc
