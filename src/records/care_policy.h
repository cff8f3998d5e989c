// CarePolicy: the one place that decides who may see and change which
// patient's records (docs/security.md "Access to PHI"): a patient their own
// compartment; care staff the patients with whom they have an active care
// relationship (a booked appointment, or a fulfilled one that ended less
// than `care_relationship_days` ago, in a department they work in) minus
// what the patient's consent denies that department, or any patient by
// break-glass with a stated reason; any care staff may book an appointment
// for any patient; students, researchers and guests no patient data;
// admins the audit trail and erasure. A colleague invited to a case review
// reaches that patient's images and the review itself (read, and update of
// the review for its annotations) until the review ends or is closed; so
// does a visitor from outside with that review's visit link (a guest whose
// purpose is "review:<id>"), for that review's patient only. The system actor is decided by its
// caller and audited as "system".
//
// The Vault applies it on every read and write (no caller can skip it); the
// FHIR layer asks it too, to refuse early and to pick the patients an open
// search may return. Decisions carry the purpose the audit record states.
// The caller records refusals (one audit record per operation).
//
// Threading: thread-safe (no state of its own; reads the store).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/clock.h"
#include "core/status.h"
#include "records/actor.h"
#include "store/record_store.h"
#include "store/scheduling_store.h"

namespace mc {

enum class Interaction { kRead, kSearch, kCreate, kUpdate, kEverything, kErase };

inline constexpr size_t kMinBreakGlassReason = 10;
inline constexpr size_t kMaxBreakGlassReason = 500;

struct Decision {
  bool allowed = false;
  // Why it is allowed ("own record", "care relationship: cardiology") or,
  // when refused, why not ("refused: no care relationship"): the purpose
  // of the audit record either way.
  std::string purpose;
  bool break_glass = false;
};

// The record types a case review opens to its invited colleagues: the
// review itself and the patient's images.
bool IsCaseReviewType(std::string_view type);

// Self-service types: a patient may write their own records of these
// (booking, questionnaires, consent).
bool IsSelfServiceType(std::string_view type);

// InvalidArgument ("invalid_break_glass_reason") unless `reason` is 10-500
// printable characters.
Status CheckBreakGlassReason(const std::string& reason);

struct CarePolicyOptions {
  // How long after a fulfilled visit its care team still reaches the record.
  int64_t care_relationship_days = 90;
};

class CarePolicy {
 public:
  CarePolicy(SchedulingStore& scheduling, RecordStore& records, const Clock& clock,
             CarePolicyOptions options = {})
      : scheduling_(scheduling), records_(records), clock_(clock), options_(options) {}

  // May `actor` do `interaction` on resources of `type` of the patient
  // `pseudonym` ("" when creating a Patient)? `break_glass_reason` (already
  // checked) opens any patient to care staff.
  StatusOr<Decision> Decide(const Actor& actor, std::string_view type,
                            const std::string& pseudonym, Interaction interaction,
                            const std::string& break_glass_reason);

  // The patients whose resources of `type` an open search (no patient named)
  // by `actor` may return; empty for roles that see no patient data.
  StatusOr<std::vector<std::string>> SearchablePatients(const Actor& actor,
                                                        std::string_view type);

  // The departments a staff member works in (their availability's).
  StatusOr<std::vector<std::string>> StaffDepartments(int64_t user_id);

 private:
  // Of the staff member's departments `mine`, those through which they
  // reach `pseudonym`'s `type`: an appointment there, and no consent denial.
  StatusOr<std::vector<std::string>> CareDepartments(const std::vector<std::string>& mine,
                                                     std::string_view type,
                                                     const std::string& pseudonym);

  // The id of an open case review of `pseudonym` that `user_id` is invited
  // to and that opens `type` for `interaction`; "" when none.
  StatusOr<std::string> ReviewReach(int64_t user_id, std::string_view type,
                                    const std::string& pseudonym, Interaction interaction);
  // As ReviewReach, for a guest whose visit link names one review.
  StatusOr<std::string> VisitorReach(const Actor& actor, std::string_view type,
                                     const std::string& pseudonym, Interaction interaction);

  // True when `row` still makes a care relationship at `now_unix_ms`.
  bool Active(const AppointmentRow& row, int64_t now_unix_ms) const;

  SchedulingStore& scheduling_;
  RecordStore& records_;
  const Clock& clock_;
  CarePolicyOptions options_;
};

}  // namespace mc
