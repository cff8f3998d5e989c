#include "care/visit_desk.h"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <utility>

#include "core/name_table.h"
#include "core/roles.h"

namespace mc::care {
namespace {

using nlohmann::json;

std::string Resource(int64_t id) { return fmt::format("Appointment/{}", id); }

std::string GuestPurpose(int64_t id) { return fmt::format("appointment:{}", id); }

bool OneOf(const std::string& value, std::initializer_list<std::string_view> allowed) {
  return std::find(allowed.begin(), allowed.end(), value) != allowed.end();
}

// Clinicians see their own patients; nurses and therapists run the front
// desk of the departments they work in.
bool SeesDepartmentQueues(std::string_view role) {
  return IsCareRole(role) && role != RoleName(Role::kClinician);
}

int64_t CeilMinutes(int64_t ms) {
  return ms <= 0 ? 0 : (ms + kMillisecondsPerMinute - 1) / kMillisecondsPerMinute;
}

std::string EncounterDocument(const AppointmentRow& row, const std::string& department_name,
                              const std::string& clinician_name, int64_t start, int64_t end,
                              bool guests) {
  json participants = json::array(
      {{{"type",
         {{{"coding",
            {{{"system", "http://terminology.hl7.org/CodeSystem/v3-ParticipationType"},
              {"code", "PPRF"},
              {"display", "primary performer"}}}}}}},
        {"individual",
         {{"reference", fmt::format("Practitioner/{}", row.clinician_user_id)},
          {"display", clinician_name}}}}});
  if (guests) {
    participants.push_back({{"type", {{{"text", "guest invited by visit link"}}}},
                            {"individual", {{"display", "Visit-link guest"}}}});
  }
  const json document = {
      {"resourceType", "Encounter"},
      {"status", "finished"},
      {"class",
       {{"system", "http://terminology.hl7.org/CodeSystem/v3-ActCode"},
        {"code", "VR"},
        {"display", "virtual"}}},
      {"serviceType", {{"text", row.department}}},
      {"subject", {{"reference", "Patient/" + row.patient_pseudonym}}},
      {"participant", participants},
      {"appointment", {{{"reference", "Appointment/" + row.record_id}}}},
      {"period", {{"start", FormatIsoUtc(start)}, {"end", FormatIsoUtc(end)}}},
      {"serviceProvider", {{"display", department_name}}}};
  return document.dump();
}

// The encounter as the API shows it, from its vault document.
EncounterView EncounterOf(const VaultRecord& record) {
  const json document = json::parse(record.json, nullptr, false);
  EncounterView view;
  view.id = record.id;
  if (!document.is_object()) return view;
  view.department = document.value("/serviceType/text"_json_pointer, "");
  view.start = document.value("/period/start"_json_pointer, "");
  view.end = document.value("/period/end"_json_pointer, "");
  for (const json& participant : document.value("participant", json::array())) {
    const std::string role =
        participant.value("/type/0/coding/0/display"_json_pointer,
                          participant.value("/type/0/text"_json_pointer, "participant"));
    view.participants.emplace_back(role,
                                   participant.value("/individual/display"_json_pointer, ""));
  }
  return view;
}

bool RefersTo(const VaultRecord& record, const std::string& pointer,
              const std::string& reference) {
  const json document = json::parse(record.json, nullptr, false);
  return document.is_object() &&
         document.value(json::json_pointer(pointer), "") == reference;
}

}  // namespace

Status ValidateDeviceCheck(const DeviceCheck& device) {
  const auto bad = [](std::string_view field) {
    return InvalidArgument("invalid_device_check",
                           fmt::format("device.{} has a value that is not allowed", field));
  };
  if (!OneOf(device.camera, {"ok", "denied", "missing", "skipped"})) return bad("camera");
  if (!OneOf(device.microphone, {"ok", "denied", "missing", "skipped"})) {
    return bad("microphone");
  }
  if (!OneOf(device.speaker, {"ok", "not_confirmed"})) return bad("speaker");
  if (device.connection_rtt_ms < -1 || device.connection_rtt_ms > 600000) {
    return bad("connection_rtt_ms");
  }
  return Status();
}

std::string_view VisitStateName(VisitState state) {
  switch (state) {
    case VisitState::kNotCheckedIn: return "not_checked_in";
    case VisitState::kWaiting: return "waiting";
    case VisitState::kAdmitted: return "admitted";
    case VisitState::kEnded: return "ended";
    case VisitState::kNoShow: return "no_show";
    case VisitState::kLeft: return "left";
  }
  return "unknown";
}

VisitDesk::VisitDesk(SchedulingStore& store, UserStore& users, Vault& vault, AuditLog& audit,
                     Scheduling& scheduling, VisitLinks& visit_links, ConsultRooms& rooms,
                     const Clock& clock)
    : store_(store),
      users_(users),
      vault_(vault),
      audit_(audit),
      scheduling_(scheduling),
      visit_links_(visit_links),
      rooms_(rooms),
      clock_(clock) {}

Status VisitDesk::Deny(const Actor& actor, const std::string& action,
                       const AppointmentRow& row) {
  MC_RETURN_IF_ERROR(audit_.Record(
      actor, {action, Resource(row.id), row.patient_pseudonym, AuditOutcome::kDenied}));
  return PermissionDenied("access_denied", "you are not allowed to do this with this visit");
}

Status VisitDesk::Audit(const Actor& actor, const std::string& action,
                        const AppointmentRow& row) {
  return audit_.Record(
      actor, {action, Resource(row.id), row.patient_pseudonym, AuditOutcome::kSuccess});
}

StatusOr<VisitDesk::Loaded> VisitDesk::Load(const Actor& actor, int64_t id,
                                            const std::string& action) {
  auto found = store_.FindAppointment(id);
  if (!found.ok()) {
    MC_RETURN_IF_ERROR(
        audit_.Record(actor, {action, Resource(id), "", AuditOutcome::kFailure}));
    return found.status();
  }
  Loaded loaded{*std::move(found)};
  const AppointmentRow& row = loaded.row;
  loaded.patient_side =
      (actor.role == "patient" && actor.patient_pseudonym == row.patient_pseudonym) ||
      (actor.role == kGuestRole && actor.guest_purpose == GuestPurpose(id));
  loaded.own_clinician = IsCareRole(actor.role) && actor.user_id == row.clinician_user_id;
  loaded.staff = loaded.own_clinician;
  if (!loaded.staff && actor.user_id != 0 && SeesDepartmentQueues(actor.role)) {
    MC_ASSIGN_OR_RETURN(std::vector<std::string> departments,
                        vault_.policy().StaffDepartments(actor.user_id));
    loaded.staff = std::find(departments.begin(), departments.end(), row.department) !=
                   departments.end();
  }
  if (!loaded.patient_side && !loaded.staff) {
    return Deny(actor, action, row);
  }
  return loaded;
}

void VisitDesk::ExpireLocked(int64_t now) {
  for (auto& [id, visit] : visits_) {
    if (visit.state == VisitState::kWaiting && now - visit.last_seen_unix_ms > kQueueKeepMs) {
      visit.state = VisitState::kLeft;
    }
  }
}

StatusOr<VisitDesk::Visit*> VisitDesk::WaitingLocked(int64_t id, int64_t now) {
  ExpireLocked(now);
  auto found = visits_.find(id);
  if (found == visits_.end() || found->second.state != VisitState::kWaiting) {
    return FailedPrecondition("not_waiting", "this patient is not in the waiting room");
  }
  return &found->second;
}

VisitView VisitDesk::ViewLocked(const AppointmentRow& row, bool for_staff, int64_t now) {
  VisitView view;
  view.appointment = row;
  view.clinician_name = scheduling_.ClinicianName(row.clinician_user_id);
  if (auto departments = store_.ListDepartments(); departments.ok()) {
    for (const DepartmentRow& department : *departments) {
      if (department.slug == row.department) view.department_name = department.name;
    }
  }
  if (for_staff) {
    if (auto patient = users_.FindUserByPseudonym(row.patient_pseudonym); patient.ok()) {
      view.patient_name = patient->display_name;
    }
  }
  auto found = visits_.find(row.id);
  if (found == visits_.end()) {
    if (row.status == "fulfilled") view.state = VisitState::kEnded;
    if (row.status == "noshow") view.state = VisitState::kNoShow;
    view.summary_available = row.status == "fulfilled";
    return view;
  }
  const Visit& visit = found->second;
  view.state = visit.state;
  view.checked_in_unix_ms = visit.checked_in_unix_ms;
  view.online = now - visit.last_seen_unix_ms <= kOnlineMs;
  view.waited_seconds = (now - visit.checked_in_unix_ms) / 1000;
  view.acknowledged = visit.acknowledged;
  view.device = visit.device;
  view.meeting = visit.meeting;
  view.messages = visit.messages;
  view.summary_available = visit.state == VisitState::kEnded;
  if (visit.state == VisitState::kAdmitted) view.room = visit.room;
  if (visit.state == VisitState::kWaiting) {
    // Ahead: visits of the same clinician waiting since earlier. The wait is
    // the longer of the time to the appointment and the slots ahead plus
    // what remains of a consultation in progress.
    int64_t busy_ms = 0;
    for (const auto& [other_id, other] : visits_) {
      if (other_id == row.id || other.clinician_user_id != row.clinician_user_id) continue;
      if (other.state == VisitState::kWaiting && other.sequence < visit.sequence) ++view.ahead;
      if (other.state == VisitState::kAdmitted) {
        busy_ms = std::max<int64_t>(busy_ms, other.slot_ms - (now - other.admitted_unix_ms));
      }
    }
    view.position = view.ahead + 1;
    view.estimated_wait_minutes = static_cast<int>(std::max(
        CeilMinutes(row.start_unix_ms - now), CeilMinutes(view.ahead * visit.slot_ms + busy_ms)));
  }
  return view;
}

namespace {

constexpr NameTable<MeetingPlace, 3> kMeetingPlaces = {
    {MeetingPlace::kConsultRoom, "room"},
    {MeetingPlace::kBeach, "beach"},
    {MeetingPlace::kForest, "forest"}};

// The world template of the private room.
std::string RoomTemplate(const AppointmentRow& row, MeetingPlace place) {
  switch (place) {
    case MeetingPlace::kBeach:
      return "therapy-beach";
    case MeetingPlace::kForest:
      return "therapy-forest";
    case MeetingPlace::kConsultRoom:
      break;
  }
  return row.department + "-consult";
}

}  // namespace

std::string_view MeetingPlaceName(MeetingPlace place) {
  return NameIn(kMeetingPlaces, place, "room");
}

StatusOr<MeetingPlace> ParseMeetingPlace(std::string_view name) {
  if (auto place = ValueIn(kMeetingPlaces, name)) return *place;
  return InvalidArgument("invalid_place", "place must be room, beach or forest");
}

StatusOr<VisitView> VisitDesk::CheckIn(const Actor& actor, int64_t id,
                                       const DeviceCheck& device, bool consent,
                                       const MeetingChoices& meeting) {
  MC_ASSIGN_OR_RETURN(Loaded loaded, Load(actor, id, "visit.check_in"));
  if (!loaded.patient_side) return Deny(actor, "visit.check_in", loaded.row);
  if (!consent) {
    return InvalidArgument("consent_required",
                           "please agree to the virtual visit before checking in");
  }
  MC_RETURN_IF_ERROR(ValidateDeviceCheck(device));
  const AppointmentRow& row = loaded.row;
  if (meeting.place != MeetingPlace::kConsultRoom && row.department != kCalmPlacesDepartment)
    return InvalidArgument("place_not_offered",
                           "the beach and the forest are for mental health visits");
  const int64_t now = clock_.NowUnixMs();
  if (row.status == "cancelled") {
    return FailedPrecondition("appointment_cancelled", "this appointment was cancelled");
  }
  if (row.status != "booked") {
    return FailedPrecondition("visit_ended", "this visit has already ended");
  }
  if (now < row.start_unix_ms - kCheckInEarlyMs) {
    return FailedPrecondition(
        "check_in_not_open",
        fmt::format("check-in opens {} minutes before the appointment",
                    kCheckInEarlyMs / kMillisecondsPerMinute));
  }
  if (now >= row.end_unix_ms) {
    return FailedPrecondition("appointment_over",
                              "the time of this appointment is over; please book again");
  }
  std::lock_guard lock(mutex_);
  ExpireLocked(now);
  Visit& visit = visits_[id];
  visit.clinician_user_id = row.clinician_user_id;
  visit.slot_ms = std::max<int64_t>(row.end_unix_ms - row.start_unix_ms, 0);
  const bool arriving = visit.sequence == 0 || visit.state == VisitState::kLeft;
  if (arriving) {
    visit.state = VisitState::kWaiting;
    visit.sequence = next_sequence_++;
    visit.checked_in_unix_ms = now;
    visit.acknowledged = false;
  }
  visit.device = device;
  visit.meeting = meeting;
  visit.last_seen_unix_ms = now;
  if (actor.role == kGuestRole) guests_invited_.insert(id);
  if (arriving) MC_RETURN_IF_ERROR(Audit(actor, "visit.check_in", row));
  return ViewLocked(row, loaded.staff, now);
}

StatusOr<VisitView> VisitDesk::Get(const Actor& actor, int64_t id) {
  MC_ASSIGN_OR_RETURN(Loaded loaded, Load(actor, id, "visit.read"));
  const int64_t now = clock_.NowUnixMs();
  std::lock_guard lock(mutex_);
  ExpireLocked(now);
  auto found = visits_.find(id);
  if (loaded.patient_side && found != visits_.end() &&
      found->second.state != VisitState::kLeft) {
    found->second.last_seen_unix_ms = now;
  }
  if (loaded.staff && !loaded.patient_side) {
    MC_RETURN_IF_ERROR(Audit(actor, "visit.read", loaded.row));
  }
  return ViewLocked(loaded.row, loaded.staff, now);
}

StatusOr<VisitView> VisitDesk::Leave(const Actor& actor, int64_t id) {
  MC_ASSIGN_OR_RETURN(Loaded loaded, Load(actor, id, "visit.leave"));
  if (!loaded.patient_side) return Deny(actor, "visit.leave", loaded.row);
  const int64_t now = clock_.NowUnixMs();
  std::lock_guard lock(mutex_);
  MC_ASSIGN_OR_RETURN(Visit * waiting, WaitingLocked(id, now));
  waiting->state = VisitState::kLeft;
  MC_RETURN_IF_ERROR(Audit(actor, "visit.leave", loaded.row));
  return ViewLocked(loaded.row, loaded.staff, now);
}

StatusOr<VisitMessage> VisitDesk::PostMessage(const Actor& actor, int64_t id,
                                              const std::string& author_name,
                                              const std::string& text) {
  MC_ASSIGN_OR_RETURN(Loaded loaded, Load(actor, id, "visit.message"));
  if (text.empty() || text.size() > kMaxMessageBytes) {
    return InvalidArgument("invalid_message",
                           fmt::format("a message is 1 to {} bytes", kMaxMessageBytes));
  }
  const int64_t now = clock_.NowUnixMs();
  std::lock_guard lock(mutex_);
  auto found = visits_.find(id);
  if (found == visits_.end()) {
    return FailedPrecondition("not_checked_in", "the patient has not checked in");
  }
  Visit& visit = found->second;
  if (visit.messages.size() >= kMaxMessagesPerVisit) {
    return FailedPrecondition("too_many_messages", "this visit has too many messages");
  }
  VisitMessage message{next_message_id_++, loaded.patient_side ? "patient" : "staff",
                       author_name, text, now};
  visit.messages.push_back(message);
  if (loaded.patient_side) visit.last_seen_unix_ms = now;
  return message;
}

StatusOr<Dashboard> VisitDesk::DashboardFor(const Actor& actor) {
  if (!Can(actor.role, Capability::kClinicDashboard) || actor.user_id == 0) {
    MC_RETURN_IF_ERROR(audit_.Record(
        actor, {"visit.dashboard", "Appointment", "", AuditOutcome::kDenied}));
    return PermissionDenied("access_denied", "the clinic dashboard is for care staff");
  }
  const int64_t now = clock_.NowUnixMs();
  const int64_t today = scheduling_.TodayUnixMs();
  std::vector<std::string> departments;
  if (SeesDepartmentQueues(actor.role)) {
    MC_ASSIGN_OR_RETURN(departments, vault_.policy().StaffDepartments(actor.user_id));
  }
  const auto mine = [&](int64_t clinician_user_id, const std::string& department) {
    return clinician_user_id == actor.user_id ||
           std::find(departments.begin(), departments.end(), department) != departments.end();
  };
  AppointmentFilter filter;
  // Clinicians see their own list: let the store narrow it.
  if (departments.empty()) filter.clinician_user_id = actor.user_id;
  filter.start_from_unix_ms = today;
  filter.start_before_unix_ms = today + kMillisecondsPerDay;
  MC_ASSIGN_OR_RETURN(std::vector<AppointmentRow> all, store_.ListAppointments(filter));
  std::vector<AppointmentRow> rows;
  for (AppointmentRow& row : all) {
    if (mine(row.clinician_user_id, row.department)) rows.push_back(std::move(row));
  }
  Dashboard dashboard;
  std::set<int64_t> shown;
  for (AppointmentRow& row : rows) {
    shown.insert(row.id);
    const std::string name = scheduling_.ClinicianName(row.clinician_user_id);
    auto patient = users_.FindUserByPseudonym(row.patient_pseudonym);
    dashboard.today_patient_names.push_back(patient.ok() ? patient->display_name : "");
    dashboard.today.push_back({std::move(row), name, ""});
  }
  std::lock_guard lock(mutex_);
  ExpireLocked(now);
  std::vector<std::pair<int64_t, int64_t>> order;  // sequence, id
  for (const auto& [id, visit] : visits_) {
    if (visit.state == VisitState::kWaiting || visit.state == VisitState::kAdmitted) {
      order.emplace_back(visit.sequence, id);
    }
  }
  std::sort(order.begin(), order.end());
  for (const auto& [sequence, id] : order) {
    auto row = store_.FindAppointment(id);
    if (!row.ok() || !mine(row->clinician_user_id, row->department)) continue;
    shown.insert(id);
    VisitView view = ViewLocked(*row, true, now);
    if (view.state == VisitState::kWaiting && !view.acknowledged) ++dashboard.unacknowledged;
    dashboard.queue.push_back(std::move(view));
  }
  // Who saw which patients: one audit record whenever the set changes.
  std::set<int64_t>& seen = dashboard_seen_[actor.user_id];
  if (seen != shown) {
    MC_RETURN_IF_ERROR(audit_.Record(
        actor, {"visit.dashboard",
                fmt::format("Practitioner/{}/Appointment", actor.user_id), "",
                AuditOutcome::kSuccess}));
    seen = std::move(shown);
  }
  return dashboard;
}

StatusOr<VisitView> VisitDesk::Acknowledge(const Actor& actor, int64_t id) {
  MC_ASSIGN_OR_RETURN(Loaded loaded, Load(actor, id, "visit.acknowledge"));
  if (!loaded.staff) return Deny(actor, "visit.acknowledge", loaded.row);
  const int64_t now = clock_.NowUnixMs();
  std::lock_guard lock(mutex_);
  auto found = visits_.find(id);
  if (found == visits_.end()) {
    return FailedPrecondition("not_checked_in", "the patient has not checked in");
  }
  found->second.acknowledged = true;
  return ViewLocked(loaded.row, true, now);
}

StatusOr<VisitView> VisitDesk::Admit(const Actor& actor, int64_t id) {
  MC_ASSIGN_OR_RETURN(Loaded loaded, Load(actor, id, "visit.admit"));
  if (!loaded.own_clinician) return Deny(actor, "visit.admit", loaded.row);
  const int64_t now = clock_.NowUnixMs();
  std::lock_guard lock(mutex_);
  MC_ASSIGN_OR_RETURN(Visit * waiting, WaitingLocked(id, now));
  int64_t patient_user_id = 0;
  if (auto patient = users_.FindUserByPseudonym(loaded.row.patient_pseudonym); patient.ok()) {
    patient_user_id = patient->id;
  }
  MC_ASSIGN_OR_RETURN(std::string room,
                      rooms_.Open({RoomTemplate(loaded.row, waiting->meeting.place), patient_user_id,
                                   loaded.row.clinician_user_id, GuestPurpose(id)}));
  Visit& visit = *waiting;
  visit.state = VisitState::kAdmitted;
  visit.room = std::move(room);
  visit.admitted_unix_ms = now;
  visit.acknowledged = true;
  MC_RETURN_IF_ERROR(Audit(actor, "visit.admit", loaded.row));
  return ViewLocked(loaded.row, true, now);
}

StatusOr<VisitView> VisitDesk::Defer(const Actor& actor, int64_t id, int minutes) {
  MC_ASSIGN_OR_RETURN(Loaded loaded, Load(actor, id, "visit.defer"));
  if (!loaded.staff) return Deny(actor, "visit.defer", loaded.row);
  if (minutes < 1 || minutes > kMaxDeferMinutes) {
    return InvalidArgument("invalid_minutes",
                           fmt::format("defer by 1 to {} minutes", kMaxDeferMinutes));
  }
  const int64_t now = clock_.NowUnixMs();
  std::lock_guard lock(mutex_);
  MC_ASSIGN_OR_RETURN(Visit * waiting, WaitingLocked(id, now));
  Visit& visit = *waiting;
  visit.sequence = next_sequence_++;
  if (visit.messages.size() < kMaxMessagesPerVisit) {
    visit.messages.push_back(
        {next_message_id_++, "staff", "Front desk",
         fmt::format("Thank you for waiting. We will see you in about {} minutes; "
                     "please stay on this page.",
                     minutes),
         now});
  }
  MC_RETURN_IF_ERROR(Audit(actor, "visit.defer", loaded.row));
  return ViewLocked(loaded.row, true, now);
}

StatusOr<VisitView> VisitDesk::MarkNoShow(const Actor& actor, int64_t id) {
  MC_ASSIGN_OR_RETURN(Loaded loaded, Load(actor, id, "visit.no_show"));
  if (!loaded.staff || !IsCareRole(actor.role)) {
    return Deny(actor, "visit.no_show", loaded.row);
  }
  const int64_t now = clock_.NowUnixMs();
  std::lock_guard lock(mutex_);
  auto found = visits_.find(id);
  if (found != visits_.end() && found->second.state == VisitState::kAdmitted) {
    return FailedPrecondition("visit_in_progress", "this patient was admitted");
  }
  MC_ASSIGN_OR_RETURN(Appointment concluded, scheduling_.Conclude(actor, id, "noshow"));
  if (found != visits_.end()) found->second.state = VisitState::kNoShow;
  return ViewLocked(concluded.index, true, now);
}

StatusOr<IssuedVisitLink> VisitDesk::Invite(const Actor& actor, int64_t id) {
  MC_ASSIGN_OR_RETURN(Loaded loaded, Load(actor, id, "visit.invite"));
  if (!loaded.own_clinician) return Deny(actor, "visit.invite", loaded.row);
  if (loaded.row.status != "booked") {
    return FailedPrecondition("visit_ended", "this visit has already ended");
  }
  const int64_t now = clock_.NowUnixMs();
  const int64_t lifetime = std::max<int64_t>(loaded.row.end_unix_ms - now, 0) +
                           60 * kMillisecondsPerMinute;
  MC_ASSIGN_OR_RETURN(IssuedVisitLink link,
                      visit_links_.Issue(actor, GuestPurpose(id), lifetime));
  std::lock_guard lock(mutex_);
  guests_invited_.insert(id);
  return link;
}

StatusOr<EndedVisit> VisitDesk::End(const Actor& actor, int64_t id, const EndOfVisit& end) {
  MC_ASSIGN_OR_RETURN(Loaded loaded, Load(actor, id, "visit.end"));
  if (!loaded.own_clinician) return Deny(actor, "visit.end", loaded.row);
  if (end.note.empty() || end.note.size() > kMaxNoteBytes) {
    return InvalidArgument("invalid_note",
                           fmt::format("the note is 1 to {} bytes", kMaxNoteBytes));
  }
  if (end.summary.size() > kMaxSummaryBytes) {
    return InvalidArgument("invalid_summary",
                           fmt::format("the summary is at most {} bytes", kMaxSummaryBytes));
  }
  const int64_t now = clock_.NowUnixMs();
  std::lock_guard lock(mutex_);
  auto found = visits_.find(id);
  if (found == visits_.end() || found->second.state != VisitState::kAdmitted) {
    return FailedPrecondition("not_admitted", "this visit is not in progress");
  }
  Visit& visit = found->second;
  const AppointmentRow& row = loaded.row;
  VisitView view = ViewLocked(row, true, now);
  MC_ASSIGN_OR_RETURN(
      VaultRecord encounter,
      vault_.Put(actor, row.patient_pseudonym, kEncounterRecordType, "",
                 EncounterDocument(row, view.department_name, view.clinician_name,
                                   visit.admitted_unix_ms, now,
                                   guests_invited_.count(id) > 0)));
  const json note = {{"encounter", encounter.id},
                     {"appointment", "Appointment/" + row.record_id},
                     {"author", fmt::format("Practitioner/{}", actor.user_id)},
                     {"text", end.note},
                     {"summary", end.summary},
                     {"share_summary", end.share_summary}};
  MC_ASSIGN_OR_RETURN(VaultRecord note_record,
                      vault_.Put(actor, row.patient_pseudonym, kNoteRecordType, "", note.dump()));
  MC_RETURN_IF_ERROR(scheduling_.Conclude(actor, id, "fulfilled").status());
  // Closing can only fail when the room is already gone; the visit is over
  // either way.
  (void)rooms_.Close(visit.room);
  visit.state = VisitState::kEnded;
  visit.room.clear();
  visit.messages.clear();
  MC_RETURN_IF_ERROR(Audit(actor, "visit.end", row));
  EndedVisit ended;
  ended.encounter = EncounterOf(encounter);
  ended.note_id = note_record.id;
  loaded.row.status = "fulfilled";
  ended.visit = ViewLocked(loaded.row, true, now);
  return ended;
}

StatusOr<std::optional<VaultRecord>> VisitDesk::FindEncounter(const Actor& actor,
                                                              const AppointmentRow& row) {
  MC_ASSIGN_OR_RETURN(std::vector<VaultRecord> encounters,
                      vault_.List(actor, row.patient_pseudonym, kEncounterRecordType));
  for (VaultRecord& record : encounters) {
    if (RefersTo(record, "/appointment/0/reference", "Appointment/" + row.record_id)) {
      return std::optional<VaultRecord>(std::move(record));
    }
  }
  return std::optional<VaultRecord>();
}

StatusOr<VisitSummary> VisitDesk::Summary(const Actor& actor, int64_t id) {
  MC_ASSIGN_OR_RETURN(Loaded loaded, Load(actor, id, "visit.summary"));
  MC_ASSIGN_OR_RETURN(std::optional<VaultRecord> encounter, FindEncounter(actor, loaded.row));
  if (!encounter) {
    return NotFound("summary_not_found", "this visit has no summary yet");
  }
  VisitSummary summary;
  summary.encounter = EncounterOf(*encounter);
  MC_ASSIGN_OR_RETURN(std::vector<VaultRecord> notes,
                      vault_.List(actor, loaded.row.patient_pseudonym, kNoteRecordType));
  for (const VaultRecord& record : notes) {
    if (!RefersTo(record, "/encounter", encounter->id)) continue;
    const json note = json::parse(record.json, nullptr, false);
    if (note.is_object() && note.value("share_summary", false)) {
      summary.summary = note.value("summary", "");
    }
  }
  std::lock_guard lock(mutex_);
  summary.visit = ViewLocked(loaded.row, loaded.staff, clock_.NowUnixMs());
  return summary;
}

}  // namespace mc::care
