// One HTTP/1.1 connection (http_server.h): reads requests with Beast's
// parser under the header, body and time limits, runs each handler on the
// worker pool, writes the response with the security headers, and turns an
// authorised GET /ws into a WebSocket (websocket_session.cpp takes it from
// there) and an authorised GET /janus into a pipe to the media server
// (janus_proxy.h). The only translation unit with Beast's HTTP and WebSocket code.
#include <spdlog/spdlog.h>

#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <chrono>

#include "core/crypto.h"
#include "core/error_map.h"
#include "net/http_server_internal.h"
#include "net/janus_proxy.h"

namespace mc {

namespace http = beast::http;
namespace websocket = beast::websocket;

void LogHandlerException(const std::exception& error) {
  spdlog::error("handler threw: {}", error.what());
}

namespace {

HttpRequest ToHttpRequest(const http::request<http::string_body>& request,
                          const std::string& remote, bool tls) {
  HttpRequest converted;
  converted.method = std::string(request.method_string());
  const std::string target(request.target());
  const size_t question = target.find('?');
  const std::string raw_path = target.substr(0, question);
  if (!PercentDecode(raw_path, false, &converted.path) ||
      converted.path.empty() || converted.path[0] != '/') {
    converted.path = "/\x01invalid";  // matches no route, no file
  }
  if (question != std::string::npos)
    converted.query = target.substr(question + 1);
  for (const auto& field : request) {
    std::string name(field.name_string());
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    converted.headers[name] = std::string(field.value());
  }
  converted.body = request.body();
  converted.remote_address = remote;
  converted.request_id = RandomHex(8);
  converted.tls = tls;
  return converted;
}

http::response<http::string_body> ToBeastResponse(const HttpResponse& response,
                                                  const HttpRequest& request,
                                                  unsigned version,
                                                  bool keep_alive) {
  http::response<http::string_body> out{
      static_cast<http::status>(response.status), version};
  out.set(http::field::server, "MetaClinic");
  if (!response.content_type.empty()) {
    out.set(http::field::content_type, response.content_type);
  }
  for (const auto& [name, value] : SecurityHeaders(request.tls)) {
    out.set(name, value);
  }
  bool has_cache_control = false;
  for (const auto& [name, value] : response.headers) {
    out.insert(name, value);
    has_cache_control |= name == "Cache-Control";
  }
  if (!has_cache_control) out.set(http::field::cache_control, "no-store");
  out.set("X-Request-Id", request.request_id);
  out.keep_alive(keep_alive);
  if (request.method != "HEAD") out.body() = response.body;
  out.prepare_payload();
  if (request.method == "HEAD") {
    out.content_length(response.body.size());
  }
  return out;
}

// One line per request. It names the route pattern that answered, not the
// path: paths carry patient pseudonyms and record ids, queries and bodies
// tokens and patient data. Only a static file served is named by its path
// (the web root holds no patient data); anything unrouted is "-".
void LogRequest(const HttpServerOptions& options, const HttpRequest& request, int status,
                std::chrono::steady_clock::time_point started, std::string_view route) {
  const double duration_ms = std::chrono::duration<double, std::milli>(
                                 std::chrono::steady_clock::now() - started)
                                 .count();
  if (options.on_request) {
    options.on_request(request.method, route == "static" ? "static" : route, status,
                       duration_ms / 1000.0);
  }
  std::string named = route.empty() ? "-" : std::string(route);
  if (route == "static") {
    std::string path = status < 400 ? request.path.substr(0, 200) : "-";
    for (char& c : path) {
      if (static_cast<unsigned char>(c) < 0x20 || c == ' ') c = '?';
    }
    named += " path=" + path;
  }
  spdlog::info("request id={} method={} route={} status={} duration_ms={:.2f} remote={}",
               request.request_id, request.method, named, status, duration_ms,
               request.remote_address);
}

template <typename Stream>
auto& LowestLayer(Stream& stream) {
  return beast::get_lowest_layer(stream);
}

// The WebSocket handshake (Beast validates the upgrade and answers 101);
// false when it failed and the connection is done. After it the session
// frames the stream itself (websocket_frame.h).
template <typename Stream>
awaitable<bool> AcceptWebSocket(Stream& stream,
                                http::request<http::string_body>& request) {
  websocket::stream<Stream&> socket(stream);
  socket.set_option(
      websocket::stream_base::decorator([](websocket::response_type& response) {
        response.set(http::field::server, "MetaClinic");
      }));
  LowestLayer(stream).expires_after(std::chrono::seconds(30));
  auto [accept_error] = co_await socket.async_accept(request, kNoThrow);
  LowestLayer(stream).expires_never();
  co_return !accept_error;
}

}  // namespace

awaitable<StatusOr<ClientIdentity>> HttpServer::Impl::AuthorizeUpgrade(
    const HttpRequest& request,
    std::unique_ptr<ConnectionLimits::Ticket>& ticket) {
  std::function<StatusOr<ClientIdentity>()> authorize =
      [this, &request]() -> StatusOr<ClientIdentity> {
    if (!websocket_authorizer)
      return Unauthenticated("no_session", "please sign in");
    return websocket_authorizer(request);
  };
  StatusOr<ClientIdentity> refused = Internal("internal", "internal error");
  StatusOr<ClientIdentity> client = co_await RunOnWorker<StatusOr<ClientIdentity>>(
      std::move(authorize), std::move(refused));
  if (client.ok() && client->role != "bot") {
    auto acquired =
        connection_limits.Acquire(client->session_key, client->user_id);
    if (!acquired.ok()) co_return acquired.status();
    ticket = *std::move(acquired);
  }
  co_return client;
}

template <typename Stream>
awaitable<void> HttpServer::Impl::ServeConnection(Stream stream,
                                                  std::string remote) {
  auto control = std::make_shared<ConnectionControl>();
  const asio::any_io_executor executor = co_await asio::this_coro::executor;
  const uint64_t connection_id = Register(executor, control);
  struct Unregisterer {
    Impl* impl;
    uint64_t id;
    std::shared_ptr<ConnectionControl> control;
    ~Unregisterer() {
      control->close = nullptr;
      impl->Unregister(id);
    }
  } unregister{this, connection_id, control};
  control->close = [&stream] {
    beast::error_code ignored;
    LowestLayer(stream).socket().shutdown(tcp::socket::shutdown_both, ignored);
    LowestLayer(stream).cancel();
  };

  constexpr bool kTls = !std::is_same_v<Stream, beast::tcp_stream>;
  if constexpr (kTls) {
    LowestLayer(stream).expires_after(
        std::chrono::milliseconds(options.request_timeout_ms));
    auto [handshake_error] = co_await stream.async_handshake(
        asio::ssl::stream_base::server, kNoThrow);
    if (handshake_error) co_return;
  }

  beast::flat_buffer buffer;
  while (!stopping) {
    http::request_parser<http::string_body> parser;
    parser.header_limit(static_cast<uint32_t>(options.header_limit_bytes));
    // The header decides the limit: uploads of images may be larger. Beast
    // checks Content-Length against the limit set when the header is read.
    parser.body_limit(std::max({options.body_limit_bytes, options.upload_limit_bytes,
                                options.rehab_set_limit_bytes}));
    LowestLayer(stream).expires_after(
        std::chrono::milliseconds(options.request_timeout_ms));
    control->idle = true;
    auto [read_error, bytes_read] =
        co_await http::async_read_header(stream, buffer, parser, kNoThrow);
    if (!read_error) {
      const auto& header = parser.get();
      const bool upload = header.method() == http::verb::post &&
                          header.target().starts_with("/dicomweb/");
      const bool rehab_set = header.method() == http::verb::post &&
                             header.target() == "/api/rehab/sets";
      const size_t limit =
          upload ? options.upload_limit_bytes
                 : rehab_set ? std::max(options.body_limit_bytes, options.rehab_set_limit_bytes)
                             : options.body_limit_bytes;
      if (parser.content_length() && *parser.content_length() > limit) {
        read_error = http::error::body_limit;
      } else {
        parser.body_limit(limit);
        std::tie(read_error, bytes_read) =
            co_await http::async_read(stream, buffer, parser, kNoThrow);
      }
    }
    control->idle = false;
    const auto started = std::chrono::steady_clock::now();
    if (read_error == http::error::body_limit ||
        read_error == http::error::header_limit) {
      HttpRequest summary;
      summary.method = "?";
      summary.path = "?";
      summary.request_id = RandomHex(8);
      summary.remote_address = remote;
      summary.tls = kTls;
      const bool body = read_error == http::error::body_limit;
      HttpResponse error = HttpResponse::Error(
          ResourceExhausted(body ? "body_too_large" : "headers_too_large",
                            body ? "the request body is too large"
                                 : "the request headers are too large"));
      auto response = ToBeastResponse(error, summary, 11, false);
      co_await http::async_write(stream, response, kNoThrow);
      LogRequest(options, summary, error.status, started, "");
      break;
    }
    if (read_error) break;  // closed, timed out, malformed or cancelled

    http::request<http::string_body> request = parser.release();
    HttpRequest converted = ToHttpRequest(request, remote, kTls);
    if (Status text = CheckRequestText(converted); !text.ok()) {
      HttpResponse error = HttpResponse::Error(text);
      auto response = ToBeastResponse(error, converted, request.version(), false);
      co_await http::async_write(stream, response, kNoThrow);
      LogRequest(options, converted, error.status, started, "");
      break;
    }

    if (websocket::is_upgrade(request) &&
        (converted.path == "/ws" || converted.path == "/janus")) {
      const bool janus = converted.path == "/janus";
      std::unique_ptr<ConnectionLimits::Ticket> ticket;
      StatusOr<ClientIdentity> client =
          co_await AuthorizeUpgrade(converted, ticket);
      uint16_t janus_port = 0;
      if (client.ok() && janus) {
        janus_port = options.janus_port ? options.janus_port() : 0;
        if (janus_port == 0) {
          client = Unavailable("media_unavailable",
                               "group rooms' media server is not running");
        } else if (!AsksForJanusProtocol(request)) {
          client = InvalidArgument("bad_subprotocol",
                                   "ask for the janus-protocol subprotocol");
        }
      }
      if (!client.ok()) {
        HttpResponse verdict = HttpResponse::Error(client.status());
        LogRequest(options, converted, verdict.status, started, converted.path);
        auto response =
            ToBeastResponse(verdict, converted, request.version(), false);
        co_await http::async_write(stream, response, kNoThrow);
        break;
      }
      if (janus) {
        LogRequest(options, converted, 101, started, "/janus");
        // A named local, not a braced temporary in the co_await (GCC's
        // coroutines free such a temporary's string twice).
        const janus_proxy::Target target{options.janus_ipv4, janus_port, options.janus_path};
        if (!co_await ProxyToJanus(stream, buffer, request, target)) {
          HttpResponse verdict = HttpResponse::Error(Unavailable(
              "media_unavailable", "group rooms' media server is not answering"));
          auto response =
              ToBeastResponse(verdict, converted, request.version(), false);
          co_await http::async_write(stream, response, kNoThrow);
        }
        co_return;
      }
      LogRequest(options, converted, 101, started, "/ws");
      if (!co_await AcceptWebSocket(stream, request)) co_return;
      control->close = nullptr;  // the stream moves to the WebSocket session
      co_await ServeWebSocket(*this, std::move(stream), *client,
                              converted.request_id, std::move(ticket));
      co_return;
    }

    std::function<HttpResponse()> handle = [this, &converted] {
      return handler(converted);
    };
    HttpResponse failed =
        HttpResponse::Error(Internal("internal", "internal error"));
    HttpResponse response = co_await RunOnWorker<HttpResponse>(
        std::move(handle), std::move(failed));
    const bool keep_alive = request.keep_alive() && !stopping;
    auto beast_response =
        ToBeastResponse(response, converted, request.version(), keep_alive);
    auto [write_error, written] =
        co_await http::async_write(stream, beast_response, kNoThrow);
    LogRequest(options, converted, response.status, started, response.route);
    if (write_error || !keep_alive) break;
  }
  if constexpr (kTls) {
    LowestLayer(stream).expires_after(std::chrono::seconds(2));
    co_await stream.async_shutdown(kNoThrow);
  } else {
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
  }
}

template awaitable<void> HttpServer::Impl::ServeConnection(
    beast::tcp_stream stream, std::string remote);
template awaitable<void> HttpServer::Impl::ServeConnection(TlsStream stream,
                                                           std::string remote);

}  // namespace mc
