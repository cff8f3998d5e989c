#include "auth/visit_links.h"

#include <optional>

#include "auth/visit_link_format.h"
#include "core/roles.h"
#include "core/crypto.h"

namespace mc {

VisitLinks::VisitLinks(SessionStore& store, SchedulingStore& appointments, AuditLog& audit,
                       SessionManager& sessions,
                       const Clock& clock)
    : store_(store),
      appointments_(appointments),
      audit_(audit),
      sessions_(sessions),
      clock_(clock) {}

std::string VisitLinks::HashToken(const std::string& token) {
  return Blake2bHex("metaclinic-visit:" + token);
}

Status VisitLinks::CheckAppointmentPurpose(const Actor& actor, const std::string& purpose,
                                           bool as_booker) {
  if (!IsAppointmentPurpose(purpose)) return Status();
  const std::optional<int64_t> id = AppointmentIdOfPurpose(purpose);
  auto row = id ? appointments_.FindAppointment(*id)
                : StatusOr<AppointmentRow>(NotFound("appointment_not_found", ""));
  // A guest of an appointment joins its private room: only the clinician
  // who sees the patient may invite one, and whoever books the visit gets
  // one link with the booking (to hand to the patient), never later.
  const bool allowed = row.ok() && row->status == "booked" && actor.user_id != 0 &&
                       (row->clinician_user_id == actor.user_id ||
                        (as_booker && row->booked_by_user_id == actor.user_id));
  if (allowed) return Status();
  MC_RETURN_IF_ERROR(audit_.Record(
      actor, {"visit_link.issue", "VisitLink/" + purpose,
              row.ok() ? row->patient_pseudonym : std::string(), AuditOutcome::kDenied}));
  return PermissionDenied("not_your_appointment",
                          "only the appointment's clinician may invite a guest to it");
}

Status VisitLinks::CheckReviewPurpose(const Actor& actor, const std::string& purpose,
                                      int64_t& lifetime_ms) {
  if (purpose.rfind("review:", 0) != 0) return Status();
  auto row = appointments_.FindCaseReview(purpose.substr(7));
  const int64_t now = clock_.NowUnixMs();
  if (row.ok() && row->status == "scheduled" && now < row->ends_unix_ms &&
      actor.user_id != 0 && row->created_by_user_id == actor.user_id) {
    lifetime_ms = std::min(lifetime_ms, row->ends_unix_ms - now);
    return Status();
  }
  MC_RETURN_IF_ERROR(audit_.Record(
      actor, {"visit_link.issue", "VisitLink/" + purpose,
              row.ok() ? row->patient_pseudonym : std::string(), AuditOutcome::kDenied}));
  return PermissionDenied("not_your_review",
                          "only the organiser of an open case review may invite a visitor to it");
}

StatusOr<IssuedVisitLink> VisitLinks::Issue(const Actor& actor,
                                            const std::string& purpose,
                                            int64_t lifetime_ms, bool as_booker) {
  const bool system = actor.role == RoleName(Role::kSystem);
  if (!system && !Can(actor.role, Capability::kIssueVisitLinks)) {
    MC_RETURN_IF_ERROR(audit_.Record(
        actor, {"visit_link.issue", "", "", AuditOutcome::kDenied}));
    return PermissionDenied("staff_only", "only care staff may issue visit links");
  }
  if (!IsValidVisitPurpose(purpose)) {
    return InvalidArgument("invalid_purpose",
                           "purpose must be 1-64 of a-z, 0-9, ':', '_', '-'");
  }
  if (lifetime_ms < 60 * 1000 || lifetime_ms > kMaxLifetimeMs) {
    return InvalidArgument("invalid_lifetime",
                           "a visit link lives from 1 minute to 7 days");
  }
  if (!system) MC_RETURN_IF_ERROR(CheckAppointmentPurpose(actor, purpose, as_booker));
  if (!system) MC_RETURN_IF_ERROR(CheckReviewPurpose(actor, purpose, lifetime_ms));
  IssuedVisitLink link{RandomHex(16), purpose, clock_.NowUnixMs() + lifetime_ms};
  MC_RETURN_IF_ERROR(store_.CreateVisitLink(VisitLinkRow{
      HashToken(link.token), purpose, actor.user_id, clock_.NowUnixMs(),
      link.expires_unix_ms, 0}));
  MC_RETURN_IF_ERROR(audit_.Record(
      actor, {"visit_link.issue", "VisitLink/" + purpose, "",
              AuditOutcome::kSuccess}));
  return link;
}

StatusOr<RedeemedVisit> VisitLinks::Redeem(const std::string& token,
                                           const std::string& request_id) {
  const Actor guest{0, std::string(kGuestRole), "", request_id};
  if (!IsWellFormedVisitToken(token)) {
    return NotFound("visit_link_invalid", "this visit link is not valid");
  }
  auto link = store_.ConsumeVisitLink(HashToken(token), clock_.NowUnixMs());
  if (!link.ok()) {
    MC_RETURN_IF_ERROR(audit_.Record(
        guest, {"visit_link.redeem", "", "", AuditOutcome::kDenied}));
    return link.status();
  }
  RedeemedVisit visit;
  visit.purpose = link->purpose;
  MC_ASSIGN_OR_RETURN(visit.session_token, sessions_.Create(0, link->purpose));
  visit.csrf_token = SessionManager::CsrfTokenFor(visit.session_token);
  MC_RETURN_IF_ERROR(audit_.Record(
      guest, {"visit_link.redeem", "VisitLink/" + link->purpose, "",
              AuditOutcome::kSuccess}));
  return visit;
}

}  // namespace mc
