// Plain request/response values passed between the HTTP server (Beast) and
// the handlers, so that handlers never include Beast.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/status.h"

namespace mc {

struct HttpRequest {
  std::string method;  // "GET", "POST", ...
  std::string path;    // decoded path, without the query
  std::string query;   // raw query string without '?'
  std::map<std::string, std::string> headers;  // names lower-case
  std::string body;
  std::string remote_address;
  std::string request_id;
  bool tls = false;

  // The header's value, or "" when absent.
  std::string Header(const std::string& lower_name) const;
  // The named cookie's value, or "".
  std::string Cookie(const std::string& name) const;
  // The named query parameter, percent-decoded, or "".
  std::string QueryParam(const std::string& name) const;
};

// Ok when the decoded path, every decoded query key and value, every header
// value and a textual body (JSON, text or form content types) are UTF-8;
// otherwise InvalidArgument ("invalid_utf8") naming which part is not.
// Checked once at the edge, before any handler sees the request.
Status CheckRequestText(const HttpRequest& request);

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  // The route pattern that answered ("/api/records/{id}"), "static" for the
  // file fallback, "" when none did: what the request log names instead of
  // the path, which can carry patient pseudonyms and record ids.
  std::string route;

  static HttpResponse Json(int status, const nlohmann::json& body);
  // The error body and status of the one Status-to-HTTP table (error_map.h).
  static HttpResponse Error(const Status& status);
  static HttpResponse NoContent();
};

// Decodes %XX and '+' (in queries). False when the encoding is malformed.
bool PercentDecode(const std::string& text, bool plus_is_space, std::string* out);

using QueryPairs = std::vector<std::pair<std::string, std::string>>;

// The name=value pairs of `query` in order, percent-decoded with '+' as
// space; empty pairs ("a=1&&b=2") are skipped and a pair without '=' has an
// empty value. InvalidArgument ("invalid_query") when a name or value is not
// well encoded.
StatusOr<QueryPairs> ParseQuery(const std::string& query);

}  // namespace mc
