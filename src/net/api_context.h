// Helpers shared by the REST handlers (internal to net/).
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "auth/sessions.h"
#include "net/api.h"
#include "net/http_types.h"
#include "records/actor.h"

namespace mc::api {

inline constexpr char kSessionCookie[] = "mc_session";

enum class Intent { kRead, kChange };

// Whether a route serves an account that must still replace its one-time
// password (UserRow::must_change_password): only signing out, reading who
// one is and changing the password do (kBeforePasswordChange).
enum class PasswordGate { kChosenPasswordOnly, kBeforePasswordChange };

struct Caller {
  Session session;
  std::string token;
  Actor actor;
};

// The caller behind `request`, with CSRF and Origin checks for kChange.
// Unauthenticated ("no_session", ...), PermissionDenied ("csrf_failed",
// "bad_origin", "password_change_required" for an account that must still
// replace its one-time password, unless `gate` lets it through).
StatusOr<Caller> Authenticate(ApiServices& services, const HttpRequest& request,
                              Intent intent,
                              PasswordGate gate = PasswordGate::kChosenPasswordOnly);

// Ok when the Origin header is absent or names the Host the request used.
Status CheckOrigin(const HttpRequest& request);

// The request body as a JSON object. InvalidArgument ("invalid_json").
StatusOr<nlohmann::json> JsonBody(const HttpRequest& request);

// A string member of `body`: "" when absent; InvalidArgument
// ("invalid_field") when present but not a string or over `max_length`.
StatusOr<std::string> StringField(const nlohmann::json& body,
                                  const std::string& name, size_t max_length);

// InvalidArgument "unknown_field" naming the first key of `object` that is
// not in `known`; `where` prefixes the message ("meals[2]: ").
Status CheckKeys(const nlohmann::json& object, std::initializer_list<std::string_view> known,
                 const std::string& where);

// `value` as a number; InvalidArgument `code` ("{what} must be a number").
StatusOr<double> Number(const nlohmann::json& value, std::string_view code,
                        const std::string& what);

// `value` as a string of at most `max_length` bytes; InvalidArgument
// "invalid_field" otherwise.
StatusOr<std::string> Text(const nlohmann::json& value, const std::string& what,
                           size_t max_length);

// A route of `services` whose handler returns StatusOr: an error becomes
// the error JSON of core/error_map.h.
using ServiceHandler = StatusOr<HttpResponse> (*)(ApiServices&, const HttpRequest&,
                                                  const PathParams&);
RouteHandler Route(ApiServices& services, ServiceHandler handler);

// A positive decimal id from a path; NotFound (`not_found_code`) otherwise,
// as an id that cannot exist names nothing.
StatusOr<int64_t> PathId(const std::string& text, const std::string& not_found_code);

// "HH:MM" of `minute` after midnight (0..1440; 1440 is "24:00").
std::string ClockTime(int minute);

// "http(s)://host" as the client addressed this server (only host-name
// characters are taken from Host; "localhost" otherwise): the base of links
// in responses.
std::string PublicOrigin(const HttpRequest& request);
std::string SessionCookie(const std::string& token, bool tls);
std::string ClearedSessionCookie(bool tls);

nlohmann::json UserJson(const UserRow& user);

}  // namespace mc::api
