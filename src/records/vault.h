// Vault: the only door to patient data (PHI).
//
// Envelope encryption: each patient ("subject") has a random 256-bit data key
// that encrypts their records with XChaCha20-Poly1305; the data key is stored
// wrapped by the key-encryption key (KEK) held in a 0600 key file. Records are
// stored as ciphertext with only the index columns queries need (type,
// pseudonym, times). Every operation, allowed or denied, appends exactly one
// audit record; writes and their audit record share one transaction.
//
// Erasure crypto-shreds: the wrapped data key and all ciphertexts are deleted
// and a tombstone (pseudonym, erasure time) remains; audit records keep only
// the pseudonym.
//
// Access: the vault applies the care policy (records/care_policy.h) itself
// on every read and write, so no caller can skip it; the purpose the policy
// states goes into the audit record. The system actor (SystemActor) is
// allowed everything and audited as "system": a caller that needs it says so.
//
// Threading: thread-safe; methods block on the store.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/clock.h"
#include "core/status.h"
#include "records/actor.h"
#include "records/audit_log.h"
#include "records/care_policy.h"
#include "store/record_store.h"
#include "store/scheduling_store.h"

namespace mc {

struct VaultRecord {
  std::string id;
  std::string pseudonym;
  std::string type;
  int64_t version = 0;
  int64_t created_unix_ms = 0;
  int64_t updated_unix_ms = 0;
  std::string json;  // the decrypted document
};

// What the index says about a record, without its contents.
struct RecordInfo {
  std::string id;
  std::string pseudonym;
  std::string type;
  int64_t version = 0;
};

// A patient (a subject of the vault).
struct SubjectInfo {
  std::string pseudonym;
  int64_t created_unix_ms = 0;
  bool erased = false;
};

// One rule of a patient's consent: `department` may not see resources of
// `resource_type` ("*" = every type).
struct ConsentRule {
  std::string department;
  std::string resource_type;
};

class Vault {
 public:
  // `kek` is the 32-byte key-encryption key. The vault is the only holder
  // of the RecordStore; the SchedulingStore feeds its care policy.
  Vault(RecordStore& records, SchedulingStore& scheduling, AuditLog& audit,
        const Clock& clock, std::string kek, CarePolicyOptions policy_options = {});

  // The policy the vault applies (the FHIR layer asks it too).
  CarePolicy& policy() { return policy_; }

  // Creates a subject (a patient's key) and returns its pseudonym. Staff,
  // admin and the system may do this.
  StatusOr<std::string> CreateSubject(const Actor& actor);

  // Registers a patient: a new subject and its first "Patient" record
  // (`json`, a FHIR Patient), with ONE audit record ("record.write",
  // "Patient/<pseudonym>"). Care staff and the system.
  StatusOr<VaultRecord> CreatePatient(const Actor& actor, const std::string& json);

  // Creates a record (when `id` is empty) or a new version of record `id`,
  // as the care policy allows (a patient only their own records of a
  // self-service type).
  // InvalidArgument ("invalid_record") for an empty type or a body that is
  // not a JSON object; PermissionDenied ("access_denied") per the policy;
  // NotFound ("subject_not_found"/"subject_erased").
  // `expected_version` (when not 0) is the version the caller read:
  // FailedPrecondition ("version_conflict") when the record moved on.
  // NotFound ("record_not_found") for an update of an unknown id.
  StatusOr<VaultRecord> Put(const Actor& actor, const std::string& pseudonym,
                            const std::string& type, const std::string& id,
                            const std::string& json, int64_t expected_version = 0);

  // Creates record `id`, an id the caller derives from what the record is
  // (so it can be located again without reading any record), as Put.
  // AlreadyExists ("record_exists") when `id` is taken; InvalidArgument
  // ("invalid_record") for an id that is not 8-64 characters of [0-9a-z-].
  StatusOr<VaultRecord> CreateNamed(const Actor& actor, const std::string& pseudonym,
                                    const std::string& type, const std::string& id,
                                    const std::string& json);

