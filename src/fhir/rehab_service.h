// RehabService: the rules of the rehabilitation routes (docs/api.md
// "Rehabilitation"; issue 17): a patient reads their programme and records
// exercise sets; care staff prescribe programmes and read progress.
//
// Everything goes through the Vault, so the care policy decides and every
// access is audited (one record per vault call): programmes are CarePlans
// (rehab_programme.h), sets four Observations each (rehab_observations.h).
// A set's trace is re-analysed here with the native motion core (the same
// code as `metaclinic motion analyse` and the browser's WebAssembly); the
// Observations are written by the system on the patient's behalf (patients
// do not write Observations themselves), after every check has passed:
// a refused set stores nothing.
//
// Errors: InvalidArgument with the codes of docs/api.md, PermissionDenied
// ("access_denied", audited by the vault), NotFound ("programme_not_found",
// "careplan_not_found", "patient_not_found").
//
// Live sessions (rehab_live.h): a patient shares their set while they play
// and care staff with a care relationship watch it; nothing of it is
// stored, and a therapist's joining is audited once ("rehab.live.watch").
//
// Threading: thread-safe (the records are the vault's; the live frames are
// in RehabLive, which locks).
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/clock.h"
#include "core/status.h"
#include "fhir/rehab_live.h"
#include "fhir/rehab_programme.h"
#include "fhir/resource_validator.h"
#include "records/actor.h"
#include "records/audit_log.h"
#include "records/vault.h"
#include "store/user_store.h"

namespace mc::fhir {

// Limits of an uploaded set (docs/api.md).
inline constexpr size_t kMaxSetTraceBytes = 4 * 1024 * 1024;
inline constexpr double kMaxSetDurationMs = 20 * 60 * 1000;
inline constexpr int64_t kMaxSetAgeMs = int64_t{30} * 24 * 3600 * 1000;

struct SetUpload {
  std::string careplan_id;
  std::string activity_id;
  std::string exercise;
  std::string side;
  double target_deg = 0;
  int pain_before = 0;  // 0-10, checked by the caller
  int pain_after = 0;
  std::string started_at;  // ISO 8601 UTC
  std::string trace_csv;
};

struct SetRecorded {
  std::string set_id;
  int rep_count = 0;
  int partial_count = 0;
  std::optional<double> rom_min_deg;  // both or neither
  std::optional<double> rom_max_deg;
  double low_confidence_ms = 0;
  double target_deg = 0;
  std::vector<std::string> observation_ids;  // ROM, reps, pain before, after
};

struct PatientEntry {
  std::string pseudonym;
  std::string name;
};

class RehabService {
 public:
  // All must outlive the service.
  RehabService(UserStore& users, Vault& vault, AuditLog& audit, const Clock& clock,
               const ResourceValidator& validator);

  // A patient's newest active programme. PermissionDenied for other roles;
  // NotFound ("programme_not_found") when they have none.
  StatusOr<RehabProgramme> Programme(const Actor& patient);

  // A new active programme for `patient` by care staff with a care
  // relationship; their earlier active programmes become "revoked".
  StatusOr<RehabProgramme> Prescribe(const Actor& staff, const std::string& patient,
                                     const std::string& title,
                                     const std::vector<RehabActivity>& activities);

  // Re-analyses and stores one set of the caller's own active programme.
  StatusOr<SetRecorded> RecordSet(const Actor& patient, const SetUpload& upload);

  // The progress JSON of docs/api.md for care staff with a care relationship.
  StatusOr<nlohmann::json> Progress(const Actor& staff, const std::string& patient);

  // The patients `staff` may read (their care relationships), by name; one
  // audit record "rehab.patients" (names of patients are shown).
  StatusOr<std::vector<PatientEntry>> Patients(const Actor& staff);

  // The patient's live set: `frame` replaces their last one (kept in memory
  // for kLiveExpiryMs, not audited: nothing is stored). PermissionDenied
  // ("access_denied") unless the caller is a patient.
  Status ShareLive(const Actor& patient, LiveFrame frame);
  // The patient stopped: their live frame goes at once.
  Status EndLive(const Actor& patient);
  // {patient, name, live: false} or {patient, name, live: true, ...the frame
  // (LiveFrameJson)} for care staff with a care relationship (the care
  // policy's read of Observations). A refusal is audited; so is joining,
  // once per watch (RehabLive::Watch). NotFound ("patient_not_found").
  StatusOr<nlohmann::json> WatchLive(const Actor& staff, const std::string& patient);

 private:
  // The rehabilitation programmes among `pseudonym`'s CarePlans as `actor`
  // may read them (one audited vault list), newest first.
  StatusOr<std::vector<RehabProgramme>> Programmes(const Actor& actor,
                                                   const std::string& pseudonym);
  Status CheckStaff(const Actor& staff);

  UserStore& users_;
  Vault& vault_;
  AuditLog& audit_;
  const Clock& clock_;
  const ResourceValidator& validator_;
  RehabLive live_;
};

}  // namespace mc::fhir
