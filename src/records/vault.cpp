#include "records/vault.h"

#include <fmt/format.h>

#include <sodium.h>

#include <nlohmann/json.hpp>

#include <map>
#include <utility>

#include "core/crypto.h"
#include "core/roles.h"
#include "records/key_file.h"

namespace mc {
namespace {

constexpr size_t kNonceBytes = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;

std::string Seal(const std::string& key, const std::string& plaintext,
                 const std::string& associated) {
  std::string nonce = RandomBytes(kNonceBytes);
  std::string sealed(
      nonce.size() + plaintext.size() + crypto_aead_xchacha20poly1305_ietf_ABYTES,
      '\0');
  std::copy(nonce.begin(), nonce.end(), sealed.begin());
  unsigned long long written = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(
      reinterpret_cast<unsigned char*>(sealed.data() + kNonceBytes), &written,
      reinterpret_cast<const unsigned char*>(plaintext.data()), plaintext.size(),
      reinterpret_cast<const unsigned char*>(associated.data()),
      associated.size(), nullptr,
      reinterpret_cast<const unsigned char*>(nonce.data()),
      reinterpret_cast<const unsigned char*>(key.data()));
  sealed.resize(kNonceBytes + written);
  return sealed;
}

StatusOr<std::string> Open(const std::string& key, const std::string& sealed,
                           const std::string& associated) {
  if (sealed.size() < kNonceBytes + crypto_aead_xchacha20poly1305_ietf_ABYTES) {
    return WithCode(absl::DataLossError("ciphertext too short"),
                    "decrypt_failed");
  }
  std::string plaintext(sealed.size() - kNonceBytes, '\0');
  unsigned long long written = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(
          reinterpret_cast<unsigned char*>(plaintext.data()), &written, nullptr,
          reinterpret_cast<const unsigned char*>(sealed.data() + kNonceBytes),
          sealed.size() - kNonceBytes,
          reinterpret_cast<const unsigned char*>(associated.data()),
          associated.size(),
          reinterpret_cast<const unsigned char*>(sealed.data()),
          reinterpret_cast<const unsigned char*>(key.data())) != 0) {
    return WithCode(absl::DataLossError("authentication of ciphertext failed"),
                    "decrypt_failed");
  }
  plaintext.resize(written);
  return plaintext;
}

std::string RecordAssociatedData(const VaultRecordRow& row) {
  return row.id + "|" + row.pseudonym + "|" + row.type + "|" +
         std::to_string(row.version);
}

VaultRecord RecordOf(const VaultRecordRow& row, std::string plaintext) {
  return VaultRecord{row.id,      row.pseudonym,       row.type,
                     row.version, row.created_unix_ms, row.updated_unix_ms,
                     std::move(plaintext)};
}

// The decrypted records of `rows`, all of one subject with `data_key`.
StatusOr<std::vector<VaultRecord>> OpenAll(const std::string& data_key,
                                           const std::vector<VaultRecordRow>& rows) {
  std::vector<VaultRecord> records;
  for (const VaultRecordRow& row : rows) {
    MC_ASSIGN_OR_RETURN(std::string plaintext,
                        Open(data_key, row.ciphertext, RecordAssociatedData(row)));
    records.push_back(RecordOf(row, std::move(plaintext)));
  }
  return records;
}

}  // namespace

Vault::Vault(RecordStore& records, SchedulingStore& scheduling, AuditLog& audit,
             const Clock& clock, std::string kek, CarePolicyOptions policy_options)
    : store_(records),
      audit_(audit),
      clock_(clock),
      kek_(std::move(kek)),
      policy_(scheduling, records, clock, policy_options) {}

StatusOr<RecordInfo> Vault::Locate(const std::string& id) {
  MC_ASSIGN_OR_RETURN(VaultRecordRow row, store_.FindVaultRecord(id));
  return RecordInfo{row.id, row.pseudonym, row.type, row.version};
}

StatusOr<SubjectInfo> Vault::Subject(const std::string& pseudonym) {
  MC_ASSIGN_OR_RETURN(VaultSubjectRow row, store_.FindVaultSubject(pseudonym));
  return SubjectInfo{row.pseudonym, row.created_unix_ms, row.erased_unix_ms != 0};
}

