// One error vocabulary for every module: absl::Status / absl::StatusOr<T>.
//
// Errors are values at module boundaries; exceptions never cross them. A
// status a user can cause carries a stable machine-readable code in its
// "mc-code" payload (e.g. "invalid_password"), set with WithCode(); the
// canonical absl code decides the HTTP status, the FHIR OperationOutcome
// severity and the WebSocket close code (see error_map.h).
#pragma once

#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace mc {

using Status = absl::Status;
template <typename T>
using StatusOr = absl::StatusOr<T>;
using StatusCode = absl::StatusCode;

// Returns `status` with the stable error code `code` attached.
Status WithCode(Status status, std::string_view code);

// The stable error code of `status`: the attached one, or a default derived
// from its canonical code ("not_found", "invalid_argument", ...).
std::string ErrorCode(const Status& status);

// The message of `status` as a std::string (Debian's abseil has its own
// string_view type, so use this rather than status.message() directly).
inline std::string MessageOf(const Status& status) {
  return std::string(status.message().data(), status.message().size());
}

// Where in a request document the problem is, as a FHIRPath-like expression
// ("Observation.status"); "" when none was attached.
Status WithPath(Status status, std::string_view path);
std::string ErrorPath(const Status& status);

// A well-formed request that breaks a rule of the server (HTTP 422): an
// InvalidArgument marked unprocessable.
Status Unprocessable(std::string_view code, std::string_view message);
bool IsUnprocessable(const Status& status);

// Shorthands that build a status with a stable code in one call.
Status InvalidArgument(std::string_view code, std::string_view message);
Status NotFound(std::string_view code, std::string_view message);
Status AlreadyExists(std::string_view code, std::string_view message);
Status PermissionDenied(std::string_view code, std::string_view message);
Status Unauthenticated(std::string_view code, std::string_view message);
Status FailedPrecondition(std::string_view code, std::string_view message);
Status ResourceExhausted(std::string_view code, std::string_view message);
Status Unavailable(std::string_view code, std::string_view message);
Status Internal(std::string_view code, std::string_view message);

}  // namespace mc

#define MC_STATUS_CONCAT_INNER(a, b) a##b
#define MC_STATUS_CONCAT(a, b) MC_STATUS_CONCAT_INNER(a, b)

// Returns from the enclosing function when `expr` (a Status) is not ok.
#define MC_RETURN_IF_ERROR(expr)                   \
  do {                                             \
    ::mc::Status mc_status_tmp_ = (expr);          \
    if (!mc_status_tmp_.ok()) return mc_status_tmp_; \
  } while (false)

// `lhs = value of expr` (a StatusOr), or returns its status when not ok.
#define MC_ASSIGN_OR_RETURN(lhs, expr) \
  MC_ASSIGN_OR_RETURN_IMPL(MC_STATUS_CONCAT(mc_statusor_, __LINE__), lhs, expr)
#define MC_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                             \
  if (!tmp.ok()) return tmp.status();            \
  lhs = std::move(tmp).value()
