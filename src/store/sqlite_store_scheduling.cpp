// SqliteStore: the scheduling tables (availability rules, appointments).
#include <fmt/format.h>
#include <sqlite3.h>

#include <cstring>

#include "core/crypto.h"
#include "store/sqlite_statement.h"
#include "store/sqlite_store.h"

namespace mc {

using sqlite::AllRows;
using sqlite::SingleRow;
using sqlite::Statement;

namespace {

constexpr std::string_view kAppointmentColumns =
    "id, slot, department, clinician_user_id, start_unix_ms, end_unix_ms, "
    "status, patient_pseudonym, record_id, booked_by_user_id, "
    "created_unix_ms, updated_unix_ms";

// Appointment ids are random below 2^53 (exact in a browser's numbers), so
// one id tells nothing about the next (a guest's purpose names one). A
// collision (about one in 10^15 per booking) reads as "slot_taken".
int64_t RandomAppointmentId() {
  const std::string bytes = RandomBytes(sizeof(uint64_t));
  uint64_t value = 0;
  std::memcpy(&value, bytes.data(), sizeof(value));
  return static_cast<int64_t>(value % ((uint64_t{1} << 53) - 1)) + 1;
}

AppointmentRow ReadAppointment(Statement& statement) {
  AppointmentRow row;
  row.id = statement.Int(0);
  row.slot = statement.Text(1);
  row.department = statement.Text(2);
  row.clinician_user_id = statement.Int(3);
  row.start_unix_ms = statement.Int(4);
  row.end_unix_ms = statement.Int(5);
  row.status = statement.Text(6);
  row.patient_pseudonym = statement.Text(7);
  row.record_id = statement.Text(8);
  row.booked_by_user_id = statement.Int(9);
  row.created_unix_ms = statement.Int(10);
  row.updated_unix_ms = statement.Int(11);
  return row;
}

}  // namespace

Status SqliteStore::AddAvailability(const AvailabilityRow& rule) {
  std::lock_guard lock(mutex_);
  {
    // Foreign keys and CHECKs fail as the same constraint code as UNIQUE, so
    // the references are checked first to tell the two apart.
    Statement references(db_,
                         "SELECT (SELECT COUNT(*) FROM users WHERE id = ?) + "
                         "(SELECT COUNT(*) FROM departments WHERE slug = ?)");
    references.Bind(1, rule.clinician_user_id).Bind(2, rule.department);
    MC_ASSIGN_OR_RETURN(bool has_row, references.Step());
    if (!has_row || references.Int(0) != 2) {
      return InvalidArgument("invalid_availability",
                             "unknown clinician or department");
    }
  }
  if (rule.weekday < 1 || rule.weekday > 7 || rule.start_minute < 0 ||
      rule.end_minute > 1440 || rule.start_minute >= rule.end_minute ||
      rule.slot_minutes < 5 || rule.slot_minutes > 480) {
    return InvalidArgument("invalid_availability",
                           "weekday 1-7, 0 <= start < end <= 1440, slot 5-480");
  }
  Statement statement(
      db_,
      "INSERT INTO clinician_availability (clinician_user_id, department, "
      "weekday, start_minute, end_minute, slot_minutes) VALUES (?, ?, ?, ?, "
      "?, ?)");
  statement.Bind(1, rule.clinician_user_id)
      .Bind(2, rule.department)
      .Bind(3, int64_t{rule.weekday})
      .Bind(4, int64_t{rule.start_minute})
      .Bind(5, int64_t{rule.end_minute})
      .Bind(6, int64_t{rule.slot_minutes});
  Status status = statement.Run();
  if (status.code() == StatusCode::kAlreadyExists) {
    return AlreadyExists("availability_exists",
                         "the clinician already has a rule starting then");
  }
  return status;
}

StatusOr<std::vector<AvailabilityRow>> SqliteStore::ListAvailability(
    const std::string& department) {
  std::lock_guard lock(mutex_);
  Statement statement(
      db_,
      "SELECT clinician_user_id, department, weekday, start_minute, "
      "end_minute, slot_minutes FROM clinician_availability WHERE (? = '' OR "
      "department = ?) ORDER BY department, clinician_user_id, weekday, "
      "start_minute");
  statement.Bind(1, department).Bind(2, department);
  return AllRows<AvailabilityRow>(statement, [](Statement& row) {
    return AvailabilityRow{row.Int(0),
                           row.Text(1),
                           static_cast<int>(row.Int(2)),
                           static_cast<int>(row.Int(3)),
                           static_cast<int>(row.Int(4)),
                           static_cast<int>(row.Int(5))};
  });
}

Status SqliteStore::RemoveAvailability(const AvailabilityRow& rule) {
  std::lock_guard lock(mutex_);
  Statement statement(db_,
                      "DELETE FROM clinician_availability WHERE clinician_user_id = ? AND "
                      "department = ? AND weekday = ? AND start_minute = ?");
  statement.Bind(1, rule.clinician_user_id)
      .Bind(2, rule.department)
      .Bind(3, int64_t{rule.weekday})
      .Bind(4, int64_t{rule.start_minute});
  MC_RETURN_IF_ERROR(statement.Run());
  if (sqlite3_changes(db_) == 0) {
    return NotFound("availability_not_found", "no such weekly hours");
  }
  return Status();
}

Status SqliteStore::AddDayOff(const DayOffRow& day_off) {
  std::lock_guard lock(mutex_);
  {
    Statement user(db_, "SELECT COUNT(*) FROM users WHERE id = ?");
    user.Bind(1, day_off.clinician_user_id);
    MC_ASSIGN_OR_RETURN(bool has_row, user.Step());
    if (!has_row || user.Int(0) != 1 || day_off.day.size() != 10) {
      return InvalidArgument("invalid_day_off", "unknown clinician or a day not YYYY-MM-DD");
    }
  }
  Statement statement(
      db_, "INSERT INTO clinician_days_off (clinician_user_id, day, reason) VALUES (?, ?, ?)");
  statement.Bind(1, day_off.clinician_user_id).Bind(2, day_off.day).Bind(3, day_off.reason);
  Status status = statement.Run();
  if (status.code() == StatusCode::kAlreadyExists) {
    return AlreadyExists("day_off_exists", "that day is already a day off for them");
  }
  return status;
}

Status SqliteStore::RemoveDayOff(int64_t clinician_user_id, const std::string& day) {
  std::lock_guard lock(mutex_);
  Statement statement(db_,
                      "DELETE FROM clinician_days_off WHERE clinician_user_id = ? AND day = ?");
  statement.Bind(1, clinician_user_id).Bind(2, day);
  MC_RETURN_IF_ERROR(statement.Run());
  if (sqlite3_changes(db_) == 0) return NotFound("day_off_not_found", "no such day off");
  return Status();
}

StatusOr<std::vector<DayOffRow>> SqliteStore::ListDaysOff(const std::string& from_day) {
  std::lock_guard lock(mutex_);
  Statement statement(db_,
                      "SELECT clinician_user_id, day, reason FROM clinician_days_off "
                      "WHERE day >= ? ORDER BY day, clinician_user_id");
  statement.Bind(1, from_day);
  return AllRows<DayOffRow>(statement, [](Statement& row) {
    return DayOffRow{row.Int(0), row.Text(1), row.Text(2)};
  });
}

StatusOr<int64_t> SqliteStore::CreateAppointment(const AppointmentRow& row) {
  std::lock_guard lock(mutex_);
  Statement statement(
      db_,
      "INSERT INTO appointments (slot, department, clinician_user_id, "
      "start_unix_ms, end_unix_ms, status, patient_pseudonym, record_id, "
      "booked_by_user_id, created_unix_ms, updated_unix_ms, id) VALUES (?, ?, ?, "
      "?, ?, 'booked', ?, ?, ?, ?, ?, ?)");
  statement.Bind(1, row.slot)
      .Bind(2, row.department)
      .Bind(3, row.clinician_user_id)
      .Bind(4, row.start_unix_ms)
      .Bind(5, row.end_unix_ms)
      .Bind(6, row.patient_pseudonym)
      .Bind(7, row.record_id)
      .Bind(8, row.booked_by_user_id)
      .Bind(9, row.created_unix_ms)
      .Bind(10, row.updated_unix_ms)
      .Bind(11, RandomAppointmentId());
  Status status = statement.Run();
  if (status.code() == StatusCode::kAlreadyExists) {
    return AlreadyExists("slot_taken", "this slot has just been booked");
  }
  MC_RETURN_IF_ERROR(status);
  return sqlite3_last_insert_rowid(db_);
}

Status SqliteStore::SetAppointmentRecord(int64_t id,
                                         const std::string& record_id,
                                         int64_t unix_ms) {
  std::lock_guard lock(mutex_);
  Statement statement(db_,
                      "UPDATE appointments SET record_id = ?, "
                      "updated_unix_ms = ? WHERE id = ?");
  statement.Bind(1, record_id).Bind(2, unix_ms).Bind(3, id);
  MC_RETURN_IF_ERROR(statement.Run());
  if (sqlite3_changes(db_) == 0) {
    return NotFound("appointment_not_found", "no such appointment");
  }
  return Status();
}

Status SqliteStore::DeleteAppointment(int64_t id) {
  std::lock_guard lock(mutex_);
  Statement statement(db_, "DELETE FROM appointments WHERE id = ?");
  statement.Bind(1, id);
  return statement.Run();
}

StatusOr<AppointmentRow> SqliteStore::FindAppointment(int64_t id) {
  std::lock_guard lock(mutex_);
  Statement statement(db_,
                      fmt::format("SELECT {} FROM appointments WHERE id = ?",
                                  kAppointmentColumns));
  statement.Bind(1, id);
  return SingleRow<AppointmentRow>(statement, ReadAppointment,
                                   "appointment_not_found",
                                   "no such appointment");
}

Status SqliteStore::CloseAppointment(int64_t id, const std::string& status,
                                     int64_t unix_ms) {
  if (status != "cancelled" && status != "fulfilled" && status != "noshow") {
    return InvalidArgument("invalid_status", "no such appointment status");
  }
  std::lock_guard lock(mutex_);
  Statement statement(db_,
                      "UPDATE appointments SET status = ?, updated_unix_ms = ? "
                      "WHERE id = ? AND status = 'booked'");
  statement.Bind(1, status).Bind(2, unix_ms).Bind(3, id);
  MC_RETURN_IF_ERROR(statement.Run());
  if (sqlite3_changes(db_) > 0) return Status();
  Statement exists(db_, "SELECT COUNT(*) FROM appointments WHERE id = ?");
  exists.Bind(1, id);
  MC_ASSIGN_OR_RETURN(bool has_row, exists.Step());
  if (!has_row || exists.Int(0) == 0) {
    return NotFound("appointment_not_found", "no such appointment");
  }
  return FailedPrecondition("appointment_not_booked",
                            "this appointment is no longer booked");
}

StatusOr<std::vector<AppointmentRow>> SqliteStore::ListAppointments(
    const AppointmentFilter& filter) {
  std::lock_guard lock(mutex_);
  Statement statement(
      db_,
      fmt::format("SELECT {} FROM appointments WHERE (? = '' OR "
                  "patient_pseudonym = ?) AND (? = 0 OR clinician_user_id = "
                  "?) AND (? = '' OR department = ?) AND (? = 0 OR status = "
                  "'booked') AND start_unix_ms >= ? AND (? = 0 OR "
                  "start_unix_ms < ?) ORDER BY start_unix_ms, id LIMIT ?",
                  kAppointmentColumns));
  statement.Bind(1, filter.patient_pseudonym)
      .Bind(2, filter.patient_pseudonym)
      .Bind(3, filter.clinician_user_id)
      .Bind(4, filter.clinician_user_id)
      .Bind(5, filter.department)
      .Bind(6, filter.department)
      .Bind(7, int64_t{filter.booked_only})
      .Bind(8, filter.start_from_unix_ms)
      .Bind(9, filter.start_before_unix_ms)
      .Bind(10, filter.start_before_unix_ms)
      .Bind(11, filter.limit);
  return AllRows<AppointmentRow>(statement, ReadAppointment);
}

}  // namespace mc
