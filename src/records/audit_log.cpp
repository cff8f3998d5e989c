#include "records/audit_log.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "core/crypto.h"
#include "core/utf8.h"

namespace mc {
namespace {

constexpr int64_t kPageSize = 1000;

std::string ChainHash(const AuditRow& row, const std::string& key) {
  // Unit separators cannot appear in any field we write, so the encoding is
  // unambiguous.
  const std::string canonical = fmt::format(
      "{}\x1f{}\x1f{}\x1f{}\x1f{}\x1f{}\x1f{}\x1f{}\x1f{}\x1f{}", row.seq,
      row.time_unix_ms, row.actor_user_id, row.actor_role, row.action,
      row.resource, row.patient_pseudonym, row.outcome, row.request_id,
      row.prev_hash);
  // Records written before "purpose" existed hash as they did then.
  if (!row.purpose.empty()) return Blake2bHex(canonical + "\x1f" + row.purpose, key);
  return Blake2bHex(canonical, key);
}

// Calls `visit` for every audit row in order, a page at a time.
template <typename Visitor>
Status ForEachRow(Store& store, Visitor visit) {
  int64_t after = 0;
  while (true) {
    MC_ASSIGN_OR_RETURN(std::vector<AuditRow> page,
                        store.ListAudit(after, kPageSize));
    for (const AuditRow& row : page) {
      if (!visit(row)) return Status();
    }
    if (static_cast<int64_t>(page.size()) < kPageSize) return Status();
    after = page.back().seq;
  }
}

}  // namespace

AuditLog::AuditLog(Store& store, std::string chain_key, const Clock& clock)
    : store_(store), chain_key_(std::move(chain_key)), clock_(clock) {}

std::string AuditLog::OutcomeName(AuditOutcome outcome) {
  switch (outcome) {
    case AuditOutcome::kSuccess: return "success";
    case AuditOutcome::kDenied: return "denied";
    case AuditOutcome::kFailure: return "failure";
  }
  return "failure";
}

AuditRow AuditLog::RowFor(const Actor& actor, const AuditEvent& event) const {
  // Text fields can carry client bytes (a break-glass reason, a decoded
  // path); repaired here, before sealing, so every JSON dump of the row works.
  AuditRow row;
  row.time_unix_ms = clock_.NowUnixMs();
  row.actor_user_id = actor.user_id;
  // Every text is repaired to UTF-8 here, the one place rows are built, so
  // no later JSON dump of a row (alerts, $everything, export) can fail.
  row.actor_role = RepairUtf8(actor.role);
  row.action = RepairUtf8(event.action);
  row.resource = RepairUtf8(event.resource);
  row.patient_pseudonym = RepairUtf8(event.patient_pseudonym);
  row.outcome = OutcomeName(event.outcome);
  row.request_id = RepairUtf8(actor.request_id);
  row.purpose = RepairUtf8(event.purpose.empty() ? actor.purpose : event.purpose);
  return row;
}

AuditSealer AuditLog::Sealer() const {
  std::string key = chain_key_;
  return [key](const AuditRow& row) { return ChainHash(row, key); };
}

Status AuditLog::Record(const Actor& actor, const AuditEvent& event) {
  return store_.AppendAudit(RowFor(actor, event), Sealer()).status();
}

StatusOr<AuditVerifyReport> AuditLog::Verify() const {
  AuditVerifyReport report;
  int64_t expected_seq = 1;
  std::string previous_hash;
  auto fail = [&](int64_t seq, std::string problem) {
    report.ok = false;
    report.first_bad_seq = seq;
    report.problem = std::move(problem);
    return false;
  };
  MC_RETURN_IF_ERROR(ForEachRow(store_, [&](const AuditRow& row) {
    ++report.records_checked;
    if (row.seq != expected_seq) {
      return fail(row.seq, fmt::format("expected record {} here: a record was "
                                       "deleted, inserted or reordered",
                                       expected_seq));
    }
    if (row.prev_hash != previous_hash) {
      return fail(row.seq, "its link to the previous record is broken: a "
                           "record was deleted, inserted or reordered");
    }
    if (!SecretsEqual(row.hash, ChainHash(row, chain_key_))) {
      return fail(row.seq, "its contents do not match its hash: it was edited");
    }
    previous_hash = row.hash;
    ++expected_seq;
    return true;
  }));
  if (!report.ok) return report;
  MC_ASSIGN_OR_RETURN(auto head, store_.AuditHead());
  if (head.first != expected_seq - 1 || head.second != previous_hash) {
    report.ok = false;
    report.first_bad_seq = expected_seq;
    report.problem = fmt::format(
        "the chain ends at record {} but the head says {}: records at the "
        "end were deleted or the head was edited",
        expected_seq - 1, head.first);
  }
  return report;
}

Status AuditLog::ExportJsonLines(std::ostream& out) const {
  return ForEachRow(store_, [&](const AuditRow& row) {
    nlohmann::json line = {{"seq", row.seq},
                           {"time", FormatIsoUtc(row.time_unix_ms)},
                           {"actor_user_id", row.actor_user_id},
                           {"actor_role", row.actor_role},
                           {"action", row.action},
                           {"resource", row.resource},
                           {"patient_pseudonym", row.patient_pseudonym},
                           {"outcome", row.outcome},
                           {"request_id", row.request_id},
                           {"prev_hash", row.prev_hash},
                           {"hash", row.hash}};
    if (!row.purpose.empty()) line["purpose"] = row.purpose;
    // Rows written before RowFor repaired text may hold invalid UTF-8.
    out << line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
        << '\n';
    return true;
  });
}

}  // namespace mc