StatusOr<std::string> Vault::PatientRecordId(const std::string& pseudonym) {
  MC_ASSIGN_OR_RETURN(std::vector<VaultRecordRow> rows,
                      store_.ListVaultRecords(pseudonym, "Patient"));
  return rows.empty() ? std::string() : rows.front().id;
}

StatusOr<std::vector<std::string>> Vault::LivePatients() {
  MC_ASSIGN_OR_RETURN(std::vector<VaultSubjectRow> subjects, store_.ListVaultSubjects());
  std::vector<std::string> live;
  for (const VaultSubjectRow& subject : subjects) {
    if (subject.erased_unix_ms == 0) live.push_back(subject.pseudonym);
  }
  return live;
}

Status Vault::IndexConsent(const VaultRecord& consent, const std::vector<ConsentRule>& rules) {
  if (consent.type != "Consent") {
    return InvalidArgument("invalid_record", "only a Consent record has consent rules");
  }
  std::vector<ConsentRuleRow> rows;
  for (const ConsentRule& rule : rules) {
    rows.push_back({consent.id, consent.pseudonym, rule.department, rule.resource_type});
  }
  return store_.ReplaceConsentRules(consent.id, rows);
}

std::string Vault::KekId(const std::string& kek) {
  return Blake2bHex("metaclinic-kek-id" + kek).substr(0, 16);
}

StatusOr<Actor> Vault::Authorize(const Actor& actor, Interaction interaction,
                                 std::string_view type, const std::string& action,
                                 const std::string& resource, const std::string& pseudonym) {
  if (actor.role == RoleName(Role::kSystem)) {
    // Every access states why; the system's callers name theirs.
    Actor system = actor;
    if (system.purpose.empty()) system.purpose = "maintenance by the system (" + actor.request_id + ")";
    return system;
  }
  MC_ASSIGN_OR_RETURN(Decision decision,
                      policy_.Decide(actor, type, pseudonym, interaction,
                                     actor.break_glass_reason));
  if (!decision.allowed) {
    MC_RETURN_IF_ERROR(audit_.Record(
        actor, {action, resource, pseudonym, AuditOutcome::kDenied, decision.purpose}));
    return PermissionDenied("access_denied", "you are not allowed to access this record");
  }
  Actor allowed = actor;
  allowed.purpose = std::move(decision.purpose);
  return allowed;
}

StatusOr<std::vector<VaultRecord>> Vault::Visible(const Actor& actor,
                                                  std::vector<VaultRecord> records) {
  if (!IsCareRole(actor.role)) return records;  // patients, system: all of their reach
  std::map<std::pair<std::string, std::string>, bool> allowed;  // (pseudonym, type)
  std::vector<VaultRecord> visible;
  for (VaultRecord& record : records) {
    auto key = std::make_pair(record.pseudonym, record.type);
    auto found = allowed.find(key);
    if (found == allowed.end()) {
      MC_ASSIGN_OR_RETURN(Decision decision,
                          policy_.Decide(actor, record.type, record.pseudonym,
                                         Interaction::kRead, actor.break_glass_reason));
      found = allowed.emplace(key, decision.allowed).first;
    }
    if (found->second) visible.push_back(std::move(record));
  }
  return visible;
}

StatusOr<std::string> Vault::DataKey(const std::string& pseudonym) {
  MC_ASSIGN_OR_RETURN(VaultSubjectRow subject, store_.FindVaultSubject(pseudonym));
  if (subject.erased_unix_ms != 0) {
    return NotFound("subject_erased", "this patient's data has been erased");
  }
  return Open(kek_, subject.wrapped_key, subject.pseudonym);
}

