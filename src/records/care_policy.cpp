#include "records/care_policy.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "core/roles.h"

namespace mc {
namespace {

Decision Allow(std::string purpose, bool break_glass = false) {
  return Decision{true, std::move(purpose), break_glass};
}

Decision Deny(std::string_view why) { return Decision{false, fmt::format("refused: {}", why)}; }

std::string Join(const std::vector<std::string>& items) {
  std::string joined;
  for (const std::string& item : items) joined += (joined.empty() ? "" : ", ") + item;
  return joined;
}

}  // namespace

bool IsSelfServiceType(std::string_view type) {
  return type == "Appointment" || type == "QuestionnaireResponse" || type == "Consent";
}

bool IsCaseReviewType(std::string_view type) {
  return type == "CaseReview" || type == "DicomStudyIndex" || type == "DicomInstance" ||
         type == "ImagingStudy";
}

Status CheckBreakGlassReason(const std::string& reason) {
  const bool printable = std::all_of(reason.begin(), reason.end(), [](char c) {
    return static_cast<unsigned char>(c) >= 0x20 && c != 0x7f;
  });
  if (reason.size() < kMinBreakGlassReason || reason.size() > kMaxBreakGlassReason ||
      !printable) {
    return InvalidArgument(
        "invalid_break_glass_reason",
        fmt::format("X-Break-Glass needs a reason of {} to {} printable characters",
                    kMinBreakGlassReason, kMaxBreakGlassReason));
  }
  return Status();
}

StatusOr<std::vector<std::string>> CarePolicy::StaffDepartments(int64_t user_id) {
  MC_ASSIGN_OR_RETURN(std::vector<AvailabilityRow> rules, scheduling_.ListAvailability(""));
  std::set<std::string> departments;
  for (const AvailabilityRow& rule : rules) {
    if (rule.clinician_user_id == user_id) departments.insert(rule.department);
  }
  return std::vector<std::string>(departments.begin(), departments.end());
}

StatusOr<std::vector<std::string>> CarePolicy::CareDepartments(
    const std::vector<std::string>& mine, std::string_view type, const std::string& pseudonym) {
  AppointmentFilter filter;
  filter.patient_pseudonym = pseudonym;
  MC_ASSIGN_OR_RETURN(std::vector<AppointmentRow> appointments,
                      scheduling_.ListAppointments(filter));
  MC_ASSIGN_OR_RETURN(std::vector<ConsentRuleRow> rules, records_.ListConsentRules(pseudonym));
  const int64_t now = clock_.NowUnixMs();
  std::vector<std::string> reach;
  for (const std::string& department : mine) {
    const bool related = std::any_of(
        appointments.begin(), appointments.end(), [&](const AppointmentRow& row) {
          return row.department == department && Active(row, now);
        });
    // A patient's consent cannot hide the consent itself from the team.
    const bool denied =
        type != "Consent" &&
        std::any_of(rules.begin(), rules.end(), [&](const ConsentRuleRow& rule) {
          return rule.department == department &&
                 (rule.resource_type == type || rule.resource_type == "*");
        });
    if (related && !denied) reach.push_back(department);
  }
  return reach;
}

namespace {

// The interactions a review opens: reading its images and itself, and
// updating the review (its annotations).
bool ReviewOpens(std::string_view type, Interaction interaction) {
  const bool reads = interaction == Interaction::kRead || interaction == Interaction::kSearch;
  const bool annotates = interaction == Interaction::kUpdate && type == "CaseReview";
  return IsCaseReviewType(type) && (reads || annotates);
}

bool OpenFor(const CaseReviewRow& review, const std::string& pseudonym, int64_t now) {
  return review.patient_pseudonym == pseudonym && review.status == "scheduled" &&
         now < review.ends_unix_ms;
}

}  // namespace

StatusOr<std::string> CarePolicy::VisitorReach(const Actor& actor, std::string_view type,
                                               const std::string& pseudonym,
                                               Interaction interaction) {
  if (actor.role != "guest" || actor.guest_purpose.rfind("review:", 0) != 0 ||
      !ReviewOpens(type, interaction)) {
    return std::string();
  }
  auto review = scheduling_.FindCaseReview(actor.guest_purpose.substr(7));
  if (!review.ok()) return std::string();
  return OpenFor(*review, pseudonym, clock_.NowUnixMs()) ? review->id : std::string();
}

StatusOr<std::string> CarePolicy::ReviewReach(int64_t user_id, std::string_view type,
                                              const std::string& pseudonym,
                                              Interaction interaction) {
  if (!ReviewOpens(type, interaction)) return std::string();
  MC_ASSIGN_OR_RETURN(std::vector<CaseReviewRow> reviews, scheduling_.ListCaseReviews(user_id));
  const int64_t now = clock_.NowUnixMs();
  for (const CaseReviewRow& review : reviews) {
    const bool invited = std::find(review.member_user_ids.begin(), review.member_user_ids.end(),
                                   user_id) != review.member_user_ids.end();
    if (invited && OpenFor(review, pseudonym, now)) return review.id;
  }
  return std::string();
}

bool CarePolicy::Active(const AppointmentRow& row, int64_t now_unix_ms) const {
  if (row.status == "booked") return true;
  const int64_t keep_ms = options_.care_relationship_days * 24 * 60 * 60 * 1000;
  return row.status == "fulfilled" && now_unix_ms - row.end_unix_ms <= keep_ms;
}

StatusOr<Decision> CarePolicy::Decide(const Actor& actor, std::string_view type,
                                      const std::string& pseudonym, Interaction interaction,
                                      const std::string& break_glass_reason) {
  if (actor.role == "patient") {
    if (pseudonym.empty() || pseudonym != actor.patient_pseudonym) {
      return Deny("not the patient's own record");
    }
    const bool writes =
        interaction == Interaction::kCreate || interaction == Interaction::kUpdate;
    if (writes && !IsSelfServiceType(type)) return Deny("patients do not write this kind of record");
    return Allow("own record");
  }
  if (actor.role == "admin") {
    if (interaction == Interaction::kErase) return Allow("erasure on the patient's request");
    if (type == "AuditEvent" &&
        (interaction == Interaction::kRead || interaction == Interaction::kSearch)) {
      return Allow("audit review");
    }
    return Deny("administrators do not read patient records");
  }
  MC_ASSIGN_OR_RETURN(std::string visited, VisitorReach(actor, type, pseudonym, interaction));
  if (!visited.empty()) return Allow("visitor of case review " + visited);
  if (!IsCareRole(actor.role) || actor.user_id == 0) return Deny("this role sees no patient records");
  if (type == "AuditEvent") return Deny("the access history is for the patient and audit review");
  if (interaction == Interaction::kErase) return Deny("only the patient or an administrator erases");
  if (pseudonym.empty()) {
    return interaction == Interaction::kCreate && type == "Patient" ? Allow("registration")
                                                                    : Deny("no patient named");
  }
  // Booking is how a care relationship begins; it is audited like any write.
  if (interaction == Interaction::kCreate && type == "Appointment" &&
      Can(actor.role, Capability::kBookForPatient)) {
    return Allow("booking");
  }
  MC_ASSIGN_OR_RETURN(std::vector<std::string> mine, StaffDepartments(actor.user_id));
  MC_ASSIGN_OR_RETURN(std::vector<std::string> reach, CareDepartments(mine, type, pseudonym));
  if (!reach.empty()) return Allow("care relationship: " + Join(reach));
  MC_ASSIGN_OR_RETURN(std::string review,
                      ReviewReach(actor.user_id, type, pseudonym, interaction));
  if (!review.empty()) return Allow("invited to case review " + review);
  if (!break_glass_reason.empty() && Can(actor.role, Capability::kBreakGlass)) return Allow("break-glass: " + break_glass_reason, true);
  return Deny("no care relationship with this patient");
}

StatusOr<std::vector<std::string>> CarePolicy::SearchablePatients(const Actor& actor,
                                                                  std::string_view type) {
  if (actor.role == "patient") {
    if (actor.patient_pseudonym.empty()) return std::vector<std::string>{};
    return std::vector<std::string>{actor.patient_pseudonym};
  }
  if (actor.role == "guest" && actor.guest_purpose.rfind("review:", 0) == 0) {
    auto review = scheduling_.FindCaseReview(actor.guest_purpose.substr(7));
    if (!review.ok()) return std::vector<std::string>{};
    MC_ASSIGN_OR_RETURN(std::string reach, VisitorReach(actor, type, review->patient_pseudonym,
                                                        Interaction::kSearch));
    if (reach.empty()) return std::vector<std::string>{};
    return std::vector<std::string>{review->patient_pseudonym};
  }
  if (!IsCareRole(actor.role) || actor.user_id == 0 || type == "AuditEvent") {
    return std::vector<std::string>{};
  }
  MC_ASSIGN_OR_RETURN(std::vector<std::string> mine, StaffDepartments(actor.user_id));
  std::vector<std::string> patients;
  std::set<std::string> candidates;
  for (const std::string& department : mine) {
    AppointmentFilter filter;
    filter.department = department;
    filter.limit = 100000;
    MC_ASSIGN_OR_RETURN(std::vector<AppointmentRow> rows, scheduling_.ListAppointments(filter));
    for (const AppointmentRow& row : rows) candidates.insert(row.patient_pseudonym);
  }
  if (IsCaseReviewType(type)) {
    MC_ASSIGN_OR_RETURN(std::vector<CaseReviewRow> reviews,
                        scheduling_.ListCaseReviews(actor.user_id));
    for (const CaseReviewRow& review : reviews) {
      MC_ASSIGN_OR_RETURN(std::string reach, ReviewReach(actor.user_id, type,
                                                         review.patient_pseudonym,
                                                         Interaction::kSearch));
      if (!reach.empty() && std::find(patients.begin(), patients.end(), review.patient_pseudonym) ==
              patients.end()) {
        patients.push_back(review.patient_pseudonym);
        candidates.erase(review.patient_pseudonym);
      }
    }
  }
  for (const std::string& pseudonym : candidates) {
    MC_ASSIGN_OR_RETURN(std::vector<std::string> reach, CareDepartments(mine, type, pseudonym));
    if (!reach.empty()) patients.push_back(pseudonym);
  }
  return patients;
}

}  // namespace mc
