#include "net/api_dicomweb.h"

#include "core/crypto.h"
#include "imaging/image_archive.h"
#include "net/api_context.h"
#include "net/multipart.h"

namespace mc {
namespace {

using api::Authenticate;
using api::Caller;
using api::Intent;
using nlohmann::json;

constexpr char kDicomJson[] = "application/dicom+json";
constexpr char kDicom[] = "application/dicom";

StatusOr<imaging::ImageArchive*> Archive(ApiServices& services) {
  if (services.images == nullptr) {
    return Unavailable("dicomweb_unavailable",
                       "the image archive is not enabled");
  }
  return services.images;
}

// The archive and the caller every route starts from.
struct Scope {
  imaging::ImageArchive* archive;
  Caller caller;
};

StatusOr<Scope> Open(ApiServices& services, const HttpRequest& request,
                     Intent intent) {
  MC_ASSIGN_OR_RETURN(imaging::ImageArchive * archive, Archive(services));
  MC_ASSIGN_OR_RETURN(Caller caller, Authenticate(services, request, intent));
  return Scope{archive, std::move(caller)};
}

std::string DicomwebBase(const HttpRequest& request) {
  return api::PublicOrigin(request) + "/dicomweb";
}

HttpResponse DicomJson(int status, const json& body) {
  HttpResponse response;
  response.status = status;
  response.content_type = kDicomJson;
  response.body = body.dump();
  return response;
}

StatusOr<imaging::QidoQuery> Query(const HttpRequest& request) {
  MC_ASSIGN_OR_RETURN(QueryPairs pairs, ParseQuery(request.query));
  if (pairs.size() > 30)
    return InvalidArgument("invalid_query", "at most 30 query parameters");
  return imaging::ParseQidoQuery(pairs);
}

Status CheckUid(const std::string& uid) {
  if (uid.empty() || uid.size() > 64 ||
      uid.find_first_not_of("0123456789.") != std::string::npos) {
    return NotFound("study_not_found",
                    "a DICOM UID is digits and dots, at most 64");
  }
  return Status();
}

StatusOr<imaging::InstancePath> Path(const PathParams& params) {
  imaging::InstancePath path{params.at("study"), params.at("series"),
                             params.at("instance")};
  for (const std::string* uid : {&path.study, &path.series, &path.instance}) {
    MC_RETURN_IF_ERROR(CheckUid(*uid));
  }
  return path;
}

// Ok when the Accept header admits `type` (absent, */*, or naming it).
Status Accepts(const HttpRequest& request, std::string_view type) {
  const std::string accept = request.Header("accept");
  if (accept.empty() || accept.find("*/*") != std::string::npos ||
      accept.find(type) != std::string::npos) {
    return Status();
  }
  return InvalidArgument("not_acceptable",
                         "this resource is served as " + std::string(type));
}

StatusOr<HttpResponse> Store(ApiServices& services, const HttpRequest& request,
                             const PathParams& params) {
  MC_ASSIGN_OR_RETURN(Scope scope, Open(services, request, Intent::kChange));
  std::string study;
  if (auto found = params.find("study"); found != params.end()) {
    study = found->second;
    MC_RETURN_IF_ERROR(CheckUid(study));
  }
  MC_ASSIGN_OR_RETURN(std::vector<std::string_view> parts,
                      SplitMultipartRelated(request.Header("content-type"),
                                            request.body, kDicom));
  MC_ASSIGN_OR_RETURN(std::vector<imaging::StoredInstance> stored,
                      scope.archive->Store(scope.caller.actor, parts, study));
  const std::string base = DicomwebBase(request);
  json referenced = json::array();
  for (const imaging::StoredInstance& instance : stored) {
    const std::string url = base + "/studies/" + instance.study_instance_uid +
                            "/series/" + instance.series_instance_uid +
                            "/instances/" + instance.sop_instance_uid;
    referenced.push_back(
        {{"00081150", {{"vr", "UI"}, {"Value", {instance.sop_class_uid}}}},
         {"00081155", {{"vr", "UI"}, {"Value", {instance.sop_instance_uid}}}},
         {"00081190", {{"vr", "UR"}, {"Value", {url}}}}});
  }
  json body = {{"00081199", {{"vr", "SQ"}, {"Value", referenced}}}};
  if (!study.empty())
    body["00081190"] = {{"vr", "UR"}, {"Value", {base + "/studies/" + study}}};
  return DicomJson(200, body);
}

HttpResponse List(const std::vector<json>& items,
                  const imaging::QidoQuery& query) {
  // An empty match is 200 with [] (PS3.18 allows 204; clients handle both,
  // and [] is the simpler one to read).
  HttpResponse response = DicomJson(200, json(items));
  if (!query.ignored.empty()) {
    // PS3.18 8.3.4.1: keys the origin server does not support are ignored
    // and named in a Warning.
    std::string keys;
    for (const std::string& key : query.ignored)
      keys += (keys.empty() ? "" : ", ") + key;
    response.headers.emplace_back(
        "Warning",
        "299 metaclinic: \"The following query keys are not supported: " +
            keys + "\"");
  }
  return response;
}

StatusOr<HttpResponse> SearchStudies(ApiServices& services,
                                     const HttpRequest& request,
                                     const PathParams&) {
  MC_ASSIGN_OR_RETURN(Scope scope, Open(services, request, Intent::kRead));
  MC_ASSIGN_OR_RETURN(imaging::QidoQuery query, Query(request));
  MC_ASSIGN_OR_RETURN(std::vector<json> studies,
                      scope.archive->SearchStudies(scope.caller.actor, query,
                                                   DicomwebBase(request)));
  return List(studies, query);
}

StatusOr<HttpResponse> SearchSeries(ApiServices& services,
                                    const HttpRequest& request,
                                    const PathParams& params) {
  MC_ASSIGN_OR_RETURN(Scope scope, Open(services, request, Intent::kRead));
  MC_RETURN_IF_ERROR(CheckUid(params.at("study")));
  MC_ASSIGN_OR_RETURN(imaging::QidoQuery query, Query(request));
  MC_ASSIGN_OR_RETURN(
      std::vector<json> series,
      scope.archive->SearchSeries(scope.caller.actor, params.at("study"), query,
                                  DicomwebBase(request)));
  return List(series, query);
}

StatusOr<HttpResponse> SearchInstances(ApiServices& services,
                                       const HttpRequest& request,
                                       const PathParams& params) {
  MC_ASSIGN_OR_RETURN(Scope scope, Open(services, request, Intent::kRead));
  MC_RETURN_IF_ERROR(CheckUid(params.at("study")));
  MC_RETURN_IF_ERROR(CheckUid(params.at("series")));
  MC_ASSIGN_OR_RETURN(imaging::QidoQuery query, Query(request));
  MC_ASSIGN_OR_RETURN(std::vector<json> instances,
                      scope.archive->SearchInstances(
                          scope.caller.actor, params.at("study"),
                          params.at("series"), query, DicomwebBase(request)));
  return List(instances, query);
}

StatusOr<HttpResponse> RetrieveInstance(ApiServices& services,
                                        const HttpRequest& request,
                                        const PathParams& params) {
  MC_ASSIGN_OR_RETURN(Scope scope, Open(services, request, Intent::kRead));
  MC_ASSIGN_OR_RETURN(imaging::InstancePath path, Path(params));
  MC_RETURN_IF_ERROR(Accepts(request, "multipart/related"));
  MC_ASSIGN_OR_RETURN(std::string bytes,
                      scope.archive->Retrieve(scope.caller.actor, path));
  const std::string boundary = "mc-" + RandomHex(12);
  HttpResponse response;
  response.content_type = MultipartContentType(kDicom, boundary);
  response.body = JoinMultipartRelated({bytes}, kDicom, boundary);
  return response;
}

StatusOr<HttpResponse> InstanceMetadata(ApiServices& services,
                                        const HttpRequest& request,
                                        const PathParams& params) {
  MC_ASSIGN_OR_RETURN(Scope scope, Open(services, request, Intent::kRead));
  MC_ASSIGN_OR_RETURN(imaging::InstancePath path, Path(params));
  MC_ASSIGN_OR_RETURN(json metadata,
                      scope.archive->Metadata(scope.caller.actor, path));
  return DicomJson(200, json::array({metadata}));
}

StatusOr<HttpResponse> RenderedFrame(ApiServices& services,
                                     const HttpRequest& request,
                                     const PathParams& params) {
  MC_ASSIGN_OR_RETURN(Scope scope, Open(services, request, Intent::kRead));
  MC_ASSIGN_OR_RETURN(imaging::InstancePath path, Path(params));
  // The rendered instance (no {frames}) is its first frame: PNG holds one.
  const auto given = params.find("frames");
  const std::string frames = given == params.end() ? "1" : given->second;
  if (frames.empty() || frames.size() > 6 ||
      frames.find_first_not_of("0123456789") != std::string::npos) {
    return InvalidArgument("invalid_frame",
                           "the rendered resource takes one frame number");
  }
  MC_RETURN_IF_ERROR(Accepts(request, "image/png"));
  std::optional<imaging::Window> window;
  MC_ASSIGN_OR_RETURN(QueryPairs pairs, ParseQuery(request.query));
  for (const auto& [key, value] : pairs) {
    if (key == "window") {
      MC_ASSIGN_OR_RETURN(window, imaging::ParseWindow(value));
    } else if (key != "quality") {
      return InvalidArgument(
          "unsupported_query_parameter",
          "a rendered frame takes window (and quality, ignored for PNG)");
    }
  }
  MC_ASSIGN_OR_RETURN(std::string png,
                      scope.archive->RenderFrame(scope.caller.actor, path,
                                                 std::stoll(frames), window));
  HttpResponse response;
  response.content_type = "image/png";
  response.body = std::move(png);
  response.headers.emplace_back("Cache-Control", "private, no-store");
  return response;
}

}  // namespace

void AddDicomwebRoutes(Router& router, ApiServices& services) {
  using api::Route;
  const std::string instance =
      "/dicomweb/studies/{study}/series/{series}/instances/{instance}";
  router.Add("POST", "/dicomweb/studies", Route(services, Store));
  router.Add("POST", "/dicomweb/studies/{study}", Route(services, Store));
  router.Add("GET", "/dicomweb/studies", Route(services, SearchStudies));
  router.Add("GET", "/dicomweb/studies/{study}/series",
             Route(services, SearchSeries));
  router.Add("GET", "/dicomweb/studies/{study}/series/{series}/instances",
             Route(services, SearchInstances));
  router.Add("GET", instance, Route(services, RetrieveInstance));
  router.Add("GET", instance + "/metadata", Route(services, InstanceMetadata));
  router.Add("GET", instance + "/rendered", Route(services, RenderedFrame));
  router.Add("GET", instance + "/frames/{frames}/rendered",
             Route(services, RenderedFrame));
}

}  // namespace mc
