// AuditReview: the administrators' view of the audit log (the admin
// console): searching it, verifying its chain, and acknowledging
// break-glass alerts.
//
// Reading the audit log is itself an access worth recording: every search
// appends "audit.read" (with the patient pseudonym searched for, so that the
// patient's own access history shows it), every verification "audit.verify",
// every acknowledgement "alert.acknowledge" (resource "AuditEvent/<seq>").
// Callers without the audit_review capability (core/roles.h) get
// PermissionDenied ("access_denied"), and the refusal is audited too.
//
// Acknowledgements are audit records themselves, so they are as
// tamper-evident as the alerts they acknowledge and need no table of their own.
//
// Threading: thread-safe (the AuditLog is); methods block on the store.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/status.h"
#include "records/actor.h"
#include "records/audit_log.h"

namespace mc {

// One page of an audit search.
struct AuditPage {
  std::vector<AuditRow> rows;  // newest first
  bool more = false;           // an older page exists
};

// Who acknowledged a break-glass alert, and when.
struct AlertAcknowledgement {
  int64_t by_user_id = 0;
  int64_t time_unix_ms = 0;
};

class AuditReview {
 public:
  static constexpr int64_t kMaxPageSize = 500;

  explicit AuditReview(AuditLog& log) : log_(log) {}

  // Records matching `filter`, newest first. InvalidArgument
  // ("invalid_limit" outside 1..kMaxPageSize, "invalid_offset" below 0,
  // "invalid_outcome" for an outcome other than success/denied/failure,
  // "invalid_range" when since >= until).
  StatusOr<AuditPage> Search(const Actor& actor, const AuditFilter& filter);

  // Walks the whole chain, as `metaclinic audit verify` does.
  StatusOr<AuditVerifyReport> Verify(const Actor& actor);

  // Acknowledges the break-glass access recorded as `seq`; acknowledging
  // twice keeps the first. NotFound ("alert_not_found") when `seq` is no
  // break-glass record.
  StatusOr<AlertAcknowledgement> Acknowledge(const Actor& actor, int64_t seq);

  // When the newest record of `action` (exactly) was made; 0 when there is
  // none. No audit of its own: the system status shows the last backup.
  StatusOr<int64_t> LatestTimeOf(const std::string& action);

  // The acknowledgements so far, by the seq of the alert (no audit of its
  // own: it serves a listing the caller audits or was allowed).
  StatusOr<std::map<int64_t, AlertAcknowledgement>> Acknowledgements();

  // The verification report in a sentence, for people (the CLI and the console).
  static std::string VerifyWords(const AuditVerifyReport& report);

 private:
  Status RequireReviewer(const Actor& actor, const std::string& action);

  AuditLog& log_;
};

}  // namespace mc
