#include "care/scheduling.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <utility>

#include "core/roles.h"

namespace mc::care {
namespace {

using nlohmann::json;

constexpr int64_t kVisitLinkGraceMs = 60 * kMillisecondsPerMinute;
constexpr int64_t kListLimit = 500;

std::string AppointmentResource(int64_t id) {
  return fmt::format("Appointment/{}", id);
}

// The vault document: a FHIR R4 Appointment, so that the FHIR API can serve
// it as is. Patients are referred to by pseudonym only.
std::string AppointmentDocument(const AppointmentRow& row,
                                const std::string& reason) {
  json document = {
      {"resourceType", "Appointment"},
      {"id", std::to_string(row.id)},
      {"status", row.status},
      {"serviceType", {{{"text", row.department}}}},
      {"start", FormatIsoUtc(row.start_unix_ms)},
      {"end", FormatIsoUtc(row.end_unix_ms)},
      {"slot", {{{"reference", "Slot/" + row.slot}}}},
      {"created", FormatIsoUtc(row.created_unix_ms)},
      {"participant",
       {{{"actor", {{"reference", "Patient/" + row.patient_pseudonym}}},
         {"status", "accepted"}},
        {{"actor",
          {{"reference",
            fmt::format("Practitioner/{}", row.clinician_user_id)}}},
         {"status", "accepted"}}}}};
  if (!reason.empty()) document["comment"] = reason;
  if (row.status == "cancelled") {
    document["cancelationReason"] = {{"text", "cancelled through MetaClinic"}};
  }
  return document.dump();
}

std::string ReasonOf(const std::string& document_text) {
  const json document = json::parse(document_text, nullptr, false);
  if (!document.is_object()) return "";
  auto comment = document.find("comment");
  return comment != document.end() && comment->is_string()
             ? comment->get<std::string>()
             : std::string();
}

}  // namespace

Scheduling::Scheduling(SchedulingStore& store, UserStore& users, Vault& vault,
                       AuditLog& audit, VisitLinks& visit_links, const Clock& clock,
                       SchedulingOptions options)
    : store_(store),
      users_(users),
      vault_(vault),
      audit_(audit),
      visit_links_(visit_links),
      clock_(clock),
      options_(options) {}

int64_t Scheduling::TodayUnixMs() const {
  const int64_t now = clock_.NowUnixMs();
  return now - now % kMillisecondsPerDay;
}

std::string Scheduling::ClinicianName(int64_t user_id) {
  auto user = users_.FindUserById(user_id);
  return user.ok() ? user->display_name : std::string();
}

Status Scheduling::Deny(const Actor& actor, const std::string& action,
                        const std::string& resource,
                        const std::string& pseudonym) {
  MC_RETURN_IF_ERROR(audit_.Record(
      actor, {action, resource, pseudonym, AuditOutcome::kDenied}));
  return PermissionDenied("access_denied",
                          "you are not allowed to do this with appointments");
}

StatusOr<std::vector<Department>> Scheduling::ListDepartments() {
  MC_ASSIGN_OR_RETURN(std::vector<DepartmentRow> rows,
                      store_.ListDepartments());
  MC_ASSIGN_OR_RETURN(std::vector<AvailabilityRow> rules,
                      store_.ListAvailability(""));
  std::vector<Department> departments;
  for (DepartmentRow& row : rows) {
    Department department{std::move(row), {}};
    for (const AvailabilityRow& rule : rules) {
      if (rule.department != department.department.slug) continue;
      auto& clinicians = department.clinicians;
      if (clinicians.empty() ||
          clinicians.back().user_id != rule.clinician_user_id) {
        clinicians.push_back({rule.clinician_user_id,
                              ClinicianName(rule.clinician_user_id),
                              {}});
      }
      clinicians.back().availability.push_back(rule);
    }
    departments.push_back(std::move(department));
  }
  return departments;
}

StatusOr<std::vector<OpenSlot>> Scheduling::OpenSlots(
    const std::string& department, int64_t from_unix_ms, int64_t to_unix_ms) {
  if (to_unix_ms <= from_unix_ms) {
    return InvalidArgument("invalid_range", "'to' must be after 'from'");
  }
  if (to_unix_ms - from_unix_ms > kMaxSlotRangeDays * kMillisecondsPerDay) {
    return InvalidArgument(
        "range_too_long",
        fmt::format("ask for at most {} days of slots", kMaxSlotRangeDays));
  }
  const int64_t from = std::max(from_unix_ms, clock_.NowUnixMs() + 1);
  MC_ASSIGN_OR_RETURN(const DepartmentCalendar calendar, CalendarOf(department, from));
  MC_ASSIGN_OR_RETURN(std::vector<AvailabilityRow> rules,
                      store_.ListAvailability(department));
  if (from >= to_unix_ms) return std::vector<OpenSlot>();
  // A slot is taken by any appointment that is not cancelled: a visit held
  // (fulfilled) or missed (noshow) before its start still holds it, as the
  // store's unique index does, so listing it would offer a time that booking
  // refuses with slot_taken.
  AppointmentFilter filter;
  filter.start_from_unix_ms = from;
  filter.start_before_unix_ms = to_unix_ms;
  filter.limit = 1'000'000;
  MC_ASSIGN_OR_RETURN(std::vector<AppointmentRow> held,
                      store_.ListAppointments(filter));
  std::set<std::pair<int64_t, int64_t>> taken;
  for (const AppointmentRow& row : held) {
    if (row.status == "cancelled") continue;
    taken.emplace(row.clinician_user_id, row.start_unix_ms);
  }
  std::map<int64_t, std::string> names;
  std::vector<OpenSlot> slots;
  for (const SlotTime& slot : ExpandRules(rules, from, to_unix_ms, calendar)) {
    const int64_t clinician = slot.key.clinician_user_id;
    if (taken.count({clinician, slot.key.start_unix_ms}) > 0) continue;
    auto name = names.find(clinician);
    if (name == names.end()) {
      name = names.emplace(clinician, ClinicianName(clinician)).first;
    }
    slots.push_back({SlotId(slot.key), slot.key.department, clinician,
                     name->second, slot.key.start_unix_ms, slot.end_unix_ms});
  }
  return slots;
}

StatusOr<std::string> Scheduling::ResolvePatient(const Actor& actor,
                                                 const std::string& patient) {
  if (actor.role == "patient") {
    if (patient.empty() || patient == actor.patient_pseudonym) {
      return actor.patient_pseudonym;
    }
    auto self = users_.FindUserById(actor.user_id);
    if (self.ok() && self->login == patient) return actor.patient_pseudonym;
    return Deny(actor, "appointment.book", "", "");
  }
  if (!IsCareRole(actor.role)) return Deny(actor, "appointment.book", "", "");
  if (patient.empty()) {
    return InvalidArgument("patient_required",
                           "give the patient's login or pseudonym");
  }
  std::string login = patient;
  std::transform(login.begin(), login.end(), login.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  auto user = users_.FindUserByLogin(login);
  if (user.ok() && user->role == "patient" && !user->disabled &&
      !user->patient_pseudonym.empty()) {
    return user->patient_pseudonym;
  }
  auto subject = vault_.Subject(patient);
  if (subject.ok() && !subject->erased) return subject->pseudonym;
  return NotFound("patient_not_found", "no patient with that login or id");
}

StatusOr<DepartmentCalendar> Scheduling::CalendarOf(const std::string& department,
                                                    int64_t from_unix_ms) {
  MC_ASSIGN_OR_RETURN(std::vector<DepartmentRow> departments, store_.ListDepartments());
  auto found = std::find_if(departments.begin(), departments.end(),
                            [&](const DepartmentRow& row) { return row.slug == department; });
  if (found == departments.end()) {
    return NotFound("department_not_found", "no such department");
  }
  DepartmentCalendar calendar;
  // A zone the tz database no longer knows falls back to UTC rather than
  // closing the department (the console validates every zone it saves).
  if (auto zone = LoadTimeZone(found->time_zone); zone.ok()) calendar.zone = *zone;
  MC_ASSIGN_OR_RETURN(std::vector<DayOffRow> days_off,
                      store_.ListDaysOff(FormatIsoDate(from_unix_ms - 2 * kMillisecondsPerDay)));
  for (const DayOffRow& day_off : days_off) {
    calendar.days_off.emplace(day_off.clinician_user_id, day_off.day);
  }
  return calendar;
}

StatusOr<std::pair<AvailabilityRow, int64_t>> Scheduling::RuleFor(const SlotKey& key) {
  MC_ASSIGN_OR_RETURN(const DepartmentCalendar calendar,
                      CalendarOf(key.department, key.start_unix_ms));
  MC_ASSIGN_OR_RETURN(std::vector<AvailabilityRow> rules,
                      store_.ListAvailability(key.department));
  for (const AvailabilityRow& rule : rules) {
    if (const int64_t end = SlotEndUnder(rule, key, calendar); end != 0) {
      return std::make_pair(rule, end);
    }
  }
  return NotFound("slot_not_found", "no clinician offers that slot");
}

StatusOr<Booking> Scheduling::Book(const Actor& actor,
                                   const BookingRequest& request) {
  MC_ASSIGN_OR_RETURN(const std::string pseudonym,
                      ResolvePatient(actor, request.patient));
  if (request.issue_visit_link && !IsCareRole(actor.role)) {
    return Deny(actor, "appointment.book", "", pseudonym);
  }
  if (request.reason.size() > kMaxReasonBytes) {
    return InvalidArgument(
        "invalid_reason",
        fmt::format("the reason is at most {} bytes", kMaxReasonBytes));
  }
  MC_ASSIGN_OR_RETURN(const SlotKey key, ParseSlotId(request.slot));
  MC_ASSIGN_OR_RETURN(const auto rule_and_end, RuleFor(key));
  const int64_t now = clock_.NowUnixMs();
  if (key.start_unix_ms <= now) {
    return FailedPrecondition("slot_in_past", "that slot has already begun");
  }
  if (key.start_unix_ms > now + kBookingHorizonDays * kMillisecondsPerDay) {
    return InvalidArgument(
        "slot_too_far",
        fmt::format("book at most {} days ahead", kBookingHorizonDays));
  }
  // Bounds what one account can hold; two bookings racing past the count
  // exceed it by at most the number of concurrent requests.
  AppointmentFilter open;
  open.patient_pseudonym = pseudonym;
  open.booked_only = true;
  open.start_from_unix_ms = now;
  open.limit = options_.open_bookings_per_patient;
  MC_ASSIGN_OR_RETURN(std::vector<AppointmentRow> held, store_.ListAppointments(open));
  if (static_cast<int64_t>(held.size()) >= options_.open_bookings_per_patient) {
    return FailedPrecondition(
        "too_many_bookings",
        fmt::format("a patient may hold at most {} upcoming appointments; cancel one first",
                    options_.open_bookings_per_patient));
  }
  AppointmentRow row;
  row.slot = SlotId(key);
  row.department = key.department;
  row.clinician_user_id = key.clinician_user_id;
  row.start_unix_ms = key.start_unix_ms;
  row.end_unix_ms = rule_and_end.second;
  row.status = "booked";
  row.patient_pseudonym = pseudonym;
  row.booked_by_user_id = actor.user_id;
  row.created_unix_ms = now;
  row.updated_unix_ms = now;
  auto id = store_.CreateAppointment(row);
  if (!id.ok()) {
    MC_RETURN_IF_ERROR(
        audit_.Record(actor, {"appointment.book", "Slot/" + row.slot, pseudonym,
                              AuditOutcome::kFailure}));
    return id.status();
  }
  row.id = *id;
  auto record = vault_.Put(actor, pseudonym, kAppointmentRecordType, "",
                           AppointmentDocument(row, request.reason));
  if (!record.ok()) {
    store_.DeleteAppointment(row.id).IgnoreError();
    return record.status();
  }
  row.record_id = record->id;
  MC_RETURN_IF_ERROR(store_.SetAppointmentRecord(row.id, row.record_id, now));
  Booking booking;
  booking.appointment = {row, ClinicianName(row.clinician_user_id),
                         request.reason, *record};
  if (request.issue_visit_link) {
    const int64_t lifetime_ms =
        std::clamp(row.end_unix_ms + kVisitLinkGraceMs - now,
                   kMillisecondsPerMinute, VisitLinks::kMaxLifetimeMs);
    MC_ASSIGN_OR_RETURN(
        booking.visit_link,
        visit_links_.Issue(actor, fmt::format("appointment:{}", row.id), lifetime_ms,
                           /*as_booker=*/true));
  }
  return booking;
}

StatusOr<Appointment> Scheduling::Cancel(const Actor& actor, int64_t id) {
  const std::string resource = AppointmentResource(id);
  auto found = store_.FindAppointment(id);
  if (!found.ok()) {
    MC_RETURN_IF_ERROR(audit_.Record(
        actor, {"appointment.cancel", resource, "", AuditOutcome::kFailure}));
    return found.status();
  }
  AppointmentRow row = *std::move(found);
  // The patient, or care staff the care policy lets change the patient's
  // appointments (an active care relationship, not merely a staff role).
  MC_ASSIGN_OR_RETURN(Decision decision,
                      vault_.policy().Decide(actor, kAppointmentRecordType,
                                             row.patient_pseudonym, Interaction::kUpdate,
                                             actor.break_glass_reason));
  if (!decision.allowed) {
    return Deny(actor, "appointment.cancel", resource, row.patient_pseudonym);
  }
  if (row.status != "booked") {
    return FailedPrecondition("appointment_cancelled",
                              "this appointment is already cancelled");
  }
  if (row.start_unix_ms <= clock_.NowUnixMs()) {
    return FailedPrecondition("appointment_started",
                              "an appointment that has begun cannot be "
                              "cancelled");
  }
  return Close(actor, std::move(row), "cancelled");
}

StatusOr<Appointment> Scheduling::Conclude(const Actor& actor, int64_t id,
                                           const std::string& status) {
  if (status != "fulfilled" && status != "noshow") {
    return InvalidArgument("invalid_status",
                           "an appointment concludes as fulfilled or noshow");
  }
  const std::string resource = AppointmentResource(id);
  MC_ASSIGN_OR_RETURN(AppointmentRow row, store_.FindAppointment(id));
  if (!IsCareRole(actor.role)) {
    return Deny(actor, "appointment." + status, resource, row.patient_pseudonym);
  }
  if (row.status != "booked") {
    return FailedPrecondition("appointment_not_booked",
                              "this appointment is no longer booked");
  }
  return Close(actor, std::move(row), status);
}

StatusOr<Appointment> Scheduling::Close(const Actor& actor, AppointmentRow row,
                                        const std::string& status) {
  const int64_t now = clock_.NowUnixMs();
  row.status = status;
  row.updated_unix_ms = now;
  Appointment appointment{row, ClinicianName(row.clinician_user_id), "", std::nullopt};
  // The record is written while the appointment still makes the care
  // relationship the vault checks (a cancelled one no longer does). One
  // vault operation (one audit record): read the reason, write the status.
  if (!row.record_id.empty()) {
    MC_ASSIGN_OR_RETURN(appointment.record,
                        vault_.Update(actor, row.record_id, [&](json& document) -> Status {
                          appointment.reason = ReasonOf(document.dump());
                          document = json::parse(AppointmentDocument(row, appointment.reason));
                          return Status();
                        }));
  }
  // A concurrent close that won leaves the record one version ahead of the
  // index; the index (status) is the authority for scheduling.
  MC_RETURN_IF_ERROR(store_.CloseAppointment(row.id, status, now));
  return appointment;
}

StatusOr<std::vector<Appointment>> Scheduling::ListMine(const Actor& actor) {
  if (actor.user_id == 0) return Deny(actor, "appointment.list", "", "");
  AppointmentFilter filter;
  filter.limit = kListLimit;
  std::vector<Appointment> appointments;
  if (actor.role == "patient") {
    filter.patient_pseudonym = actor.patient_pseudonym;
    MC_ASSIGN_OR_RETURN(std::vector<AppointmentRow> rows,
                        store_.ListAppointments(filter));
    MC_ASSIGN_OR_RETURN(
        std::vector<VaultRecord> records,
        vault_.List(actor, actor.patient_pseudonym, kAppointmentRecordType));
    std::map<std::string, std::string> reasons;
    for (const VaultRecord& record : records) {
      reasons[record.id] = ReasonOf(record.json);
    }
    for (AppointmentRow& row : rows) {
      std::string reason = reasons[row.record_id];
      const std::string name = ClinicianName(row.clinician_user_id);
      appointments.push_back({std::move(row), name, std::move(reason)});
    }
    return appointments;
  }
  filter.clinician_user_id = actor.user_id;
  MC_ASSIGN_OR_RETURN(std::vector<AppointmentRow> rows,
                      store_.ListAppointments(filter));
  MC_RETURN_IF_ERROR(audit_.Record(
      actor, {"appointment.schedule",
              fmt::format("Practitioner/{}/Appointment", actor.user_id), "",
              AuditOutcome::kSuccess}));
  const std::string name = ClinicianName(actor.user_id);
  for (AppointmentRow& row : rows) {
    appointments.push_back({std::move(row), name, ""});
  }
  return appointments;
}

}  // namespace mc::care
