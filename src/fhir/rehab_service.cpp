#include "fhir/rehab_service.h"

#include <algorithm>
#include <cmath>
#include <variant>

#include <fmt/format.h>

#include "core/crypto.h"
#include "core/roles.h"
#include "fhir/rehab_observations.h"
#include "fhir/rehab_progress.h"
#include "sim/motion/set_trace.h"

namespace mc::fhir {

using nlohmann::json;

namespace {

constexpr int64_t kClockSkewMs = 60 * 1000;

StatusOr<json> Parsed(const VaultRecord& record) {
  json document = json::parse(record.json, nullptr, false);
  if (!document.is_object()) return Internal("internal", "a stored record is not JSON");
  return document;
}

// The analysis options of an upload that matches its activity.
StatusOr<motion::AnalysisOptions> OptionsFor(const SetUpload& upload,
                                             const RehabActivity& activity) {
  if (upload.exercise != activity.exercise || upload.side != activity.side ||
      std::fabs(upload.target_deg - activity.target_deg) > 0.05) {
    return InvalidArgument("activity_mismatch",
                           fmt::format("the set must be the activity's: {} {} to {:.1f} degrees",
                                       activity.exercise, activity.side, activity.target_deg));
  }
  std::optional<motion::Exercise> exercise = motion::ParseExercise(activity.exercise);
  std::optional<motion::Side> side = motion::ParseSide(activity.side);
  if (!exercise || !side || !motion::TargetIsValid(*exercise, activity.target_deg)) {
    return InvalidArgument("activity_mismatch", "the activity cannot be analysed");
  }
  return motion::AnalysisOptions{*exercise, *side, activity.target_deg};
}

StatusOr<motion::SetResult> Analyse(const SetUpload& upload,
                                    const motion::AnalysisOptions& options) {
  if (upload.trace_csv.size() > kMaxSetTraceBytes) {
    return InvalidArgument("trace_too_large", "the trace is over 4 MiB");
  }
  auto analysed = motion::AnalyseTraceCsv(upload.trace_csv, options);
  if (auto* error = std::get_if<motion::TraceError>(&analysed)) {
    return InvalidArgument(error->code, "trace_csv: " + error->message);
  }
  motion::SetResult result = std::get<motion::SetResult>(std::move(analysed));
  if (result.last_t_ms - result.first_t_ms > kMaxSetDurationMs) {
    return InvalidArgument("trace_too_large", "a set lasts at most 20 minutes");
  }
  return result;
}

}  // namespace

RehabService::RehabService(UserStore& users, Vault& vault, AuditLog& audit, const Clock& clock,
                           const ResourceValidator& validator)
    : users_(users), vault_(vault), audit_(audit), clock_(clock), validator_(validator) {}

Status RehabService::CheckStaff(const Actor& staff) {
  if (!Can(staff.role, Capability::kCareRecords)) {
    return PermissionDenied("access_denied", "programmes are prescribed by the care team");
  }
  return Status();
}

StatusOr<std::vector<RehabProgramme>> RehabService::Programmes(const Actor& actor,
                                                                const std::string& pseudonym) {
  MC_ASSIGN_OR_RETURN(std::vector<VaultRecord> records, vault_.List(actor, pseudonym, "CarePlan"));
  std::vector<RehabProgramme> programmes;
  for (const VaultRecord& record : records) {
    MC_ASSIGN_OR_RETURN(json careplan, Parsed(record));
    if (auto programme = ProgrammeFromCarePlan(record.id, careplan)) {
      programmes.push_back(std::move(*programme));
    }
  }
  std::stable_sort(programmes.begin(), programmes.end(),
                   [](const auto& a, const auto& b) { return a.created > b.created; });
  return programmes;
}

StatusOr<RehabProgramme> RehabService::Programme(const Actor& patient) {
  if (patient.role != "patient" || patient.patient_pseudonym.empty()) {
    return PermissionDenied("access_denied", "a programme is read by its patient");
  }
  MC_ASSIGN_OR_RETURN(std::vector<RehabProgramme> programmes,
                      Programmes(patient, patient.patient_pseudonym));
  for (RehabProgramme& programme : programmes) {
    if (programme.status == "active") return std::move(programme);
  }
  return NotFound("programme_not_found", "no exercise programme has been prescribed yet");
}

StatusOr<RehabProgramme> RehabService::Prescribe(const Actor& staff, const std::string& patient,
                                                 const std::string& title,
                                                 const std::vector<RehabActivity>& activities) {
  MC_RETURN_IF_ERROR(CheckStaff(staff));
  if (title.empty() || title.size() > kMaxTitleLength) {
    return InvalidArgument("invalid_title", "title must be 1-120 characters");
  }
  if (activities.empty() || activities.size() > static_cast<size_t>(kMaxActivities)) {
    return InvalidArgument("invalid_activities", "a programme has 1-12 activities");
  }
  auto subject = vault_.Subject(patient);
  if (!subject.ok() || subject->erased) {
    return NotFound("patient_not_found", "no such patient");
  }
  json careplan = ProgrammeCarePlan(patient, staff.user_id, title, activities,
                                    FormatIsoUtc(clock_.NowUnixMs()));
  MC_RETURN_IF_ERROR(validator_.Validate(careplan));
  // Reading first asks the care policy (a refusal is audited) before
  // anything is written.
  MC_ASSIGN_OR_RETURN(std::vector<RehabProgramme> earlier, Programmes(staff, patient));
  MC_ASSIGN_OR_RETURN(VaultRecord stored, vault_.Put(staff, patient, "CarePlan", "", careplan.dump()));
  for (const RehabProgramme& old : earlier) {
    if (old.status != "active") continue;
    MC_RETURN_IF_ERROR(vault_
                           .Update(staff, old.careplan_id,
                                   [](json& document) {
                                     document["status"] = "revoked";
                                     return Status();
                                   })
                           .status());
  }
  MC_ASSIGN_OR_RETURN(json saved, Parsed(stored));
  auto programme = ProgrammeFromCarePlan(stored.id, saved);
  if (!programme) return Internal("internal", "the stored programme cannot be read back");
  return std::move(*programme);
}

StatusOr<SetRecorded> RehabService::RecordSet(const Actor& patient, const SetUpload& upload) {
  if (patient.role != "patient" || patient.patient_pseudonym.empty()) {
    return PermissionDenied("access_denied", "sets are recorded by the patient who did them");
  }
  if (upload.pain_before < 0 || upload.pain_before > 10 || upload.pain_after < 0 ||
      upload.pain_after > 10) {
    return InvalidArgument("invalid_pain", "pain is a whole number from 0 to 10");
  }
  auto started = ParseIsoUtc(upload.started_at);
  const int64_t now = clock_.NowUnixMs();
  if (!started.ok() || *started > now + kClockSkewMs || *started < now - kMaxSetAgeMs) {
    return InvalidArgument("invalid_started_at",
                           "started_at must be an ISO 8601 UTC time (…Z) within the last 30 days");
  }
  auto located = vault_.Locate(upload.careplan_id);
  if (!located.ok() || located->type != "CarePlan") {
    return NotFound("careplan_not_found", "no such CarePlan");
  }
  // The vault refuses (and audits) another patient's CarePlan.
  MC_ASSIGN_OR_RETURN(VaultRecord record, vault_.Get(patient, upload.careplan_id));
  MC_ASSIGN_OR_RETURN(json careplan, Parsed(record));
  auto programme = ProgrammeFromCarePlan(record.id, careplan);
  if (!programme) return NotFound("careplan_not_found", "that CarePlan is not an exercise programme");
  if (programme->status != "active") {
    return InvalidArgument("programme_not_active", "this programme has been replaced or ended");
  }
  auto activity = std::find_if(programme->activities.begin(), programme->activities.end(),
                               [&](const RehabActivity& a) { return a.id == upload.activity_id; });
  if (activity == programme->activities.end()) {
    return InvalidArgument("activity_not_found", "the programme has no activity " +
                                                     upload.activity_id.substr(0, 16));
  }
  MC_ASSIGN_OR_RETURN(motion::AnalysisOptions options, OptionsFor(upload, *activity));
  MC_ASSIGN_OR_RETURN(motion::SetResult result, Analyse(upload, options));

  RehabSetContext context;
  context.patient_pseudonym = patient.patient_pseudonym;
  context.care_plan_id = record.id;
  context.set_id = HexEncode(RandomBytes(16));
  context.activity_id = activity->id;
  context.started_at = FormatIsoUtc(*started);
  context.effective_end = FormatIsoUtc(
      *started + static_cast<int64_t>(std::llround(result.last_t_ms - result.first_t_ms)));
  std::vector<json> observations = RehabSetObservations(result, context);
  observations.push_back(
      RehabPainObservation(upload.pain_before, PainTiming::kBefore, result, context));
  observations.push_back(
      RehabPainObservation(upload.pain_after, PainTiming::kAfter, result, context));
  for (const json& observation : observations) MC_RETURN_IF_ERROR(validator_.Validate(observation));

  Actor system = SystemActor(patient.request_id);
  system.purpose = fmt::format("recording an exercise set of CarePlan/{} (own record)", record.id);
  SetRecorded recorded;
  for (const json& observation : observations) {
    MC_ASSIGN_OR_RETURN(VaultRecord stored, vault_.Put(system, patient.patient_pseudonym,
                                                       "Observation", "", observation.dump()));
    recorded.observation_ids.push_back(stored.id);
  }
  recorded.set_id = context.set_id;
  recorded.rep_count = static_cast<int>(result.reps.size());
  recorded.partial_count = static_cast<int>(result.partials.size());
  if (result.rom) {
    recorded.rom_min_deg = std::round(result.rom->min_deg * 10) / 10;
    recorded.rom_max_deg = std::round(result.rom->max_deg * 10) / 10;
  }
  recorded.low_confidence_ms = std::round(result.low_confidence_ms);
  recorded.target_deg = result.target_deg;
  return recorded;
}

StatusOr<json> RehabService::Progress(const Actor& staff, const std::string& patient) {
  MC_RETURN_IF_ERROR(CheckStaff(staff));
  auto subject = vault_.Subject(patient);
  if (!subject.ok() || subject->erased) return NotFound("patient_not_found", "no such patient");
  MC_ASSIGN_OR_RETURN(std::vector<VaultRecord> records,
                      vault_.List(staff, patient, "Observation"));
  std::vector<json> observations;
  for (const VaultRecord& record : records) {
    MC_ASSIGN_OR_RETURN(json observation, Parsed(record));
    observations.push_back(std::move(observation));
  }
  const int64_t now = clock_.NowUnixMs();
  std::vector<RehabSetSummary> sets = RehabSets(observations);
  const Adherence adherence = AdherenceOf(sets, now);
  json set_list = json::array();
  const int64_t window_start =
      (now / (24 * 3600 * 1000) - (kAdherenceWindowDays - 1)) * 24 * 3600 * 1000;
  for (const RehabSetSummary& set : sets) {
    if (set.started_unix_ms >= window_start) set_list.push_back(SetSummaryJson(set));
  }
  MC_ASSIGN_OR_RETURN(std::vector<RehabProgramme> programmes, Programmes(staff, patient));
  json current = nullptr;
  for (const RehabProgramme& programme : programmes) {
    if (programme.status == "active") {
      current = ProgrammeJson(programme);
      break;
    }
  }
  auto user = users_.FindUserByPseudonym(patient);
  return json{{"patient", patient},
              {"name", user.ok() ? user->display_name : ""},
              {"window_days", adherence.window_days},
              {"data_days", adherence.data_days},
              {"minimum_days", adherence.minimum_days},
              {"below_minimum", adherence.below_minimum},
              {"words", adherence.words},
              {"programme", current},
              {"sets", set_list}};
}

StatusOr<std::vector<PatientEntry>> RehabService::Patients(const Actor& staff) {
  if (Status allowed = CheckStaff(staff); !allowed.ok()) {
    MC_RETURN_IF_ERROR(
        audit_.Record(staff, {"rehab.patients", "Patient", "", AuditOutcome::kDenied}));
    return allowed;
  }
  MC_RETURN_IF_ERROR(audit_.Record(
      staff, {"rehab.patients", fmt::format("Practitioner/{}/Patient", staff.user_id), "",
              AuditOutcome::kSuccess}));
  MC_ASSIGN_OR_RETURN(std::vector<std::string> pseudonyms,
                      vault_.policy().SearchablePatients(staff, "CarePlan"));
  std::vector<PatientEntry> patients;
  for (const std::string& pseudonym : pseudonyms) {
    auto user = users_.FindUserByPseudonym(pseudonym);
    patients.push_back({pseudonym, user.ok() ? user->display_name : ""});
  }
  std::sort(patients.begin(), patients.end(),
            [](const auto& a, const auto& b) { return a.name < b.name; });
  return patients;
}

namespace {

Status CheckSharer(const Actor& patient) {
  if (patient.role != RoleName(Role::kPatient) || patient.patient_pseudonym.empty()) {
    return PermissionDenied("access_denied", "only a patient shares their own exercise");
  }
  return Status();
}

}  // namespace

Status RehabService::ShareLive(const Actor& patient, LiveFrame frame) {
  MC_RETURN_IF_ERROR(CheckSharer(patient));
  live_.Put(patient.patient_pseudonym, std::move(frame), clock_.NowUnixMs());
  return Status();
}

Status RehabService::EndLive(const Actor& patient) {
  MC_RETURN_IF_ERROR(CheckSharer(patient));
  live_.End(patient.patient_pseudonym);
  return Status();
}

StatusOr<json> RehabService::WatchLive(const Actor& staff, const std::string& patient) {
  const std::string resource = "Patient/" + patient + "/live";
  if (Status allowed = CheckStaff(staff); !allowed.ok()) {
    MC_RETURN_IF_ERROR(audit_.Record(
        staff, {"rehab.live.watch", resource, "", AuditOutcome::kDenied, "not care staff"}));
    return allowed;
  }
  auto subject = vault_.Subject(patient);
  if (!subject.ok() || subject->erased) return NotFound("patient_not_found", "no such patient");
  MC_ASSIGN_OR_RETURN(Decision decision, vault_.policy().Decide(staff, "Observation", patient,
                                                                 Interaction::kRead, ""));
  if (!decision.allowed) {
    MC_RETURN_IF_ERROR(audit_.Record(
        staff, {"rehab.live.watch", resource, patient, AuditOutcome::kDenied, decision.purpose}));
    return PermissionDenied("access_denied", "you are not allowed to watch this patient");
  }
  const int64_t now = clock_.NowUnixMs();
  if (live_.Watch(staff.user_id, patient, now)) {
    MC_RETURN_IF_ERROR(audit_.Record(staff, {"rehab.live.watch", resource, patient,
                                             AuditOutcome::kSuccess, decision.purpose}));
  }
  auto user = users_.FindUserByPseudonym(patient);
  json answer = {{"patient", patient}, {"name", user.ok() ? user->display_name : ""}};
  std::optional<LiveFrame> frame = live_.Get(patient, now);
  if (!frame) {
    answer["live"] = false;
    return answer;
  }
  answer.update(LiveFrameJson(*frame, now));
  answer["live"] = true;
  return answer;
}

}  // namespace mc::fhir