StatusOr<std::string> Vault::CreateSubject(const Actor& actor) {
  const std::string pseudonym = RandomHex(16);
  // A subject holds no record yet: account managers may create one too.
  if (actor.role != RoleName(Role::kSystem) && !Can(actor.role, Capability::kManageUsers) &&
      !IsCareRole(actor.role)) {
    MC_RETURN_IF_ERROR(audit_.Record(
        actor, {"subject.create", "", "", AuditOutcome::kDenied}));
    return PermissionDenied("access_denied", "you may not register patients");
  }
  VaultSubjectRow subject;
  subject.pseudonym = pseudonym;
  subject.wrapped_key = Seal(kek_, RandomBytes(32), pseudonym);
  subject.kek_id = KekId(kek_);
  subject.created_unix_ms = clock_.NowUnixMs();
  AuditRow audit = audit_.RowFor(
      actor, {"subject.create", "Subject/" + pseudonym, pseudonym, AuditOutcome::kSuccess,
              actor.purpose.empty() ? "registration of a new patient" : actor.purpose});
  MC_RETURN_IF_ERROR(store_.CreateVaultSubject(subject, audit, audit_.Sealer()));
  return pseudonym;
}

StatusOr<VaultRecord> Vault::CreatePatient(const Actor& actor, const std::string& json) {
  const nlohmann::json document = nlohmann::json::parse(json, nullptr, false);
  if (!document.is_object()) {
    return InvalidArgument("invalid_record", "a record needs a JSON object body");
  }
  const std::string pseudonym = RandomHex(16);
  MC_ASSIGN_OR_RETURN(Actor writer, Authorize(actor, Interaction::kCreate, "Patient",
                                               "record.write", "Patient/new", ""));
  const std::string data_key = RandomBytes(32);
  VaultSubjectRow subject;
  subject.pseudonym = pseudonym;
  subject.wrapped_key = Seal(kek_, data_key, pseudonym);
  subject.kek_id = KekId(kek_);
  subject.created_unix_ms = clock_.NowUnixMs();
  AuditRow audit = audit_.RowFor(writer, {"record.write", "Patient/" + pseudonym, pseudonym,
                                          AuditOutcome::kSuccess});
  MC_RETURN_IF_ERROR(store_.CreateVaultSubject(subject, audit, audit_.Sealer()));
  VaultRecordRow row;
  row.id = RandomHex(16);
  row.pseudonym = pseudonym;
  row.type = "Patient";
  row.created_unix_ms = row.updated_unix_ms = subject.created_unix_ms;
  const std::string plaintext = document.dump();
  row.ciphertext = Seal(data_key, plaintext, RecordAssociatedData(row));
  MC_RETURN_IF_ERROR(store_.PutVaultRecord(row, AuditRow{}, audit_.Sealer()));
  return RecordOf(row, plaintext);
}

StatusOr<VaultRecord> Vault::Put(const Actor& actor,
                                 const std::string& pseudonym,
                                 const std::string& type, const std::string& id,
                                 const std::string& json, int64_t expected_version) {
  return Write(actor, pseudonym, type, id, json, expected_version, false);
}

StatusOr<VaultRecord> Vault::CreateNamed(const Actor& actor, const std::string& pseudonym,
                                         const std::string& type, const std::string& id,
                                         const std::string& json) {
  if (id.size() < 8 || id.size() > 64 ||
      id.find_first_not_of("0123456789abcdefghijklmnopqrstuvwxyz-") != std::string::npos) {
    return InvalidArgument("invalid_record", "a named record's id is 8-64 of [0-9a-z-]");
  }
  if (store_.FindVaultRecord(id).ok()) {
    return AlreadyExists("record_exists", "a record with this id exists");
  }
  return Write(actor, pseudonym, type, id, json, 0, true);
}

