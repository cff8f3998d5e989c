// A minimal blocking HTTP/1.0 client for Janus's HTTP transport (on
// loopback, or an external Janus's private address): the server's own
// control requests (rooms, moderation), never the browser's. One request per connection; bounded by a timeout.
// Thread-safe (no shared state).
#pragma once

#include <cstdint>
#include <string>

#include "core/status.h"
#include "nlohmann/json.hpp"

namespace mc::media {

// GET (body empty) or POST `body` to http://127.0.0.1:<port><path>; the
// response body parsed as JSON. Unavailable ("janus_unreachable") when the
// connection fails or times out, or Janus answers something else than 200
// with JSON.
StatusOr<nlohmann::json> JanusHttp(uint16_t port, const std::string& path,
                                   const nlohmann::json& body,
                                   int timeout_ms = 3000);

// The same to http://<ipv4>:<port><path> (`ipv4` in host byte order).
StatusOr<nlohmann::json> JanusHttp(uint32_t ipv4, uint16_t port,
                                   const std::string& path,
                                   const nlohmann::json& body,
                                   int timeout_ms = 3000);

}  // namespace mc::media
