// Actor: who is doing something, as every audited operation needs to know.
#pragma once

#include <cstdint>
#include <string>

namespace mc {

struct Actor {
  int64_t user_id = 0;  // 0 for guests, the system and unknown users
  std::string role;     // auth role name, "system" for the server itself
  std::string patient_pseudonym;  // the actor's own record, for patients
  std::string request_id;         // ties audit records to request logs
  std::string guest_purpose;      // visit-link guests, e.g. "appointment:42"
  // Why this actor reaches patient data now, recorded with every audit
  // record ("own record", "care relationship: cardiology",
  // "break-glass: <reason>"); set by the access policy.
  std::string purpose;
  // A stated reason for emergency access ("" for none), already checked
  // with CheckBreakGlassReason; the care policy opens any patient to care
  // staff who give one, and the audit records it.
  std::string break_glass_reason;
};

// The server acting on its own behalf (demo seeding, CLI maintenance).
inline Actor SystemActor(std::string request_id = "system") {
  return Actor{0, "system", "", std::move(request_id)};
}

}  // namespace mc
