// The only translation unit that includes Beast's HTTP and WebSocket code
// (it is slow to compile); everything else talks through http_server.h.
#include "net/http_server.h"

#include <openssl/ssl.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <boost/asio.hpp>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <chrono>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <thread>

#include "core/crypto.h"
#include "core/error_map.h"

namespace mc {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using asio::awaitable;
using asio::use_awaitable;
constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);

const std::vector<std::pair<std::string, std::string>>& SecurityHeaders(
    bool tls) {
  // Built once: every response carries them.
  static const auto build = [](bool with_hsts) {
    std::vector<std::pair<std::string, std::string>> headers = {
        {"Content-Security-Policy",
         "default-src 'self'; script-src 'self'; style-src 'self'; "
         "img-src 'self' data: blob:; media-src 'self' blob:; "
         "connect-src 'self'; worker-src 'self' blob:; object-src 'none'; "
         "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"},
        {"X-Content-Type-Options", "nosniff"},
        {"Referrer-Policy", "no-referrer"},
        {"X-Frame-Options", "DENY"},
        {"Cross-Origin-Opener-Policy", "same-origin"},
        {"Permissions-Policy",
         "camera=(self), microphone=(self), xr-spatial-tracking=(self), "
         "geolocation=()"},
    };
    if (with_hsts) {
      headers.emplace_back("Strict-Transport-Security",
                           "max-age=31536000; includeSubDomains");
    }
    return headers;
  };
  static const auto plain = build(false);
  static const auto secure = build(true);
  return tls ? secure : plain;
}

namespace {

// What the server can do to a live connection during shutdown. Touched only
// on the connection's own strand.
struct ConnectionControl {
  bool idle = false;            // waiting for the next request on keep-alive
  bool websocket = false;       // upgraded; close with 1001 on shutdown
  std::function<void()> close;  // cancels the read / starts the WS close
};

}  // namespace

struct HttpServer::Impl {
  // Declaration order matters: destroying `io` destroys suspended
  // connection coroutines, which unregister themselves and use the TLS
  // context, so those members are declared (and outlive) before it.
  HttpServerOptions options;
  HttpHandler handler;
  WebSocketAuthorizer websocket_authorizer;
  ConnectionLimits connection_limits{options.connection_limits};
  RealtimeGateway* gateway = nullptr;
  std::unique_ptr<asio::ssl::context> tls_context;
  std::atomic<bool> stopping{false};

  std::mutex connections_mutex;
  uint64_t next_connection_id = 1;
  std::map<uint64_t,
           std::pair<asio::any_io_executor, std::shared_ptr<ConnectionControl>>>
      connections;

  asio::thread_pool workers{static_cast<size_t>(options.worker_threads)};
  asio::io_context io{options.io_threads};
  tcp::acceptor acceptor{io};

  Impl(HttpServerOptions server_options, HttpHandler http_handler,
       WebSocketAuthorizer authorizer)
      : options(std::move(server_options)),
        handler(std::move(http_handler)),
        websocket_authorizer(std::move(authorizer)) {}

  uint64_t Register(asio::any_io_executor executor,
                    std::shared_ptr<ConnectionControl> control) {
    std::lock_guard lock(connections_mutex);
    const uint64_t id = next_connection_id++;
    connections.emplace(id, std::make_pair(executor, std::move(control)));
    return id;
  }

  void Unregister(uint64_t id) {
    std::lock_guard lock(connections_mutex);
    connections.erase(id);
  }

  size_t ConnectionCount() {
    std::lock_guard lock(connections_mutex);
    return connections.size();
  }

  // Asks every connection to wind down; busy HTTP ones finish first.
  void NotifyConnections() {
    std::lock_guard lock(connections_mutex);
    for (auto& [id, entry] : connections) {
      auto control = entry.second;
      asio::post(entry.first, [control] {
        if ((control->idle || control->websocket) && control->close) {
          control->close();
        }
      });
    }
  }

