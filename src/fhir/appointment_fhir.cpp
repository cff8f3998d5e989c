// Appointments through FHIR: a create books a slot (Appointment.slot names
// it as Slot/<slot id>, the participant Patient/<id> is the patient), an
// update cancels (status "cancelled"; nothing else may change). Both go
// through care::Scheduling, so the rules, the one-winner booking and the
// audit are the same as for POST/DELETE /api/appointments.
#include <fmt/format.h>

#include "fhir/fhir_service.h"

namespace mc::fhir {
namespace {

using nlohmann::json;

// Scheduling's refusals of a well-formed Appointment are business rules
// (422) at the element they concern; access and conflicts keep their codes.
Status AsFhir(const Status& status, const std::string& path) {
  if (status.code() == StatusCode::kPermissionDenied ||
      status.code() == StatusCode::kAlreadyExists || status.code() == StatusCode::kInternal ||
      status.code() == StatusCode::kUnavailable) {
    return status;
  }
  return WithPath(Unprocessable(ErrorCode(status), MessageOf(status)), path);
}

FhirResponse FromAppointment(const care::Appointment& appointment, const std::string& base_url,
                             int status) {
  const VaultRecord& record = *appointment.record;
  FhirResponse response{status, ResourceFromRecord(record)};
  response.version = record.version;
  response.last_modified_unix_ms = record.updated_unix_ms;
  if (status == 201) {
    response.location = fmt::format("{}/Appointment/{}/_history/{}", base_url, record.id,
                                    record.version);
  }
  return response;
}

}  // namespace

StatusOr<FhirResponse> FhirService::BookAppointment(const FhirContext& context,
                                                    const json& resource) {
  const std::string slot = resource.value("/slot/0/reference"_json_pointer, "");
  if (slot.rfind("Slot/", 0) != 0 || slot.size() <= 5) {
    return WithPath(InvalidArgument("missing_element", "slot must be [{\"reference\": \"Slot/<id>\"}]"),
                    "Appointment.slot");
  }
  if (resource.value("status", "") != "booked") {
    return WithPath(Unprocessable("invalid_status", "a new appointment is \"booked\""),
                    "Appointment.status");
  }
  care::BookingRequest request;
  request.slot = slot.substr(5);
  request.patient = PatientIdOf(resource.value("/participant/0/actor/reference"_json_pointer, ""));
  request.reason = resource.value("comment", "");
  if (context.actor.role == "patient" && request.patient == context.actor.patient_pseudonym) {
    request.patient.clear();  // a patient books for themself
  }
  auto booking = scheduling_->Book(context.actor, request);
  if (!booking.ok()) {
    const std::string code = ErrorCode(booking.status());
    return AsFhir(booking.status(), code == "patient_not_found"
                                        ? "Appointment.participant[0].actor.reference"
                                        : code == "invalid_reason" ? "Appointment.comment"
                                                                   : "Appointment.slot");
  }
  return FromAppointment(booking->appointment, context.base_url, 201);
}

StatusOr<FhirResponse> FhirService::CancelAppointment(const FhirContext& context,
                                                      const std::string& id, const json& resource,
                                                      int64_t if_match) {
  if (resource.value("status", "") != "cancelled") {
    return WithPath(Unprocessable("appointment_update_unsupported",
                                  "an appointment can only be cancelled (status \"cancelled\"); "
                                  "book a new one to change it"),
                    "Appointment.status");
  }
  auto row = vault_.Locate(id);
  int64_t appointment_id = 0;
  if (row.ok() && row->type == "Appointment") {
    AppointmentFilter filter;
    filter.patient_pseudonym = row->pseudonym;
    filter.limit = 100000;
    MC_ASSIGN_OR_RETURN(std::vector<AppointmentRow> rows, directory_.ListAppointments(filter));
    for (const AppointmentRow& candidate : rows) {
      if (candidate.record_id == id) appointment_id = candidate.id;
    }
  }
  if (appointment_id == 0) {
    MC_RETURN_IF_ERROR(audit_.Record(context.actor, {"record.write", "Appointment/" + id, "",
                                                     mc::AuditOutcome::kFailure}));
    return NotFound("resource_not_found", "no such appointment");
  }
  if (if_match != 0 && if_match != row->version) {
    return FailedPrecondition("version_conflict",
                              "the appointment was changed by someone else; read it again");
  }
  auto cancelled = scheduling_->Cancel(context.actor, appointment_id);
  if (!cancelled.ok()) return AsFhir(cancelled.status(), "Appointment.status");
  return FromAppointment(*cancelled, context.base_url, 200);
}

}  // namespace mc::fhir
