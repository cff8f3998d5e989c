#include "net/api_context.h"

#include <algorithm>

#include "core/crypto.h"
#include "fmt/format.h"

namespace mc::api {

Status CheckOrigin(const HttpRequest& request) {
  const std::string origin = request.Header("origin");
  if (origin.empty()) return Status();
  const std::string scheme = request.tls ? "https://" : "http://";
  if (origin != scheme + request.Header("host")) {
    return PermissionDenied("bad_origin", "cross-origin request refused");
  }
  return Status();
}

StatusOr<Caller> Authenticate(ApiServices& services, const HttpRequest& request,
                              Intent intent, PasswordGate gate) {
  Caller caller;
  caller.token = request.Cookie(kSessionCookie);
  MC_ASSIGN_OR_RETURN(caller.session, services.sessions.Resolve(caller.token));
  if (caller.session.user.must_change_password && gate != PasswordGate::kBeforePasswordChange) {
    return PermissionDenied("password_change_required",
                            "choose your own password first (POST /api/me/password)");
  }
  if (intent == Intent::kChange) {
    MC_RETURN_IF_ERROR(CheckOrigin(request));
    if (!SecretsEqual(request.Header("x-csrf-token"), caller.session.csrf_token)) {
      return PermissionDenied("csrf_failed",
                              "missing or wrong X-CSRF-Token header");
    }
  }
  const UserRow& user = caller.session.user;
  caller.actor = Actor{user.id, user.role, user.patient_pseudonym,
                       request.request_id, caller.session.guest_purpose};
  return caller;
}

StatusOr<nlohmann::json> JsonBody(const HttpRequest& request) {
  nlohmann::json body = nlohmann::json::parse(request.body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) {
    return InvalidArgument("invalid_json", "the body must be a JSON object");
  }
  return body;
}

StatusOr<std::string> StringField(const nlohmann::json& body,
                                  const std::string& name, size_t max_length) {
  auto found = body.find(name);
  if (found == body.end() || found->is_null()) return std::string();
  if (!found->is_string() || found->get_ref<const std::string&>().size() > max_length) {
    return InvalidArgument("invalid_field",
                           "field '" + name + "' must be a string of at most " +
                               std::to_string(max_length) + " bytes");
  }
  return found->get<std::string>();
}

Status CheckKeys(const nlohmann::json& object, std::initializer_list<std::string_view> known,
                 const std::string& where) {
  for (auto item = object.begin(); item != object.end(); ++item) {
    if (std::find(known.begin(), known.end(), item.key()) == known.end()) {
      return InvalidArgument("unknown_field",
                             fmt::format("{}unknown field '{}'", where, item.key().substr(0, 64)));
    }
  }
  return Status();
}

StatusOr<double> Number(const nlohmann::json& value, std::string_view code,
                        const std::string& what) {
  if (!value.is_number()) return InvalidArgument(code, fmt::format("{} must be a number", what));
  return value.get<double>();
}

StatusOr<std::string> Text(const nlohmann::json& value, const std::string& what,
                           size_t max_length) {
  if (!value.is_string() || value.get_ref<const std::string&>().size() > max_length) {
    return InvalidArgument(
        "invalid_field", fmt::format("'{}' must be a string of at most {} bytes", what, max_length));
  }
  return value.get<std::string>();
}

std::string PublicOrigin(const HttpRequest& request) {
  std::string host = request.Header("host");
  const bool clean = !host.empty() && host.size() <= 255 &&
                     host.find_first_not_of("abcdefghijklmnopqrstuvwxyz"
                                            "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]") ==
                         std::string::npos;
  if (!clean) host = "localhost";
  return (request.tls ? "https://" : "http://") + host;
}

RouteHandler Route(ApiServices& services, ServiceHandler handler) {
  ApiServices* bound = &services;
  return [bound, handler](const HttpRequest& request, const PathParams& params) {
    StatusOr<HttpResponse> response = handler(*bound, request, params);
    if (!response.ok()) return HttpResponse::Error(response.status());
    return *std::move(response);
  };
}

StatusOr<int64_t> PathId(const std::string& text, const std::string& not_found_code) {
  if (text.empty() || text.size() > 18 ||
      text.find_first_not_of("0123456789") != std::string::npos) {
    return NotFound(not_found_code, "no such id");
  }
  return std::stoll(text);
}

std::string ClockTime(int minute) {
  return fmt::format("{:02}:{:02}", minute / 60, minute % 60);
}

std::string SessionCookie(const std::string& token, bool tls) {
  return std::string(kSessionCookie) + "=" + token +
         "; Path=/; HttpOnly; SameSite=Strict; Max-Age=43200" +
         (tls ? "; Secure" : "");
}

std::string ClearedSessionCookie(bool tls) {
  return std::string(kSessionCookie) +
         "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0" + (tls ? "; Secure" : "");
}

nlohmann::json UserJson(const UserRow& user) {
  return {{"id", user.id},
          {"login", user.login},
          {"name", user.display_name},
          {"role", user.role},
          {"disabled", user.disabled},
          {"must_change_password", user.must_change_password},
          // Invited and not yet accepted: no password, nobody can sign in.
          {"invited", user.password_hash.empty() && user.id != 0},
          {"created", FormatIsoUtc(user.created_unix_ms)},
          {"last_sign_in", user.last_login_unix_ms == 0
                               ? nlohmann::json(nullptr)
                               : nlohmann::json(FormatIsoUtc(user.last_login_unix_ms))}};
}

}  // namespace mc::api