  awaitable<void> Listen();
  awaitable<void> Shutdown();
  template <typename Stream>
  awaitable<void> ServeConnection(Stream stream, std::string remote);
  template <typename Stream>
  // Parameters are references to the caller's locals (the caller awaits).
  awaitable<void> ServeWebSocket(
      Stream& stream, http::request<http::string_body>& request,
      const std::shared_ptr<ConnectionControl>& control,
      const HttpRequest& summary, const ClientIdentity& client);
  // Runs blocking `work` on the worker pool; an exception becomes
  // `on_exception` (logged), never a crash.
  template <typename Result>
  awaitable<Result> RunOnWorker(std::function<Result()> work,
                                Result on_exception);
};

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
void LogRequest(const HttpRequest& request, int status,
                std::chrono::steady_clock::time_point started, std::string_view route) {
  const double duration_ms = std::chrono::duration<double, std::milli>(
                                 std::chrono::steady_clock::now() - started)
                                 .count();
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

}  // namespace

// Written with async_initiate and plain lambdas rather than a coroutine
// lambda: GCC 12 destroys a coroutine lambda's by-value captures twice.
template <typename Result>
awaitable<Result> HttpServer::Impl::RunOnWorker(std::function<Result()> work,
                                                Result on_exception) {
  auto initiation = [this, work = std::move(work),
                     on_exception =
                         std::move(on_exception)](auto handler) mutable {
    asio::post(workers,
               [work = std::move(work), on_exception = std::move(on_exception),
                handler = std::move(handler)]() mutable {
                 std::optional<Result> result;
                 try {
                   result.emplace(work());
                 } catch (const std::exception& error) {
                   spdlog::error("handler threw: {}", error.what());
                   result.emplace(std::move(on_exception));
                 }
                 auto executor = asio::get_associated_executor(handler);
                 asio::post(executor, [handler = std::move(handler),
                                       result = std::move(*result)]() mutable {
                   std::move(handler)(std::move(result));
                 });
               });
  };
  co_return co_await asio::async_initiate<decltype(use_awaitable),
                                          void(Result)>(std::move(initiation),
                                                        use_awaitable);
}

namespace {

// One WebSocket's outgoing frames. The gateway's FrameSender may run on any
// thread, so the queue is guarded by a mutex; the writer coroutine on the
// connection's strand drains it. Bounded by frames and bytes: a slow
// consumer loses droppable frames (snapshots), never memory.
struct Outbox {
  static constexpr size_t kMaxFrames = 256;
  static constexpr size_t kMaxBytes = 512 * 1024;

  std::mutex mutex;
  std::deque<std::string> frames;
  size_t bytes = 0;
  bool closed = false;  // no more frames accepted
  int close_code = 0;   // a close was requested with this code
  std::string close_reason;
  asio::any_io_executor executor;
  asio::steady_timer* wake = nullptr;  // strand only

  void Wake(const std::shared_ptr<Outbox>& self) {
    asio::post(executor, [self] {
      if (self->wake) self->wake->cancel();
    });
  }

  bool Push(const std::shared_ptr<Outbox>& self, std::string frame,
            Delivery delivery) {
    bool accepted = false;
    bool wake_writer = true;  // also after an overflow, to start the close
    {
      std::lock_guard lock(mutex);
      if (closed) return false;
      if (frames.size() >= kMaxFrames || bytes + frame.size() > kMaxBytes) {
        if (delivery == Delivery::kDroppable) return false;
        closed = true;
        close_code = 1008;
        close_reason = "send queue overflow";
      } else {
        // The writer only sleeps on an empty queue, so only the first frame
        // into an empty queue needs to wake it.
        wake_writer = frames.empty();
        bytes += frame.size();
        frames.push_back(std::move(frame));
        accepted = true;
      }
    }
    if (wake_writer) Wake(self);
    return accepted;
  }

  void RequestClose(const std::shared_ptr<Outbox>& self, int code,
                    std::string reason) {
    {
      std::lock_guard lock(mutex);
      if (close_code != 0) return;
      closed = true;
      close_code = code;
      close_reason = std::move(reason);
    }
    Wake(self);
  }
};

}  // namespace

