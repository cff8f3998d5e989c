#include "net/api_fhir.h"

#include <fmt/format.h>

#include <ctime>

#include "core/error_map.h"
#include "fhir/fhir_service.h"
#include "net/api_context.h"

namespace mc {

using api::Authenticate;
using api::Caller;
using api::Intent;
using nlohmann::json;

namespace {

constexpr char kFhirJson[] = "application/fhir+json; charset=utf-8";

HttpResponse FhirJson(int status, const json& body) {
  HttpResponse response;
  response.status = status;
  response.content_type = kFhirJson;
  response.body = body.is_null() ? std::string() : body.dump();
  return response;
}

HttpResponse FhirError(const Status& status) {
  return FhirJson(HttpStatusFor(status), fhir::OperationOutcomeFor(status));
}

std::string HttpDate(int64_t unix_ms) {
  const std::time_t seconds = static_cast<std::time_t>(unix_ms / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[40];
  std::strftime(text, sizeof text, "%a, %d %b %Y %H:%M:%S GMT", &utc);
  return text;
}

HttpResponse FromResult(const fhir::FhirResponse& result) {
  HttpResponse response = FhirJson(result.status, result.body);
  if (result.version > 0) {
    response.headers.emplace_back("ETag", fmt::format("W/\"{}\"", result.version));
  }
  if (result.last_modified_unix_ms > 0) {
    response.headers.emplace_back("Last-Modified", HttpDate(result.last_modified_unix_ms));
  }
  if (!result.location.empty()) response.headers.emplace_back("Location", result.location);
  return response;
}

// The base of links in responses.
std::string BaseUrl(const HttpRequest& request) { return api::PublicOrigin(request) + "/fhir"; }

StatusOr<fhir::SearchParams> QueryParams(const HttpRequest& request) {
  MC_ASSIGN_OR_RETURN(fhir::SearchParams params, ParseQuery(request.query));
  if (params.size() > 50) {
    return InvalidArgument("invalid_query", "at most 50 search parameters");
  }
  return params;
}

StatusOr<fhir::FhirContext> Context(ApiServices& services, const HttpRequest& request,
                                    Intent intent) {
  MC_ASSIGN_OR_RETURN(Caller caller, Authenticate(services, request, intent));
  fhir::FhirContext context{caller.actor, BaseUrl(request), request.Header("x-break-glass")};
  if (!context.break_glass_reason.empty()) {
    MC_RETURN_IF_ERROR(
        WithPath(CheckBreakGlassReason(context.break_glass_reason), "X-Break-Glass"));
  }
  const std::string purpose = request.Header("x-record-purpose");
  if (!purpose.empty() && purpose != "view" && purpose != "export") {
    return WithPath(InvalidArgument("invalid_record_purpose",
                                    "X-Record-Purpose is \"view\" or \"export\""),
                    "X-Record-Purpose");
  }
  context.for_display = purpose == "view";
  return context;
}

StatusOr<json> ResourceBody(const HttpRequest& request) {
  const std::string type = request.Header("content-type");
  if (!type.empty() && type.find("json") == std::string::npos) {
    return InvalidArgument("unsupported_media_type",
                           "send application/fhir+json (or application/json)");
  }
  json body = json::parse(request.body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) {
    return InvalidArgument("invalid_json", "the body is not a JSON object");
  }
  return body;
}

StatusOr<int64_t> IfMatch(const HttpRequest& request) {
  std::string value = request.Header("if-match");
  if (value.empty()) return 0;
  if (value.rfind("W/", 0) == 0) value = value.substr(2);
  if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
    value = value.substr(1, value.size() - 2);
  }
  if (value.empty() || value.size() > 18 ||
      value.find_first_not_of("0123456789") != std::string::npos) {
    return WithPath(InvalidArgument("invalid_if_match", "If-Match takes W/\"<version>\""),
                    "If-Match");
  }
  return std::stoll(value);
}

fhir::FhirService* Service(ApiServices& services) { return services.fhir; }

// Every FHIR handler: a Status becomes an OperationOutcome.
using FhirHandler = StatusOr<HttpResponse> (*)(ApiServices&, const HttpRequest&,
                                               const PathParams&);
RouteHandler FhirRoute(ApiServices& services, FhirHandler handler) {
  ApiServices* bound = &services;
  return [bound, handler](const HttpRequest& request, const PathParams& params) {
    if (bound->fhir == nullptr) {
      return FhirError(Unavailable("fhir_unavailable", "the FHIR API is not enabled"));
    }
    StatusOr<HttpResponse> response = handler(*bound, request, params);
    if (!response.ok()) return FhirError(response.status());
    return *std::move(response);
  };
}

StatusOr<HttpResponse> NotAllowed(ApiServices&, const HttpRequest& request,
                                  const PathParams& params) {
  return WithCode(absl::UnimplementedError(fmt::format("{} is not supported on {}",
                                                       request.method, params.at("type"))),
                  "method_not_allowed");
}

StatusOr<HttpResponse> Metadata(ApiServices& services, const HttpRequest& request,
                                const PathParams&) {
  return FhirJson(200, Service(services)->CapabilityStatement(BaseUrl(request)));
}

StatusOr<HttpResponse> Read(ApiServices& services, const HttpRequest& request,
                            const PathParams& params) {
  MC_ASSIGN_OR_RETURN(fhir::FhirContext context, Context(services, request, Intent::kRead));
  MC_ASSIGN_OR_RETURN(fhir::FhirResponse result,
                      Service(services)->Read(context, params.at("type"), params.at("id")));
  return FromResult(result);
}

StatusOr<HttpResponse> VRead(ApiServices& services, const HttpRequest& request,
                             const PathParams& params) {
  MC_ASSIGN_OR_RETURN(fhir::FhirContext context, Context(services, request, Intent::kRead));
  MC_ASSIGN_OR_RETURN(fhir::FhirResponse result,
                      Service(services)->VRead(context, params.at("type"), params.at("id"),
                                               params.at("version")));
  return FromResult(result);
}

StatusOr<HttpResponse> Search(ApiServices& services, const HttpRequest& request,
                              const PathParams& params) {
  MC_ASSIGN_OR_RETURN(fhir::FhirContext context, Context(services, request, Intent::kRead));
  MC_ASSIGN_OR_RETURN(fhir::SearchParams query, QueryParams(request));
  MC_ASSIGN_OR_RETURN(fhir::FhirResponse result,
                      Service(services)->Search(context, params.at("type"), query));
  return FromResult(result);
}

StatusOr<HttpResponse> Create(ApiServices& services, const HttpRequest& request,
                              const PathParams& params) {
  MC_ASSIGN_OR_RETURN(fhir::FhirContext context, Context(services, request, Intent::kChange));
  MC_ASSIGN_OR_RETURN(json body, ResourceBody(request));
  MC_ASSIGN_OR_RETURN(fhir::FhirResponse result,
                      Service(services)->Create(context, params.at("type"), body));
  return FromResult(result);
}

StatusOr<HttpResponse> Update(ApiServices& services, const HttpRequest& request,
                              const PathParams& params) {
  MC_ASSIGN_OR_RETURN(fhir::FhirContext context, Context(services, request, Intent::kChange));
  MC_ASSIGN_OR_RETURN(int64_t if_match, IfMatch(request));
  MC_ASSIGN_OR_RETURN(json body, ResourceBody(request));
  MC_ASSIGN_OR_RETURN(fhir::FhirResponse result,
                      Service(services)->Update(context, params.at("type"), params.at("id"),
                                                body, if_match));
  return FromResult(result);
}

StatusOr<HttpResponse> Everything(ApiServices& services, const HttpRequest& request,
                                  const PathParams& params) {
  MC_ASSIGN_OR_RETURN(fhir::FhirContext context, Context(services, request, Intent::kRead));
  MC_ASSIGN_OR_RETURN(fhir::FhirResponse result,
                      Service(services)->Everything(context, params.at("id")));
  return FromResult(result);
}

StatusOr<HttpResponse> Erase(ApiServices& services, const HttpRequest& request,
                             const PathParams& params) {
  MC_ASSIGN_OR_RETURN(fhir::FhirContext context, Context(services, request, Intent::kChange));
  MC_ASSIGN_OR_RETURN(fhir::FhirResponse result,
                      Service(services)->ErasePatient(context, params.at("id")));
  return FromResult(result);
}

StatusOr<HttpResponse> ResearchExport(ApiServices& services, const HttpRequest& request,
                                      const PathParams&) {
  MC_ASSIGN_OR_RETURN(Caller caller, Authenticate(services, request, Intent::kRead));
  if (services.fhir == nullptr) return Unavailable("fhir_unavailable", "not enabled");
  MC_ASSIGN_OR_RETURN(json exported, services.fhir->ResearchExport(caller.actor));
  return HttpResponse::Json(200, exported);
}

}  // namespace

void AddFhirRoutes(Router& router, ApiServices& services) {
  router.Add("GET", "/fhir/metadata", FhirRoute(services, Metadata));
  router.Add("GET", "/fhir/Patient/{id}/$everything", FhirRoute(services, Everything));
  router.Add("DELETE", "/fhir/Patient/{id}", FhirRoute(services, Erase));
  router.Add("GET", "/fhir/{type}", FhirRoute(services, Search));
  router.Add("POST", "/fhir/{type}", FhirRoute(services, Create));
  router.Add("GET", "/fhir/{type}/{id}", FhirRoute(services, Read));
  router.Add("PUT", "/fhir/{type}/{id}", FhirRoute(services, Update));
  router.Add("GET", "/fhir/{type}/{id}/_history/{version}", FhirRoute(services, VRead));
  // Any other method on a FHIR path: 405 as an OperationOutcome.
  for (const char* method : {"POST", "DELETE", "PATCH"}) {
    router.Add(method, "/fhir/{type}/{id}", FhirRoute(services, NotAllowed));
  }
  for (const char* method : {"PUT", "DELETE", "PATCH"}) {
    router.Add(method, "/fhir/{type}", FhirRoute(services, NotAllowed));
  }
  router.Add("GET", "/api/research/export", api::Route(services, ResearchExport));
}

}  // namespace mc
