#include "core/status.h"

#include "absl/strings/cord.h"

namespace mc {
namespace {
constexpr std::string_view kCodePayload = "mc-code";
constexpr std::string_view kPathPayload = "mc-path";
constexpr std::string_view kUnprocessablePayload = "mc-unprocessable";

// Debian's abseil keeps its own string_view type; convert at the boundary.
absl::string_view AbslView(std::string_view text) {
  return absl::string_view(text.data(), text.size());
}

Status Make(StatusCode canonical, std::string_view code,
            std::string_view message) {
  return WithCode(Status(canonical, AbslView(message)), code);
}
}  // namespace

Status WithCode(Status status, std::string_view code) {
  if (!status.ok()) status.SetPayload(AbslView(kCodePayload), absl::Cord(AbslView(code)));
  return status;
}

std::string ErrorCode(const Status& status) {
  if (auto payload = status.GetPayload(AbslView(kCodePayload))) {
    return std::string(*payload);
  }
  switch (status.code()) {
    case StatusCode::kOk: return "ok";
    case StatusCode::kInvalidArgument: return "invalid_argument";
    case StatusCode::kNotFound: return "not_found";
    case StatusCode::kAlreadyExists: return "already_exists";
    case StatusCode::kPermissionDenied: return "permission_denied";
    case StatusCode::kUnauthenticated: return "unauthenticated";
    case StatusCode::kFailedPrecondition: return "failed_precondition";
    case StatusCode::kResourceExhausted: return "resource_exhausted";
    case StatusCode::kUnavailable: return "unavailable";
    case StatusCode::kDeadlineExceeded: return "deadline_exceeded";
    case StatusCode::kAborted: return "aborted";
    case StatusCode::kOutOfRange: return "out_of_range";
    case StatusCode::kUnimplemented: return "unimplemented";
    case StatusCode::kDataLoss: return "data_loss";
    default: return "internal";
  }
}

Status WithPath(Status status, std::string_view path) {
  if (!status.ok()) status.SetPayload(AbslView(kPathPayload), absl::Cord(AbslView(path)));
  return status;
}

std::string ErrorPath(const Status& status) {
  auto payload = status.GetPayload(AbslView(kPathPayload));
  return payload ? std::string(*payload) : std::string();
}

Status Unprocessable(std::string_view code, std::string_view message) {
  Status status = Make(StatusCode::kInvalidArgument, code, message);
  status.SetPayload(AbslView(kUnprocessablePayload), absl::Cord("1"));
  return status;
}

bool IsUnprocessable(const Status& status) {
  return status.GetPayload(AbslView(kUnprocessablePayload)).has_value();
}

Status InvalidArgument(std::string_view code, std::string_view message) {
  return Make(StatusCode::kInvalidArgument, code, message);
}
Status NotFound(std::string_view code, std::string_view message) {
  return Make(StatusCode::kNotFound, code, message);
}
Status AlreadyExists(std::string_view code, std::string_view message) {
  return Make(StatusCode::kAlreadyExists, code, message);
}
Status PermissionDenied(std::string_view code, std::string_view message) {
  return Make(StatusCode::kPermissionDenied, code, message);
}
Status Unauthenticated(std::string_view code, std::string_view message) {
  return Make(StatusCode::kUnauthenticated, code, message);
}
Status FailedPrecondition(std::string_view code, std::string_view message) {
  return Make(StatusCode::kFailedPrecondition, code, message);
}
Status ResourceExhausted(std::string_view code, std::string_view message) {
  return Make(StatusCode::kResourceExhausted, code, message);
}
Status Unavailable(std::string_view code, std::string_view message) {
  return Make(StatusCode::kUnavailable, code, message);
}
Status Internal(std::string_view code, std::string_view message) {
  return Make(StatusCode::kInternal, code, message);
}

}  // namespace mc
