// Who may see and change which patient's records (docs/fhir.md "Who may
// see what"): a patient their own compartment; care staff the patients with
// whom they have a care relationship (an appointment in a department they
// work in) minus what the patient's consent denies that department, or any
// patient by break-glass with a stated reason; students, researchers and
// guests no patient data; admins the audit trail and erasure.
//
// Decisions carry the purpose the audit record will state. The caller
// records refusals (one audit record per operation).
//
// Threading: thread-safe (no state of its own; reads the store).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"
#include "records/actor.h"
#include "store/store.h"

namespace mc::fhir {

enum class Interaction { kRead, kSearch, kCreate, kUpdate, kEverything, kErase };

inline constexpr size_t kMinBreakGlassReason = 10;
inline constexpr size_t kMaxBreakGlassReason = 500;

struct Decision {
  bool allowed = false;
  std::string purpose;  // "own record", "care relationship: cardiology", ...
  bool break_glass = false;
};

// InvalidArgument ("invalid_break_glass_reason") unless `reason` is 10-500
// printable characters.
Status CheckBreakGlassReason(const std::string& reason);

class CareAccess {
 public:
  explicit CareAccess(Store& store) : store_(store) {}

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

  Store& store_;
};

}  // namespace mc::fhir