StatusOr<VaultRecord> Vault::Write(const Actor& actor, const std::string& pseudonym,
                                   const std::string& type, const std::string& id,
                                   const std::string& json, int64_t expected_version,
                                   bool named) {
  const nlohmann::json document = nlohmann::json::parse(json, nullptr, false);
  if (type.empty() || type.size() > 64 || !document.is_object()) {
    return InvalidArgument("invalid_record",
                           "a record needs a type and a JSON object body");
  }
  const std::string resource = "VaultRecord/" + (id.empty() ? "new" : id);
  MC_ASSIGN_OR_RETURN(
      Actor writer, Authorize(actor,
                              id.empty() || named ? Interaction::kCreate : Interaction::kUpdate,
                              type, "record.write", resource, pseudonym));
  MC_ASSIGN_OR_RETURN(std::string data_key, DataKey(pseudonym));
  VaultRecordRow row;
  const int64_t now = clock_.NowUnixMs();
  if (id.empty() || named) {
    row.id = named ? id : RandomHex(16);
    row.created_unix_ms = now;
  } else {
    MC_ASSIGN_OR_RETURN(VaultRecordRow existing, store_.FindVaultRecord(id));
    if (existing.pseudonym != pseudonym || existing.type != type) {
      return InvalidArgument("record_mismatch",
                             "the record belongs to another patient or type");
    }
    if (expected_version != 0 && expected_version != existing.version) {
      return FailedPrecondition("version_conflict",
                                "the record was changed by someone else; read it again");
    }
    row = existing;
    row.version = existing.version + 1;
  }
  row.pseudonym = pseudonym;
  row.type = type;
  row.updated_unix_ms = now;
  const std::string plaintext = document.dump();
  row.ciphertext = Seal(data_key, plaintext, RecordAssociatedData(row));
  AuditRow audit = audit_.RowFor(writer, {"record.write", "VaultRecord/" + row.id,
                                          pseudonym, AuditOutcome::kSuccess});
  MC_RETURN_IF_ERROR(store_.PutVaultRecord(row, audit, audit_.Sealer()));
  return RecordOf(row, plaintext);
}

StatusOr<VaultRecord> Vault::Update(const Actor& actor, const std::string& id,
                                    const std::function<Status(nlohmann::json&)>& change) {
  const std::string resource = "VaultRecord/" + id;
  auto found = store_.FindVaultRecord(id);
  if (!found.ok()) {
    MC_RETURN_IF_ERROR(audit_.Record(
        actor, {"record.write", resource, "", AuditOutcome::kFailure}));
    return found.status();
  }
  VaultRecordRow row = *std::move(found);
  MC_ASSIGN_OR_RETURN(Actor writer, Authorize(actor, Interaction::kUpdate, row.type,
                                               "record.write", resource, row.pseudonym));
  MC_ASSIGN_OR_RETURN(std::string data_key, DataKey(row.pseudonym));
  MC_ASSIGN_OR_RETURN(std::string plaintext,
                      Open(data_key, row.ciphertext, RecordAssociatedData(row)));
  nlohmann::json document = nlohmann::json::parse(plaintext, nullptr, false);
  if (!document.is_object()) return Internal("record_corrupt", "a record is not JSON");
  MC_RETURN_IF_ERROR(change(document));
  row.version += 1;
  row.updated_unix_ms = clock_.NowUnixMs();
  plaintext = document.dump();
  row.ciphertext = Seal(data_key, plaintext, RecordAssociatedData(row));
  AuditRow audit = audit_.RowFor(writer, {"record.write", resource, row.pseudonym,
                                          AuditOutcome::kSuccess});
  MC_RETURN_IF_ERROR(store_.PutVaultRecord(row, audit, audit_.Sealer()));
  return RecordOf(row, plaintext);
}

StatusOr<VaultRecord> Vault::Get(const Actor& actor, const std::string& id) {
  return ReadRow(actor, "VaultRecord/" + id, store_.FindVaultRecord(id));
}

StatusOr<VaultRecord> Vault::GetVersion(const Actor& actor, const std::string& id,
                                        int64_t version) {
  return ReadRow(actor, fmt::format("VaultRecord/{}/_history/{}", id, version),
                 store_.FindVaultRecordVersion(id, version));
}

StatusOr<VaultRecord> Vault::ReadRow(const Actor& actor, const std::string& resource,
                                     StatusOr<VaultRecordRow> row) {
  if (!row.ok()) {
    MC_RETURN_IF_ERROR(audit_.Record(
        actor, {"record.read", resource, "", AuditOutcome::kFailure}));
    return row.status();
  }
  MC_ASSIGN_OR_RETURN(Actor reader, Authorize(actor, Interaction::kRead, row->type,
                                               "record.read", resource, row->pseudonym));
  MC_ASSIGN_OR_RETURN(std::string data_key, DataKey(row->pseudonym));
  MC_ASSIGN_OR_RETURN(std::string plaintext,
                      Open(data_key, row->ciphertext, RecordAssociatedData(*row)));
  MC_RETURN_IF_ERROR(audit_.Record(
      reader, {"record.read", resource, row->pseudonym, AuditOutcome::kSuccess}));
  return RecordOf(*row, std::move(plaintext));
}