  // A new version of record `id` made from the current one by `change`,
  // with ONE audit record ("record.write"): read, change and write as one
  // operation (e.g. cancelling an appointment keeps its reason).
  // NotFound, PermissionDenied, FailedPrecondition ("version_conflict").
  StatusOr<VaultRecord> Update(const Actor& actor, const std::string& id,
                               const std::function<Status(nlohmann::json&)>& change);

  // Reads one record. NotFound ("record_not_found") or PermissionDenied.
  StatusOr<VaultRecord> Get(const Actor& actor, const std::string& id);

  // One earlier (or the current) version of a record. NotFound
  // ("record_not_found", "version_not_found") or PermissionDenied.
  StatusOr<VaultRecord> GetVersion(const Actor& actor, const std::string& id,
                                   int64_t version);

  // The records of type `type` ("" = all) of every subject in `pseudonyms`
  // (erased subjects are skipped), with ONE audit record `event` for the
  // whole search (the FHIR layer's rule: one record per operation). The
  // policy is applied per patient (any denied: PermissionDenied, nothing
  // read) and per record type (records the patient's consent hides from
  // the actor are left out).
  StatusOr<std::vector<VaultRecord>> Search(const Actor& actor,
                                            const std::vector<std::string>& pseudonyms,
                                            const std::string& type,
                                            const AuditEvent& event);

  // A subject's records, optionally of one type ("" = all), as Search.
  StatusOr<std::vector<VaultRecord>> List(const Actor& actor,
                                          const std::string& pseudonym,
                                          const std::string& type);

  // Crypto-shreds the subject. The patient themself or an admin may erase.
  // An erased subject: NotFound ("subject_erased").
  Status Erase(const Actor& actor, const std::string& pseudonym);

  // ---- the index, without contents (not audited: callers that go on to
  // read or write authorize and audit that access) ----
  // Which patient and type record `id` is. NotFound ("record_not_found").
  StatusOr<RecordInfo> Locate(const std::string& id);
  // NotFound ("subject_not_found") for an unknown pseudonym; an erased
  // subject is found, with `erased` set.
  StatusOr<SubjectInfo> Subject(const std::string& pseudonym);
  // The id of the subject's "Patient" record; "" when it has none.
  StatusOr<std::string> PatientRecordId(const std::string& pseudonym);
  // Every patient not erased.
  StatusOr<std::vector<std::string>> LivePatients();
  // Replaces the consent index of `consent` (a stored "Consent" record) with
  // `rules`; InvalidArgument ("invalid_record") for another type.
  Status IndexConsent(const VaultRecord& consent, const std::vector<ConsentRule>& rules);

  // Re-wraps every data key under `new_kek` in one transaction. The caller
  // persists the new key file (see `metaclinic keys rotate`).
  Status RotateKek(const std::string& new_kek);

  // Short public identifier of a KEK (not secret; identifies which key
  // wrapped a data key).
  static std::string KekId(const std::string& kek);

 private:
  // The actor, with the policy's purpose, when `actor` may do
  // `interaction` on `type` records of `pseudonym`; otherwise records a
  // denial and returns PermissionDenied ("access_denied").
  StatusOr<Actor> Authorize(const Actor& actor, Interaction interaction,
                            std::string_view type, const std::string& action,
                            const std::string& resource, const std::string& pseudonym);
  // `records` without those whose type the policy hides from `actor`.
  StatusOr<std::vector<VaultRecord>> Visible(const Actor& actor,
                                             std::vector<VaultRecord> records);
  StatusOr<std::string> DataKey(const std::string& pseudonym);
  // Put and CreateNamed: `named` creates `id` instead of updating it.
  StatusOr<VaultRecord> Write(const Actor& actor, const std::string& pseudonym,
                              const std::string& type, const std::string& id,
                              const std::string& json, int64_t expected_version, bool named);
  // Decrypts `row` (the result of a store lookup) for `actor`: one audit
  // record, success or failure.
  StatusOr<VaultRecord> ReadRow(const Actor& actor, const std::string& resource,
                                StatusOr<VaultRecordRow> row);

  RecordStore& store_;
  AuditLog& audit_;
  const Clock& clock_;
  std::string kek_;
  CarePolicy policy_;
};

}  // namespace mc
