// Router: maps (method, path pattern) to a handler.
//
// Patterns are literal segments and "{name}" captures of one segment, e.g.
// "/api/users/{id}". An unknown path is 404 "route_not_found"; a known path
// with another method is 405 "method_not_allowed". Handlers are called on
// worker threads and may block. The response names the pattern that
// answered (HttpResponse::route), for the request log.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "net/http_types.h"

namespace mc {

using PathParams = std::map<std::string, std::string>;
using RouteHandler =
    std::function<HttpResponse(const HttpRequest&, const PathParams&)>;

class Router {
 public:
  void Add(const std::string& method, const std::string& pattern,
           RouteHandler handler);
  // Handles `request`; `fallback` (may be empty) serves unmatched GETs.
  HttpResponse Handle(const HttpRequest& request) const;
  void SetFallback(RouteHandler fallback) { fallback_ = std::move(fallback); }

 private:
  struct Route {
    std::string method;
    std::string pattern;
    std::vector<std::string> segments;
    RouteHandler handler;
  };
  std::vector<Route> routes_;
  RouteHandler fallback_;
};

}  // namespace mc
