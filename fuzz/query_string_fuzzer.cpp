// libFuzzer target for what the HTTP layer parses out of a request line and
// its headers (net/http_types.h, net/router.h): the input's first line is
// the request target ("/path?query"), split and percent-decoded as
// http_server.cpp does; the rest is a Cookie header and a JSON body. The
// query is parsed as the FHIR API does (ParseQuery) and as handlers do
// (QueryParam), the text checks run, and the path is routed.
// Built and run by scripts/fuzz-target query_string.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/status.h"
#include "net/http_types.h"
#include "net/router.h"

namespace {

const mc::Router& Routes() {
  static const mc::Router* router = [] {
    auto* routes = new mc::Router();
    const auto echo = [](const mc::HttpRequest&, const mc::PathParams& params) {
      for (const auto& [name, value] : params) {
        if (value.empty() || value.find('/') != std::string::npos) std::abort();
      }
      return mc::HttpResponse::NoContent();
    };
    routes->Add("GET", "/api/users/{id}", echo);
    routes->Add("POST", "/api/visits/{id}/notes", echo);
    routes->Add("GET", "/fhir/{type}/{id}/_history/{version}", echo);
    routes->Add("GET", "/fhir/{type}", echo);
    return routes;
  }();
  return *router;
}

// ParseQuery and QueryParam must agree on every name they both decode.
void CheckQuery(const mc::HttpRequest& request) {
  auto pairs = mc::ParseQuery(request.query);
  if (!pairs.ok()) {
    if (mc::ErrorCode(pairs.status()) != "invalid_query") std::abort();
    return;
  }
  for (const auto& [name, value] : *pairs) {
    if (name.empty()) continue;  // QueryParam("") also matches empty pairs
    for (const auto& [first_name, first_value] : *pairs) {
      if (first_name != name) continue;
      if (request.QueryParam(name) != first_value) std::abort();
      break;
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const size_t line_end = std::min(input.find('\n'), input.size());
  const std::string target(input.substr(0, line_end));
  const std::string rest(input.substr(std::min(line_end + 1, input.size())));

  mc::HttpRequest request;
  request.method = "GET";
  const size_t question = target.find('?');
  const std::string raw_path = target.substr(0, question);
  if (!mc::PercentDecode(raw_path, false, &request.path)) {
    request.path = "/\x01invalid";  // the server's stand-in: matches no route
  } else if (request.path.size() > raw_path.size()) {
    std::abort();  // decoding never lengthens
  }
  if (question != std::string::npos)
    request.query = target.substr(question + 1);
  request.headers["cookie"] = rest;
  request.headers["content-type"] = "application/json";
  request.body = rest;

  CheckQuery(request);
  const mc::Status text = mc::CheckRequestText(request);
  if (!text.ok() && mc::ErrorCode(text) != "invalid_utf8") std::abort();
  request.Cookie("mc_session");
  request.Cookie("");
  Routes().Handle(request);
  request.method = "POST";
  Routes().Handle(request);
  return 0;
}
