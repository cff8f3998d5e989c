// SchedulingStore: departments, weekly availability and the plaintext
// appointment index (the care module's tables; no clinical content).
// Part of the Store (store.h); see there for threading and the backends.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"

namespace mc {

struct DepartmentRow {
  std::string slug;  // e.g. "cardiology"
  std::string name;
  std::string time_zone = "UTC";  // IANA name; its rules are in its local time
};

// A weekly rule: `clinician_user_id` sees patients of `department` on ISO
// `weekday` (1 = Monday .. 7 = Sunday) from `start_minute` to `end_minute`
// (minutes after local midnight in the department's time zone), in slots of
// `slot_minutes`.
struct AvailabilityRow {
  int64_t clinician_user_id = 0;
  std::string department;
  int weekday = 1;
  int start_minute = 0;
  int end_minute = 0;
  int slot_minutes = 30;
};

// A day on which none of a clinician's rules makes slots ("YYYY-MM-DD",
// read in each department's own calendar).
struct DayOffRow {
  int64_t clinician_user_id = 0;
  std::string day;
  std::string reason;
};

// The plaintext index of one appointment; its details are the vault record
// `record_id` (type "Appointment") of `patient_pseudonym`.
struct AppointmentRow {
  int64_t id = 0;
  std::string slot;  // the slot id it was booked from
  std::string department;
  int64_t clinician_user_id = 0;
  int64_t start_unix_ms = 0;
  int64_t end_unix_ms = 0;
  std::string status;  // "booked", "cancelled", "fulfilled" or "noshow"
  std::string patient_pseudonym;
  std::string record_id;  // "" only while the booking is being written
  int64_t booked_by_user_id = 0;
  int64_t created_unix_ms = 0;
  int64_t updated_unix_ms = 0;
};

// Which appointments ListAppointments returns; empty / zero fields do not
// filter. Rows come in start order, at most `limit`.
struct AppointmentFilter {
  std::string patient_pseudonym;
  int64_t clinician_user_id = 0;
  std::string department;
  bool booked_only = false;
  int64_t start_from_unix_ms = 0;   // start >= this
  int64_t start_before_unix_ms = 0;  // start < this (0: no bound)
  int64_t limit = 1000;
};

// The plaintext index of one case review (a meeting of clinicians around a
// patient's images); its question, summary and annotations are the vault
// record `record_id` (type "CaseReview") of `patient_pseudonym`. Members
// are the invited colleagues (not the creator).
struct CaseReviewRow {
  std::string id;  // 32 hex digits
  std::string patient_pseudonym;
  std::string record_id;
  int64_t created_by_user_id = 0;
  int64_t starts_unix_ms = 0;
  int64_t ends_unix_ms = 0;
  std::string status;  // "scheduled" or "closed"
  int64_t created_unix_ms = 0;
  std::vector<int64_t> member_user_ids;
};

class SchedulingStore {
 public:
  virtual ~SchedulingStore() = default;

  // ---- departments ----
  // Inserts or updates name and time zone (the caller checks the zone).
  virtual Status UpsertDepartment(const DepartmentRow& department) = 0;
  virtual StatusOr<std::vector<DepartmentRow>> ListDepartments() = 0;

  // ---- scheduling ----
  // Adds a weekly availability rule. InvalidArgument ("invalid_availability")
  // when it breaks the row's ranges or names an unknown user or department;
  // AlreadyExists ("availability_exists") for a duplicate start.
  virtual Status AddAvailability(const AvailabilityRow& rule) = 0;
  // Rules of `department` ("" = all), by department, clinician, weekday.
  virtual StatusOr<std::vector<AvailabilityRow>> ListAvailability(
      const std::string& department) = 0;
  // Removes the rule of that clinician, department, weekday and start.
  // NotFound ("availability_not_found").
  virtual Status RemoveAvailability(const AvailabilityRow& rule) = 0;

  // ---- days off ----
  // InvalidArgument ("invalid_day_off") for an unknown clinician or a day
  // that is not YYYY-MM-DD; AlreadyExists ("day_off_exists").
  virtual Status AddDayOff(const DayOffRow& day_off) = 0;
  // NotFound ("day_off_not_found").
  virtual Status RemoveDayOff(int64_t clinician_user_id, const std::string& day) = 0;
  // Every day off from `from_day` on ("" = all), by day then clinician.
  virtual StatusOr<std::vector<DayOffRow>> ListDaysOff(const std::string& from_day) = 0;
  // Inserts a booked appointment (id ignored) and returns its id.
  // AlreadyExists ("slot_taken") when the clinician already has a booked
  // appointment starting then; the check and the insert are one statement,
  // so concurrent callers cannot both succeed.
  virtual StatusOr<int64_t> CreateAppointment(const AppointmentRow& row) = 0;
  // Links the vault record holding the appointment's details.
  virtual Status SetAppointmentRecord(int64_t id, const std::string& record_id,
                                      int64_t unix_ms) = 0;
  // Removes an appointment whose vault record could not be written.
  virtual Status DeleteAppointment(int64_t id) = 0;
  // NotFound ("appointment_not_found").
  virtual StatusOr<AppointmentRow> FindAppointment(int64_t id) = 0;
  // Moves a booked appointment to `status`: "cancelled" (frees its slot),
  // "fulfilled" (the visit took place) or "noshow". NotFound
  // ("appointment_not_found"); FailedPrecondition ("appointment_not_booked")
  // when it is no longer booked (a concurrent change won); InvalidArgument
  // ("invalid_status") for any other status.
  virtual Status CloseAppointment(int64_t id, const std::string& status,
                                  int64_t unix_ms) = 0;
  virtual StatusOr<std::vector<AppointmentRow>> ListAppointments(
      const AppointmentFilter& filter) = 0;

  // ---- case reviews ----
  // Inserts the review and its members in one transaction. InvalidArgument
  // ("unknown_member") when a member id names no account.
  virtual Status CreateCaseReview(const CaseReviewRow& row) = 0;
  // NotFound ("review_not_found").
  virtual StatusOr<CaseReviewRow> FindCaseReview(const std::string& id) = 0;
  // The reviews `user_id` created or is a member of, by start time.
  virtual StatusOr<std::vector<CaseReviewRow>> ListCaseReviews(int64_t user_id) = 0;
  // Moves a review to "closed". NotFound ("review_not_found").
  virtual Status CloseCaseReview(const std::string& id) = 0;
};

}  // namespace mc