template <typename Stream>
awaitable<void> HttpServer::Impl::ServeWebSocket(
    Stream& stream, http::request<http::string_body>& request,
    const std::shared_ptr<ConnectionControl>& control,
    const HttpRequest& summary, const ClientIdentity& client) {
  websocket::stream<Stream&> socket(stream);
  socket.set_option(
      websocket::stream_base::timeout::suggested(beast::role_type::server));
  socket.read_message_max(64 * 1024);
  socket.set_option(
      websocket::stream_base::decorator([](websocket::response_type& response) {
        response.set(http::field::server, "MetaClinic");
      }));
  LowestLayer(stream).expires_never();
  auto [accept_error] = co_await socket.async_accept(request, kNoThrow);
  if (accept_error) co_return;

  auto outbox = std::make_shared<Outbox>();
  outbox->executor = co_await asio::this_coro::executor;
  uint64_t gateway_id = 0;
  if (gateway) {
    FrameSender sender = [outbox](std::string frame, Delivery delivery) {
      return outbox->Push(outbox, std::move(frame), delivery);
    };
    ConnectionCloser closer = [outbox](int code, std::string reason) {
      outbox->RequestClose(outbox, code, std::move(reason));
    };
    std::function<StatusOr<uint64_t>()> open = [this, &client, &sender,
                                                &closer] {
      return gateway->Open(client, sender, closer);
    };
    StatusOr<uint64_t> fallback = Internal("internal", "internal error");
    StatusOr<uint64_t> opened = co_await RunOnWorker<StatusOr<uint64_t>>(
        std::move(open), std::move(fallback));
    if (!opened.ok()) {
      const websocket::close_reason reason(
          static_cast<websocket::close_code>(
              WebSocketCloseCodeFor(opened.status())),
          ErrorCode(opened.status()));
      co_await socket.async_close(reason, kNoThrow);
      co_return;
    }
    gateway_id = *opened;
  }
  spdlog::info("websocket open id={}", summary.request_id);
  control->websocket = true;
  control->close = [outbox] {
    outbox->RequestClose(outbox, 1001, "server shutting down");
  };
  if (stopping) control->close();

  auto reader = [&]() -> awaitable<void> {
    beast::flat_buffer buffer;
    while (true) {
      auto [read_error, bytes] = co_await socket.async_read(buffer, kNoThrow);
      if (read_error) break;
      const auto data = buffer.data();
      const std::string_view message(static_cast<const char*>(data.data()),
                                     data.size());
      if (gateway) {
        gateway->Receive(gateway_id, message, socket.got_binary());
      } else if (message == "ping") {
        // Without a realtime world the socket only answers "ping".
        outbox->Push(outbox, "pong", Delivery::kReliable);
      }
      buffer.consume(buffer.size());
    }
    outbox->RequestClose(outbox, 1000, "");  // lets the writer finish
  };
  auto writer = [&]() -> awaitable<void> {
    asio::steady_timer timer(co_await asio::this_coro::executor);
    outbox->wake = &timer;
    while (true) {
      std::string frame;
      bool have_frame = false;
      int close_code = 0;
      std::string close_reason;
      {
        std::lock_guard lock(outbox->mutex);
        if (!outbox->frames.empty()) {
          frame = std::move(outbox->frames.front());
          outbox->frames.pop_front();
          outbox->bytes -= frame.size();
          have_frame = true;
        } else if (outbox->close_code != 0) {
          close_code = outbox->close_code;
          close_reason = outbox->close_reason;
        }
      }
      if (have_frame) {
        socket.binary(gateway != nullptr);
        auto [write_error, written] =
            co_await socket.async_write(asio::buffer(frame), kNoThrow);
        if (write_error) break;
        continue;
      }
      if (close_code != 0) {
        if (socket.is_open()) {
          // Wait at most two seconds for the peer's close reply.
          websocket::stream_base::timeout timeouts;
          socket.get_option(timeouts);
          timeouts.handshake_timeout = std::chrono::seconds(2);
          socket.set_option(timeouts);
          const websocket::close_reason reason(
              static_cast<websocket::close_code>(close_code), close_reason);
          co_await socket.async_close(reason, kNoThrow);
        }
        break;
      }
      timer.expires_at(asio::steady_timer::time_point::max());
      co_await timer.async_wait(kNoThrow);
    }
    outbox->wake = nullptr;
    // A failed write ends the connection: stop the reader too.
    beast::error_code ignored;
    LowestLayer(stream).socket().shutdown(tcp::socket::shutdown_both, ignored);
  };
  using namespace boost::asio::experimental::awaitable_operators;
  // Named first: GCC 12 mishandles non-trivial temporaries inside co_await.
  awaitable<void> read_loop = reader();
  awaitable<void> write_loop = writer();
  awaitable<void> both = std::move(read_loop) && std::move(write_loop);
  co_await std::move(both);
  {
    std::lock_guard lock(outbox->mutex);
    outbox->closed = true;
    outbox->frames.clear();
  }
  control->close = nullptr;
  if (gateway) gateway->Closed(gateway_id);
  spdlog::info("websocket closed id={}", summary.request_id);
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
    parser.body_limit(options.body_limit_bytes);
    LowestLayer(stream).expires_after(
        std::chrono::milliseconds(options.request_timeout_ms));
    control->idle = true;
    auto [read_error, bytes_read] =
        co_await http::async_read(stream, buffer, parser, kNoThrow);
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
      LogRequest(summary, error.status, started, "");
      break;
    }
    if (read_error) break;  // closed, timed out, malformed or cancelled

    http::request<http::string_body> request = parser.release();
    HttpRequest converted = ToHttpRequest(request, remote, kTls);
    if (Status text = CheckRequestText(converted); !text.ok()) {
      HttpResponse error = HttpResponse::Error(text);
      auto response = ToBeastResponse(error, converted, request.version(), false);
      co_await http::async_write(stream, response, kNoThrow);
      LogRequest(converted, error.status, started, "");
      break;
    }

    if (websocket::is_upgrade(request) && converted.path == "/ws") {
      std::function<StatusOr<ClientIdentity>()> authorize =
          [this, &converted]() -> StatusOr<ClientIdentity> {
        if (!websocket_authorizer)
          return Unauthenticated("no_session", "please sign in");
        return websocket_authorizer(converted);
      };
      StatusOr<ClientIdentity> refused = Internal("internal", "internal error");
      StatusOr<ClientIdentity> client =
          co_await RunOnWorker<StatusOr<ClientIdentity>>(std::move(authorize),
                                                         std::move(refused));
      std::unique_ptr<ConnectionLimits::Ticket> ticket;
      if (client.ok() && client->role != "bot") {
        auto acquired = connection_limits.Acquire(client->session_key, client->user_id);
        if (acquired.ok()) {
          ticket = *std::move(acquired);
        } else {
          client = acquired.status();
        }
      }
      if (!client.ok()) {
        HttpResponse verdict = HttpResponse::Error(client.status());
        LogRequest(converted, verdict.status, started, "/ws");
        auto response =
            ToBeastResponse(verdict, converted, request.version(), false);
        co_await http::async_write(stream, response, kNoThrow);
        break;
      }
      LogRequest(converted, 101, started, "/ws");
      co_await ServeWebSocket(stream, request, control, converted, *client);
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
    LogRequest(converted, response.status, started, response.route);
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

awaitable<void> HttpServer::Impl::Listen() {
  while (!stopping) {
    auto [error, socket] =
        co_await acceptor.async_accept(asio::make_strand(io), kNoThrow);
    if (error) {
      if (stopping || error == asio::error::operation_aborted) break;
      continue;  // e.g. too many open files: keep serving the others
    }
    beast::error_code ignored;
    const auto endpoint = socket.remote_endpoint(ignored);
    std::string remote =
        ignored ? std::string("unknown") : endpoint.address().to_string();
    auto executor = socket.get_executor();
    if (tls_context) {
      asio::co_spawn(executor,
                     ServeConnection(beast::ssl_stream<beast::tcp_stream>(
                                         std::move(socket), *tls_context),
                                     std::move(remote)),
                     asio::detached);
    } else {
      asio::co_spawn(executor,
                     ServeConnection(beast::tcp_stream(std::move(socket)),
                                     std::move(remote)),
                     asio::detached);
    }
  }
}

awaitable<void> HttpServer::Impl::Shutdown() {
  beast::error_code ignored;
  acceptor.close(ignored);
  asio::steady_timer timer(co_await asio::this_coro::executor);
  const auto deadline = std::chrono::steady_clock::now() +
                        std::chrono::milliseconds(options.shutdown_grace_ms);
  while (ConnectionCount() > 0 && std::chrono::steady_clock::now() < deadline) {
    NotifyConnections();
    timer.expires_after(std::chrono::milliseconds(50));
    co_await timer.async_wait(kNoThrow);
  }
  io.stop();
}

HttpServer::HttpServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
HttpServer::~HttpServer() = default;

StatusOr<std::unique_ptr<HttpServer>> HttpServer::Create(
    const HttpServerOptions& options, HttpHandler handler,
    WebSocketAuthorizer websocket_authorizer) {
  auto impl = std::make_unique<Impl>(options, std::move(handler),
                                     std::move(websocket_authorizer));
  beast::error_code error;
  const auto address = asio::ip::make_address(options.host, error);
  if (error) {
    return InvalidArgument("bad_address",
                           "--host must be an IP address, e.g. 127.0.0.1");
  }
  if (!options.tls_certificate_file.empty() ||
      !options.tls_private_key_file.empty()) {
    auto context =
        std::make_unique<asio::ssl::context>(asio::ssl::context::tls_server);
    context->set_options(
        asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
        asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
        asio::ssl::context::no_tlsv1_1 | asio::ssl::context::single_dh_use);
    SSL_CTX_set_min_proto_version(context->native_handle(), TLS1_2_VERSION);
    context->use_certificate_chain_file(options.tls_certificate_file, error);
    if (!error) {
      context->use_private_key_file(options.tls_private_key_file,
                                    asio::ssl::context::pem, error);
    }
    if (error) {
      return FailedPrecondition(
          "tls_config", "cannot load the TLS certificate or private key");
    }
    impl->tls_context = std::move(context);
  }
  impl->gateway = options.gateway;
  const tcp::endpoint endpoint(address, options.port);
  impl->acceptor.open(endpoint.protocol(), error);
  if (!error)
    impl->acceptor.set_option(asio::socket_base::reuse_address(true), error);
  if (!error) impl->acceptor.bind(endpoint, error);
  if (!error)
    impl->acceptor.listen(asio::socket_base::max_listen_connections, error);
  if (error) {
    return Unavailable("bind_failed", "cannot listen on " + options.host + ":" +
                                          std::to_string(options.port) + ": " +
                                          error.message());
  }
  return std::unique_ptr<HttpServer>(new HttpServer(std::move(impl)));
}

uint16_t HttpServer::port() const {
  return impl_->acceptor.local_endpoint().port();
}

bool HttpServer::tls() const { return impl_->tls_context != nullptr; }

void HttpServer::Run() {
  asio::co_spawn(impl_->acceptor.get_executor(), impl_->Listen(),
                 asio::detached);
  std::vector<std::thread> threads;
  for (int index = 1; index < impl_->options.io_threads; ++index) {
    threads.emplace_back([this] { impl_->io.run(); });
  }
  impl_->io.run();
  for (auto& thread : threads) thread.join();
  impl_->workers.join();
}

void HttpServer::Stop() {
  if (impl_->stopping.exchange(true)) return;
  asio::co_spawn(impl_->io, impl_->Shutdown(), asio::detached);
}

}  // namespace mc
