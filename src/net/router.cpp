#include "net/router.h"

namespace mc {
namespace {

std::vector<std::string> Split(const std::string& path) {
  std::vector<std::string> segments;
  size_t position = 1;
  while (position <= path.size()) {
    size_t end = path.find('/', position);
    if (end == std::string::npos) end = path.size();
    segments.push_back(path.substr(position, end - position));
    position = end + 1;
  }
  return segments;
}

bool Match(const std::vector<std::string>& pattern,
           const std::vector<std::string>& path, PathParams* params) {
  if (pattern.size() != path.size()) return false;
  for (size_t index = 0; index < pattern.size(); ++index) {
    const std::string& segment = pattern[index];
    if (segment.size() > 2 && segment.front() == '{' && segment.back() == '}') {
      if (path[index].empty()) return false;
      (*params)[segment.substr(1, segment.size() - 2)] = path[index];
    } else if (segment != path[index]) {
      return false;
    }
  }
  return true;
}

}  // namespace

void Router::Add(const std::string& method, const std::string& pattern,
                 RouteHandler handler) {
  routes_.push_back(Route{method, pattern, Split(pattern), std::move(handler)});
}

HttpResponse Router::Handle(const HttpRequest& request) const {
  const std::vector<std::string> segments = Split(request.path);
  const std::string* known_pattern = nullptr;
  for (const Route& route : routes_) {
    PathParams params;
    if (!Match(route.segments, segments, &params)) continue;
    known_pattern = &route.pattern;
    if (route.method == request.method ||
        (route.method == "GET" && request.method == "HEAD")) {
      HttpResponse response = route.handler(request, params);
      response.route = route.pattern;
      return response;
    }
  }
  if (known_pattern != nullptr) {
    HttpResponse response = HttpResponse::Error(WithCode(
        absl::UnimplementedError("this method is not allowed here"),
        "method_not_allowed"));
    response.route = *known_pattern;
    return response;
  }
  if (fallback_ && (request.method == "GET" || request.method == "HEAD")) {
    HttpResponse response = fallback_(request, {});
    response.route = "static";
    return response;
  }
  return HttpResponse::Error(NotFound("route_not_found", "no such resource"));
}

}  // namespace mc
