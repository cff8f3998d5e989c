// Scheduling: departments, clinicians' weekly availability, open slots, and
// appointments booked and cancelled by patients or by care staff for them.
//
// An appointment is two things written in order: a row in the plaintext
// appointment index (store.h AppointmentRow: slot, clinician, times, status,
// pseudonym) and an encrypted vault record of type "Appointment" under the
// patient's pseudonym, a FHIR-shaped Appointment document that also holds
// what must not be plaintext (the reason for the visit). The index row is
// inserted first: its partial unique index (one booked appointment per
// clinician and start) is what settles concurrent bookings, so exactly one
// of any number of racing requests for a slot wins; a loser gets
// AlreadyExists ("slot_taken", HTTP 409). When the vault write then fails,
// the row is removed again.
//
// Auditing: every booking, cancellation and read of appointment details goes
// through the vault, which appends one audit record per vault operation; a
// refused or lost booking and a clinician's schedule read (index only) are
// recorded through the AuditLog directly.
//
// Times are UTC; availability rules are in minutes after local midnight in
// their department's time zone (slot_calendar.h); ScheduleAdmin edits them.
//
// Threading: thread-safe (no state of its own); methods block on the store.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "auth/visit_links.h"
#include "care/slot_calendar.h"
#include "core/clock.h"
#include "core/status.h"
#include "records/actor.h"
#include "records/audit_log.h"
#include "records/vault.h"
#include "store/scheduling_store.h"
#include "store/user_store.h"

namespace mc::care {

inline constexpr int64_t kMaxSlotRangeDays = 31;
inline constexpr int64_t kBookingHorizonDays = 90;
inline constexpr size_t kMaxReasonBytes = 1000;
inline constexpr char kAppointmentRecordType[] = "Appointment";

struct Clinician {
  int64_t user_id = 0;
  std::string name;
  std::vector<AvailabilityRow> availability;
};

struct Department {
  DepartmentRow department;
  std::vector<Clinician> clinicians;
};

struct OpenSlot {
  std::string id;  // see slot_calendar.h SlotId
  std::string department;
  int64_t clinician_user_id = 0;
  std::string clinician_name;
  int64_t start_unix_ms = 0;
  int64_t end_unix_ms = 0;
};

struct Appointment {
  AppointmentRow index;
  std::string clinician_name;
  // The reason for the visit, from the vault record; "" when none was given
  // or the details were not read (a clinician's schedule lists the index).
  std::string reason;
  // The vault record as written by Book, Cancel or Conclude (for the FHIR
  // API); absent for listings.
  std::optional<VaultRecord> record;
};

struct BookingRequest {
  std::string slot;
  // For care staff: the patient's login or pseudonym (required). For a
  // patient: empty, their own login or their own pseudonym.
  std::string patient;
  std::string reason;  // optional, at most kMaxReasonBytes
  // Care staff only: also issue a visit link "appointment:<id>" that lets a
  // guest without an account join the visit.
  bool issue_visit_link = false;
};

struct Booking {
  Appointment appointment;
  std::optional<IssuedVisitLink> visit_link;
};

struct SchedulingOptions {
  // Booked appointments in the future one patient may hold at once.
  int64_t open_bookings_per_patient = 10;
};

class Scheduling {
 public:
  Scheduling(SchedulingStore& store, UserStore& users, Vault& vault, AuditLog& audit,
             VisitLinks& visit_links, const Clock& clock, SchedulingOptions options = {});

  // 00:00 UTC of the current day.
  int64_t TodayUnixMs() const;

  // Every department with the clinicians who have availability in it.
  StatusOr<std::vector<Department>> ListDepartments();

  // The bookable slots of `department` starting in [from_unix_ms,
  // to_unix_ms) and after now, in start order: those no appointment holds
  // (a cancelled one frees its slot; a fulfilled or missed one does not). NotFound ("department_not_found");
  // InvalidArgument ("invalid_range" when to <= from, "range_too_long" over
  // kMaxSlotRangeDays).
  StatusOr<std::vector<OpenSlot>> OpenSlots(const std::string& department,
                                            int64_t from_unix_ms,
                                            int64_t to_unix_ms);

  // Books `request.slot`. InvalidArgument ("invalid_slot", "invalid_reason",
  // "patient_required", "slot_too_far"); NotFound ("slot_not_found",
  // "patient_not_found"); FailedPrecondition ("slot_in_past");
  // PermissionDenied ("access_denied") for roles that may not book, a
  // patient booking for someone else, or a patient asking for a visit link;
  // AlreadyExists ("slot_taken"); FailedPrecondition ("too_many_bookings")
  // when the patient already holds `open_bookings_per_patient` future ones.
  StatusOr<Booking> Book(const Actor& actor, const BookingRequest& request);

  // Cancels appointment `id`: the patient it is for, or care staff the care
  // policy lets change the patient's appointments (an active relationship).
  // NotFound ("appointment_not_found"); PermissionDenied ("access_denied");
  // FailedPrecondition ("appointment_cancelled", "appointment_started").
  StatusOr<Appointment> Cancel(const Actor& actor, int64_t id);

  // Ends a booked appointment as "fulfilled" (the visit took place) or
  // "noshow": care staff only. NotFound; PermissionDenied;
  // FailedPrecondition ("appointment_not_booked"); InvalidArgument
  // ("invalid_status").
  StatusOr<Appointment> Conclude(const Actor& actor, int64_t id,
                                 const std::string& status);

  // The display name of a user, "" when unknown.
  std::string ClinicianName(int64_t user_id);

  // A patient's own appointments (with details, from the vault), or a
  // clinician's own schedule (index only), in start order. PermissionDenied
  // for guests.
  StatusOr<std::vector<Appointment>> ListMine(const Actor& actor);

 private:
  StatusOr<std::string> ResolvePatient(const Actor& actor,
                                       const std::string& patient);
  // The rule that defines `key`'s slot, with the end of that slot.
  StatusOr<std::pair<AvailabilityRow, int64_t>> RuleFor(const SlotKey& key);
  // `department`'s time zone and its clinicians' days off (from the day
  // before `from_unix_ms` on). NotFound ("department_not_found").
  StatusOr<DepartmentCalendar> CalendarOf(const std::string& department, int64_t from_unix_ms);
  // Moves `row` from booked to `status` in the index and in its vault record.
  StatusOr<Appointment> Close(const Actor& actor, AppointmentRow row,
                              const std::string& status);
  Status Deny(const Actor& actor, const std::string& action,
              const std::string& resource, const std::string& pseudonym);

  SchedulingStore& store_;
  UserStore& users_;
  Vault& vault_;
  AuditLog& audit_;
  VisitLinks& visit_links_;
  const Clock& clock_;
  SchedulingOptions options_;
};

}  // namespace mc::care
