// HttpServer: HTTP/1.1 and WebSocket on one port (Boost.Beast, C++20
// coroutines), plain or TLS (1.2+).
//
// The server owns its I/O threads and a pool of worker threads; handlers run
// on the workers (they may block on the store or Argon2id) and never see
// Beast types. Every response gets the security headers; every request is
// logged once (request id, method, path without query, status, duration).
// Limits: header size (431), body size (413), a read timeout per request.
//
// Realtime: after the upgrade a plain WebSocket moves to one of the
// realtime loops (its own thread) and is framed by websocket_frame.h, its
// outgoing frames batched per tick into one write (docs/world.md "Network
// path"); a TLS WebSocket stays on its HTTP strand with the same framing.
//
// Shutdown (Stop, thread-safe): stop accepting, close WebSockets with 1001
// (going away), let in-flight requests finish and their responses be
// written, close idle keep-alive connections; Run() returns when all
// connections are gone or the grace period ends.
#pragma once

#include <cstdint>
#include <functional>
#include <string_view>
#include <memory>
#include <string>

#include "core/status.h"
#include "net/connection_limits.h"
#include "net/http_types.h"
#include "world/realtime_gateway.h"

namespace mc {

struct HttpServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 8080;  // 0 picks a free port
  std::string tls_certificate_file;  // PEM chain; TLS when both are set
  std::string tls_private_key_file;
  size_t body_limit_bytes = 1024 * 1024;
  // The body limit of uploads of images (POST /dicomweb/...): DICOM studies
  // are megabytes where everything else is kilobytes.
  size_t upload_limit_bytes = 256 * 1024 * 1024;
  // The body limit of an exercise set's keypoint trace (POST
  // /api/rehab/sets, docs/api.md "Rehabilitation"), when above
  // body_limit_bytes.
  size_t rehab_set_limit_bytes = 5 * 1024 * 1024;
  size_t header_limit_bytes = 16 * 1024;
  int request_timeout_ms = 30 * 1000;
  int io_threads = 2;  // HTTP requests and WebSocket upgrades
  // Threads that own upgraded (plain) WebSockets, each its own event loop,
  // so realtime traffic and HTTP requests never wait behind each other.
  int realtime_threads = 1;
  // How often a realtime loop reads its sockets when no tick's writes woke
  // it sooner (http_server_internal.h RealtimeLoop): frames wait at most
  // this long, and a crowd's poses cost one wake per interval.
  int realtime_read_interval_ms = 10;
  int worker_threads = 4;
  int shutdown_grace_ms = 10 * 1000;
  // Live WebSockets per session and per account (bench bots are exempt);
  // one more is refused with 429 "too_many_connections".
  ConnectionLimitOptions connection_limits;
  // Receives WebSocket messages; without one, /ws only answers "ping".
  // Not owned; must outlive the server.
  RealtimeGateway* gateway = nullptr;
  // The port of the media server's WebSocket for GET /janus
  // (janus_proxy.h), 0 while it is not running; unset: no /janus.
  std::function<uint16_t()> janus_port;
  // Its IPv4 address (host byte order) and path: loopback for the Janus
  // the server supervises, an external Janus's private address otherwise.
  uint32_t janus_ipv4 = 0x7f000001;
  std::string janus_path = "/janus";
  // Told about every answered request (the route pattern, "static", or ""
  // when nothing matched; never the path): the metrics. Called on I/O
  // threads; must be cheap and thread-safe. May be empty.
  std::function<void(std::string_view method, std::string_view route, int status,
                     double seconds)>
      on_request;
};

// Decides whether an upgrade to WebSocket on /ws is allowed (session and
// Origin checks) and who the client is; runs on a worker thread.
using WebSocketAuthorizer =
    std::function<StatusOr<ClientIdentity>(const HttpRequest&)>;
using HttpHandler = std::function<HttpResponse(const HttpRequest&)>;

class HttpServer {
 public:
  // Binds the listening socket. InvalidArgument ("bad_address"),
  // Unavailable ("bind_failed"), FailedPrecondition ("tls_config") for a
  // certificate or key that cannot be loaded.
  static StatusOr<std::unique_ptr<HttpServer>> Create(
      const HttpServerOptions& options, HttpHandler handler,
      WebSocketAuthorizer websocket_authorizer);
  ~HttpServer();

  uint16_t port() const;
  bool tls() const;

  // Serves until Stop() and the graceful shutdown complete.
  void Run();
  // Begins graceful shutdown; may be called from any thread or a signal
  // handler's asio callback.
  void Stop();

  struct Impl;  // internal state (http_server_internal.h)

 private:
  explicit HttpServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// The headers every response carries (HSTS only under TLS).
const std::vector<std::pair<std::string, std::string>>& SecurityHeaders(bool tls);

}  // namespace mc
