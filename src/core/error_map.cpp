#include "core/error_map.h"

#include <nlohmann/json.hpp>

namespace mc {

int HttpStatusFor(const Status& status) {
  switch (status.code()) {
    case StatusCode::kOk: return 200;
    case StatusCode::kInvalidArgument:
      if (ErrorCode(status) == "unsupported_media_type") return 415;
      if (ErrorCode(status) == "not_acceptable") return 406;
      return IsUnprocessable(status) ? 422 : 400;
    case StatusCode::kOutOfRange: return 400;
    case StatusCode::kUnauthenticated: return 401;
    case StatusCode::kPermissionDenied: return 403;
    case StatusCode::kNotFound: return 404;
    case StatusCode::kAlreadyExists: return 409;
    case StatusCode::kAborted: return 409;
    case StatusCode::kFailedPrecondition: return 412;
    case StatusCode::kResourceExhausted: {
      // Size limits are 413 (body) and 431 (headers); rate limits are 429.
      const std::string code = ErrorCode(status);
      if (code == "body_too_large" || code == "instance_too_large") return 413;
      if (code == "headers_too_large") return 431;
      return 429;
    }
    case StatusCode::kUnimplemented:
      return ErrorCode(status) == "method_not_allowed" ? 405 : 501;
    case StatusCode::kUnavailable: return 503;
    case StatusCode::kDeadlineExceeded: return 504;
    default: return 500;
  }
}

std::string ErrorJson(const Status& status) {
  const bool internal = HttpStatusFor(status) >= 500 &&
                        status.code() != StatusCode::kDeadlineExceeded &&
                        status.code() != StatusCode::kUnavailable &&
                        status.code() != StatusCode::kUnimplemented;
  nlohmann::json body = {
      {"error",
       {{"code", internal ? std::string("internal") : ErrorCode(status)},
        {"message", internal ? std::string("internal error")
                             : MessageOf(status)}}}};
  return body.dump();
}

int WebSocketCloseCodeFor(const Status& status) {
  switch (status.code()) {
    case StatusCode::kOk: return 1000;
    case StatusCode::kInvalidArgument: return 1007;
    case StatusCode::kOutOfRange: return 1007;
    case StatusCode::kResourceExhausted: return 1009;
    case StatusCode::kUnauthenticated: return 1008;
    case StatusCode::kPermissionDenied: return 1008;
    case StatusCode::kUnavailable: return 1001;
    default: return 1011;
  }
}

}  // namespace mc
