// The clinic routes of the REST API (docs/api.md "Clinic"): departments with
// their clinicians, open slots, and appointments booked, listed and
// cancelled. Scheduling rules live in care/scheduling.h; this module only
// authenticates, decodes query and JSON, and encodes the answers.
#pragma once

#include <nlohmann/json.hpp>

#include "net/api.h"
#include "net/router.h"

namespace mc {
namespace care {
struct Appointment;
}  // namespace care

// {"id","name"} of a clinician; an appointment as docs/api.md shows it.
nlohmann::json ClinicianJson(int64_t user_id, const std::string& name);
nlohmann::json AppointmentJson(const care::Appointment& appointment);

// Adds GET /api/departments, GET /api/departments/{id}/slots,
// GET and POST /api/appointments and DELETE /api/appointments/{id}. When
// services.scheduling is null the departments are listed without clinicians
// and the other routes answer 503 "clinic_unavailable".
void AddClinicRoutes(Router& router, ApiServices& services);

}  // namespace mc