StatusOr<std::vector<VaultRecord>> Vault::Search(const Actor& actor,
                                                 const std::vector<std::string>& pseudonyms,
                                                 const std::string& type,
                                                 const AuditEvent& event) {
  Actor reader = actor;
  for (const std::string& pseudonym : pseudonyms) {
    MC_ASSIGN_OR_RETURN(Actor allowed, Authorize(actor, Interaction::kSearch,
                                                 type.empty() ? "*" : type, event.action,
                                                 event.resource, pseudonym));
    if (reader.purpose.empty()) reader.purpose = allowed.purpose;
  }
  std::vector<VaultRecord> records;
  for (const std::string& pseudonym : pseudonyms) {
    auto data_key = DataKey(pseudonym);
    if (!data_key.ok()) continue;  // erased (or unknown): nothing to find
    MC_ASSIGN_OR_RETURN(std::vector<VaultRecordRow> rows,
                        store_.ListVaultRecords(pseudonym, type));
    MC_ASSIGN_OR_RETURN(std::vector<VaultRecord> opened, OpenAll(*data_key, rows));
    records.insert(records.end(), std::make_move_iterator(opened.begin()),
                   std::make_move_iterator(opened.end()));
  }
  MC_ASSIGN_OR_RETURN(records, Visible(actor, std::move(records)));
  MC_RETURN_IF_ERROR(audit_.Record(reader, event));
  return records;
}

StatusOr<std::vector<VaultRecord>> Vault::List(const Actor& actor,
                                               const std::string& pseudonym,
                                               const std::string& type) {
  const std::string resource = "Subject/" + pseudonym;
  MC_ASSIGN_OR_RETURN(Actor reader, Authorize(actor, Interaction::kSearch,
                                               type.empty() ? "*" : type, "record.search",
                                               resource, pseudonym));
  auto data_key = DataKey(pseudonym);
  if (!data_key.ok()) {
    MC_RETURN_IF_ERROR(audit_.Record(
        actor, {"record.search", resource, pseudonym, AuditOutcome::kFailure}));
    return data_key.status();
  }
  MC_ASSIGN_OR_RETURN(std::vector<VaultRecordRow> rows,
                      store_.ListVaultRecords(pseudonym, type));
  MC_ASSIGN_OR_RETURN(std::vector<VaultRecord> records, OpenAll(*data_key, rows));
  MC_ASSIGN_OR_RETURN(records, Visible(actor, std::move(records)));
  MC_RETURN_IF_ERROR(audit_.Record(
      reader, {"record.search", resource, pseudonym, AuditOutcome::kSuccess}));
  return records;
}

Status Vault::Erase(const Actor& actor, const std::string& pseudonym) {
  const std::string resource = "Subject/" + pseudonym;
  MC_ASSIGN_OR_RETURN(Actor eraser, Authorize(actor, Interaction::kErase, "*",
                                               "subject.erase", resource, pseudonym));
  AuditRow audit = audit_.RowFor(
      eraser, {"subject.erase", resource, pseudonym, AuditOutcome::kSuccess});
  return store_.EraseVaultSubject(pseudonym, clock_.NowUnixMs(), audit,
                                  audit_.Sealer());
}

Status Vault::RotateKek(const std::string& new_kek) {
  MC_ASSIGN_OR_RETURN(std::vector<VaultSubjectRow> subjects,
                      store_.ListVaultSubjects());
  const std::string new_id = KekId(new_kek);
  for (VaultSubjectRow& subject : subjects) {
    if (subject.erased_unix_ms != 0) continue;
    MC_ASSIGN_OR_RETURN(std::string data_key,
                        Open(kek_, subject.wrapped_key, subject.pseudonym));
    subject.wrapped_key = Seal(new_kek, data_key, subject.pseudonym);
    subject.kek_id = new_id;
  }
  MC_RETURN_IF_ERROR(store_.RewrapVaultSubjects(subjects, KeyCheckValue(new_kek)));
  kek_ = new_kek;
  return audit_.Record(SystemActor("keys-rotate"),
                       {"keys.rotate", "KEK/" + new_id, "", AuditOutcome::kSuccess});
}

}  // namespace mc
