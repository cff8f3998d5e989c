// The listener (http_server.h): binds, accepts, hands each connection to
// its session (http_session.cpp), keeps the registry of live connections
// for graceful shutdown, and runs the I/O threads and realtime loops.
#include "net/http_server.h"

#include <openssl/ssl.h>

#include <chrono>

#include "net/http_server_internal.h"

namespace mc {

const std::vector<std::pair<std::string, std::string>>& SecurityHeaders(
    bool tls) {
  // Built once: every response carries them.
  static const auto build = [](bool with_hsts) {
    std::vector<std::pair<std::string, std::string>> headers = {
        {"Content-Security-Policy",
         "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; "
         "style-src 'self'; "
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

HttpServer::Impl::Impl(HttpServerOptions server_options,
                       HttpHandler http_handler, WebSocketAuthorizer authorizer)
    : options(std::move(server_options)),
      handler(std::move(http_handler)),
      websocket_authorizer(std::move(authorizer)) {
  for (int index = 0; index < std::max(1, options.realtime_threads); ++index) {
    realtime_loops.push_back(std::make_unique<RealtimeLoop>(
        std::chrono::milliseconds(options.realtime_read_interval_ms)));
  }
}

uint64_t HttpServer::Impl::Register(asio::any_io_executor executor,
                                    std::shared_ptr<ConnectionControl> control) {
  absl::MutexLock lock(&connections_mutex);
  const uint64_t id = next_connection_id++;
  connections.emplace(id, std::make_pair(executor, std::move(control)));
  return id;
}

void HttpServer::Impl::Unregister(uint64_t id) {
  absl::MutexLock lock(&connections_mutex);
  connections.erase(id);
}

size_t HttpServer::Impl::ConnectionCount() {
  absl::MutexLock lock(&connections_mutex);
  return connections.size();
}

void HttpServer::Impl::NotifyConnections() {
  absl::MutexLock lock(&connections_mutex);
  for (auto& [id, entry] : connections) {
    auto control = entry.second;
    asio::post(entry.first, [control] {
      if ((control->idle || control->websocket) && control->close) {
        control->close();
      }
    });
  }
}

RealtimeLoop& HttpServer::Impl::PickRealtimeLoop() {
  const size_t index = next_realtime_loop.fetch_add(1) % realtime_loops.size();
  return *realtime_loops[index];
}

void RealtimeLoop::ScheduleWrite(std::function<void()> start_write) {
  // The waiting loop thread re-checks WakeDue when the lock is released.
  absl::MutexLock lock(&mutex_);
  due_.push_back(std::move(start_write));
}

void RealtimeLoop::Run() {
  auto next_read = std::chrono::steady_clock::now();
  while (true) {
    {
      absl::MutexLock lock(&mutex_);
      const auto wait = next_read - std::chrono::steady_clock::now();
      if (wait > wait.zero()) {
        mutex_.AwaitWithTimeout(absl::Condition(this, &RealtimeLoop::WakeDue),
                                absl::FromChrono(wait));
      }
      if (stopping_) return;
      running_.swap(due_);
    }
    for (auto& start_write : running_) start_write();
    running_.clear();
    // One non-blocking pass over the reactor: reads, timers, posted work.
    io_.poll();
    const auto now = std::chrono::steady_clock::now();
    if (now >= next_read) next_read = now + read_interval_;
  }
}

void RealtimeLoop::Start() {
  thread_ = std::thread([this] { Run(); });
}

void RealtimeLoop::Stop() {
  {
    absl::MutexLock lock(&mutex_);
    stopping_ = true;
  }
  if (thread_.joinable()) thread_.join();
  guard_.reset();
  io_.stop();
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
      asio::co_spawn(
          executor,
          ServeConnection(TlsStream(std::move(socket), *tls_context),
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

namespace {

StatusOr<std::unique_ptr<asio::ssl::context>> MakeTlsContext(
    const HttpServerOptions& options) {
  auto context =
      std::make_unique<asio::ssl::context>(asio::ssl::context::tls_server);
  context->set_options(
      asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
      asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
      asio::ssl::context::no_tlsv1_1 | asio::ssl::context::single_dh_use);
  SSL_CTX_set_min_proto_version(context->native_handle(), TLS1_2_VERSION);
  beast::error_code error;
  context->use_certificate_chain_file(options.tls_certificate_file, error);
  if (!error) {
    context->use_private_key_file(options.tls_private_key_file,
                                  asio::ssl::context::pem, error);
  }
  if (error) {
    return FailedPrecondition("tls_config",
                              "cannot load the TLS certificate or private key");
  }
  return context;
}

}  // namespace

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
    MC_ASSIGN_OR_RETURN(impl->tls_context, MakeTlsContext(options));
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
  for (auto& loop : impl_->realtime_loops) loop->Start();
  std::vector<std::thread> threads;
  for (int index = 1; index < impl_->options.io_threads; ++index) {
    threads.emplace_back([this] { impl_->io.run(); });
  }
  impl_->io.run();
  for (auto& thread : threads) thread.join();
  // Every connection is gone (or the grace period ended): the loops stop.
  for (auto& loop : impl_->realtime_loops) loop->Stop();
  impl_->workers.join();
}

void HttpServer::Stop() {
  if (impl_->stopping.exchange(true)) return;
  asio::co_spawn(impl_->io, impl_->Shutdown(), asio::detached);
}

}  // namespace mc
