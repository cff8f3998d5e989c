// Visit links: single-use, expiring invitations for guests without accounts.
//
// A link carries a 128-bit random token (stored only as a hash), bound to one
// purpose such as "appointment:42". Redeeming it once starts a guest session
// bound to that purpose; a second use, an expired link or an unknown token
// is refused. Care staff and admins may issue links; a link for an
// appointment ("appointment:<id>", whose guest joins the private consult
// room) only the appointment's clinician or the person who booked it, while
// it is booked. A link for a case review ("review:<id>", an outside
// colleague's visit to that case only) only the review's organiser, while
// it is scheduled, and it expires when the review ends.
//
// Threading: thread-safe; methods block on the store.
#pragma once

#include <cstdint>
#include <string>

#include "auth/sessions.h"
#include "core/clock.h"
#include "core/status.h"
#include "records/audit_log.h"
#include "store/scheduling_store.h"
#include "store/session_store.h"

namespace mc {

struct IssuedVisitLink {
  std::string token;  // 32 hex characters; shown once
  std::string purpose;
  int64_t expires_unix_ms = 0;
};

struct RedeemedVisit {
  std::string session_token;
  std::string csrf_token;
  std::string purpose;
};

class VisitLinks {
 public:
  static constexpr int64_t kMaxLifetimeMs = 7LL * 24 * 60 * 60 * 1000;

  VisitLinks(SessionStore& store, SchedulingStore& appointments, AuditLog& audit,
             SessionManager& sessions, const Clock& clock);

  // InvalidArgument ("invalid_purpose": 1-64 of [a-z0-9:_-];
  // "invalid_lifetime": 1 minute to 7 days); PermissionDenied ("staff_only"
  // for other roles, "not_your_appointment" for an appointment purpose the
  // actor may not invite to: only the appointment's clinician, or, with
  // `as_booker` (the booking itself, care/scheduling.h), whoever just booked
  // it). Every refusal is audited.
  StatusOr<IssuedVisitLink> Issue(const Actor& actor, const std::string& purpose,
                                  int64_t lifetime_ms, bool as_booker = false);

  // NotFound ("visit_link_invalid"), FailedPrecondition ("visit_link_used",
  // "visit_link_expired").
  StatusOr<RedeemedVisit> Redeem(const std::string& token,
                                 const std::string& request_id);

  static std::string HashToken(const std::string& token);

 private:
  Status CheckAppointmentPurpose(const Actor& actor, const std::string& purpose,
                                 bool as_booker);
  // For "review:<id>": PermissionDenied ("not_your_review"), audited; the
  // lifetime is cut to the review's end.
  Status CheckReviewPurpose(const Actor& actor, const std::string& purpose,
                            int64_t& lifetime_ms);

  SessionStore& store_;
  SchedulingStore& appointments_;
  AuditLog& audit_;
  SessionManager& sessions_;
  const Clock& clock_;
};

}  // namespace mc
