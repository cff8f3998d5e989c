#include "records/audit_review.h"

#include <fmt/format.h>

#include "core/roles.h"

namespace mc {
namespace {

constexpr char kAcknowledge[] = "alert.acknowledge";

bool IsBreakGlass(const AuditRow& row) { return row.purpose.rfind("break-glass:", 0) == 0; }

Status ValidateFilter(const AuditFilter& filter) {
  if (filter.limit < 1 || filter.limit > AuditReview::kMaxPageSize) {
    return InvalidArgument("invalid_limit", fmt::format("limit must be 1 to {}",
                                                        AuditReview::kMaxPageSize));
  }
  if (filter.offset < 0) return InvalidArgument("invalid_offset", "offset must be 0 or more");
  if (!filter.outcome.empty() && filter.outcome != "success" && filter.outcome != "denied" &&
      filter.outcome != "failure") {
    return InvalidArgument("invalid_outcome", "outcome must be success, denied or failure");
  }
  if (filter.since_unix_ms != 0 && filter.until_unix_ms != 0 &&
      filter.since_unix_ms >= filter.until_unix_ms) {
    return InvalidArgument("invalid_range", "'since' must be before 'until'");
  }
  return Status();
}

}  // namespace

Status AuditReview::RequireReviewer(const Actor& actor, const std::string& action) {
  if (Can(actor.role, Capability::kAuditReview)) return Status();
  MC_RETURN_IF_ERROR(log_.Record(actor, {action, "AuditLog", "", AuditOutcome::kDenied}));
  return PermissionDenied("access_denied", "the audit log is for administrators");
}

StatusOr<AuditPage> AuditReview::Search(const Actor& actor, const AuditFilter& filter) {
  MC_RETURN_IF_ERROR(RequireReviewer(actor, "audit.read"));
  MC_RETURN_IF_ERROR(ValidateFilter(filter));
  // One more than asked says whether an older page exists.
  AuditFilter probe = filter;
  probe.limit = filter.limit + 1;
  AuditPage page;
  MC_ASSIGN_OR_RETURN(page.rows, log_.Search(probe));
  page.more = static_cast<int64_t>(page.rows.size()) > filter.limit;
  if (page.more) page.rows.resize(static_cast<size_t>(filter.limit));
  MC_RETURN_IF_ERROR(log_.Record(
      actor, {"audit.read", "AuditLog", filter.patient_pseudonym, AuditOutcome::kSuccess}));
  return page;
}

StatusOr<AuditVerifyReport> AuditReview::Verify(const Actor& actor) {
  MC_RETURN_IF_ERROR(RequireReviewer(actor, "audit.verify"));
  MC_ASSIGN_OR_RETURN(AuditVerifyReport report, log_.Verify());
  MC_RETURN_IF_ERROR(log_.Record(
      actor, {"audit.verify", "AuditLog", "",
              report.ok ? AuditOutcome::kSuccess : AuditOutcome::kFailure}));
  return report;
}

StatusOr<AlertAcknowledgement> AuditReview::Acknowledge(const Actor& actor, int64_t seq) {
  MC_RETURN_IF_ERROR(RequireReviewer(actor, kAcknowledge));
  auto alert = log_.Find(seq);
  if (alert.status().code() == StatusCode::kNotFound || (alert.ok() && !IsBreakGlass(*alert))) {
    return NotFound("alert_not_found", "no break-glass alert with that number");
  }
  MC_RETURN_IF_ERROR(alert.status());
  MC_ASSIGN_OR_RETURN(auto acknowledged, Acknowledgements());
  if (auto found = acknowledged.find(seq); found != acknowledged.end()) return found->second;
  MC_RETURN_IF_ERROR(log_.Record(actor, {kAcknowledge, "AuditEvent/" + std::to_string(seq),
                                         alert->patient_pseudonym, AuditOutcome::kSuccess}));
  MC_ASSIGN_OR_RETURN(acknowledged, Acknowledgements());
  return acknowledged.at(seq);
}

StatusOr<int64_t> AuditReview::LatestTimeOf(const std::string& action) {
  AuditFilter filter;
  filter.action = action;
  filter.limit = 20;
  MC_ASSIGN_OR_RETURN(std::vector<AuditRow> page, log_.Search(filter));
  // The filter matches by prefix; newest first.
  for (const AuditRow& row : page) {
    if (row.action == action) return row.time_unix_ms;
  }
  return int64_t{0};
}

StatusOr<std::map<int64_t, AlertAcknowledgement>> AuditReview::Acknowledgements() {
  std::map<int64_t, AlertAcknowledgement> acknowledged;
  AuditFilter filter;
  filter.action = kAcknowledge;
  filter.outcome = "success";
  filter.limit = 1000;
  while (true) {
    MC_ASSIGN_OR_RETURN(std::vector<AuditRow> page, log_.Search(filter));
    // Newest first: an older acknowledgement of the same alert overwrites.
    for (const AuditRow& row : page) {
      const std::string prefix = "AuditEvent/";
      if (row.resource.rfind(prefix, 0) != 0) continue;
      const int64_t alert = std::stoll(row.resource.substr(prefix.size()));
      acknowledged[alert] = {row.actor_user_id, row.time_unix_ms};
    }
    if (static_cast<int64_t>(page.size()) < filter.limit) break;
    filter.offset += filter.limit;
  }
  return acknowledged;
}

std::string AuditReview::VerifyWords(const AuditVerifyReport& report) {
  if (report.ok) return fmt::format("audit chain ok: {} records", report.records_checked);
  return fmt::format("audit chain BROKEN at record {}: {}", report.first_bad_seq, report.problem);
}

}  // namespace mc
