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
Status ForEachRow(AuditStore& store, Visitor visit) {
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

AuditLog::AuditLog(AuditStore& store, std::string chain_key, const Clock& clock)
    : store_(store), chain_key_(std::move(chain_key)), clock_(clock) {}

// Domain-separated from the row hashes: no row hash is ever a valid MAC.
std::string AuditLog::HeadMac(int64_t seq, const std::string& hash) const {
  return Blake2bHex(fmt::format("audit-head\x1f{}\x1f{}", seq, hash), chain_key_);
}

std::string AuditLog::CheckpointMac(const AuditCheckpoint& checkpoint) const {
  return Blake2bHex(fmt::format("audit-checkpoint\x1f{}\x1f{}\x1f{}", checkpoint.seq,
                                checkpoint.hash, checkpoint.time_unix_ms),
                    chain_key_);
}

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
  return AuditSealer{
      [this](const AuditRow& row) { return ChainHash(row, chain_key_); },
      [this](int64_t seq, const std::string& hash) { return HeadMac(seq, hash); }};
}

Status AuditLog::Record(const Actor& actor, const AuditEvent& event) {
  return store_.AppendAudit(RowFor(actor, event), Sealer()).status();
}

StatusOr<AuditVerifyReport> AuditLog::Verify(const AuditCheckpoint* checkpoint) const {
  AuditVerifyReport report;
  int64_t expected_seq = 1;
  std::string previous_hash;
  std::string hash_at_checkpoint;
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
    if (checkpoint != nullptr && row.seq == checkpoint->seq) hash_at_checkpoint = row.hash;
    ++expected_seq;
    return true;
  }));
  if (!report.ok) return report;
  const int64_t last = expected_seq - 1;
  MC_ASSIGN_OR_RETURN(AuditHeadRow head, store_.AuditHead());
  if (head.seq != last || head.hash != previous_hash) {
    fail(expected_seq, fmt::format("the chain ends at record {} but the head says {}: "
                                   "records at the end were deleted or the head was edited",
                                   last, head.seq));
  } else if (last > 0 && !head.legacy && !SecretsEqual(head.mac, HeadMac(head.seq, head.hash))) {
    fail(last, "the chain head's MAC does not match: the head was rewritten by someone "
               "without the chain key (records at the end may have been deleted)");
  } else if (checkpoint != nullptr) {
    if (!SecretsEqual(checkpoint->mac, CheckpointMac(*checkpoint))) {
      fail(0, "the checkpoint's MAC does not match: it was edited, or made with "
              "another chain key");
    } else if (checkpoint->seq > last) {
      fail(last + 1, fmt::format("the log ends at record {} but the checkpoint of {} saw "
                                 "record {}: records were deleted (or an older copy of "
                                 "the database was restored)",
                                 last, FormatIsoUtc(checkpoint->time_unix_ms),
                                 checkpoint->seq));
    } else if (checkpoint->seq > 0 && hash_at_checkpoint != checkpoint->hash) {
      fail(checkpoint->seq, fmt::format("record {} is not the one the checkpoint of {} "
                                        "saw: the log was rewritten",
                                        checkpoint->seq,
                                        FormatIsoUtc(checkpoint->time_unix_ms)));
    }
  }
  return report;
}

StatusOr<AuditCheckpoint> AuditLog::Checkpoint() const {
  MC_ASSIGN_OR_RETURN(AuditHeadRow head, store_.AuditHead());
  AuditCheckpoint checkpoint{head.seq, head.hash, clock_.NowUnixMs(), ""};
  checkpoint.mac = CheckpointMac(checkpoint);
  return checkpoint;
}

std::string AuditLog::CheckpointJson(const AuditCheckpoint& checkpoint) {
  return nlohmann::json{{"metaclinic_audit_checkpoint", 1},
                        {"seq", checkpoint.seq},
                        {"hash", checkpoint.hash},
                        {"time_unix_ms", checkpoint.time_unix_ms},
                        {"time", FormatIsoUtc(checkpoint.time_unix_ms)},
                        {"mac", checkpoint.mac}}
      .dump();
}

StatusOr<AuditCheckpoint> AuditLog::ParseCheckpoint(const std::string& text) {
  const nlohmann::json parsed = nlohmann::json::parse(text, nullptr, false);
  const auto bad = InvalidArgument(
      "invalid_checkpoint", "not an audit checkpoint (the line `metaclinic audit checkpoint` "
                            "prints)");
  if (!parsed.is_object() || parsed.value("metaclinic_audit_checkpoint", 0) != 1) return bad;
  const auto& seq = parsed.contains("seq") ? parsed["seq"] : nlohmann::json();
  const auto& time = parsed.contains("time_unix_ms") ? parsed["time_unix_ms"] : nlohmann::json();
  const auto& hash = parsed.contains("hash") ? parsed["hash"] : nlohmann::json();
  const auto& mac = parsed.contains("mac") ? parsed["mac"] : nlohmann::json();
  if (!seq.is_number_integer() || !time.is_number_integer() || !hash.is_string() ||
      !mac.is_string() || seq.get<int64_t>() < 0) {
    return bad;
  }
  return AuditCheckpoint{seq.get<int64_t>(), hash.get<std::string>(), time.get<int64_t>(),
                         mac.get<std::string>()};
}

StatusOr<std::vector<AuditRow>> AuditLog::List(int64_t after_seq, int64_t limit) const {
  return store_.ListAudit(after_seq, limit);
}

StatusOr<std::vector<AuditRow>> AuditLog::ListForPatient(const std::string& pseudonym,
                                                         int64_t after_seq,
                                                         int64_t limit) const {
  return store_.ListAuditForPatient(pseudonym, after_seq, limit);
}

StatusOr<AuditRow> AuditLog::Find(int64_t seq) const { return store_.FindAudit(seq); }

StatusOr<std::vector<AuditRow>> AuditLog::Search(const AuditFilter& filter) const {
  return store_.SearchAudit(filter);
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
