// Internals of HttpServer (http_server.h), shared by its three translation
// units, one per role (Beast's chat-multi seams):
//   http_server.cpp       the listener: binding, accepting, Run/Stop and the
//                         registry of live connections for shutdown;
//   http_session.cpp      one HTTP/1.1 connection: requests, the worker
//                         hand-off, the WebSocket upgrade;
//   websocket_session.cpp one realtime connection after the upgrade, on a
//                         realtime loop (docs/world.md "Network path").
// Not an API: only those three files include it (it pulls in Asio).
#pragma once

#include <absl/base/thread_annotations.h>
#include <absl/synchronization/mutex.h>

#include <atomic>
#include <boost/asio.hpp>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/ssl.hpp>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "net/http_server.h"

namespace mc {

namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;
using asio::awaitable;
inline constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);
using TlsStream = beast::ssl_stream<beast::tcp_stream>;

// What the server can do to a live connection during shutdown. Touched only
// on the connection's own executor.
struct ConnectionControl {
  bool idle = false;            // waiting for the next request on keep-alive
  bool websocket = false;       // upgraded; close with 1001 on shutdown
  std::function<void()> close;  // cancels the read / starts the WS close
};

// One thread running one io_context. Realtime connections are adopted by
// exactly one loop and live on its thread, so their state needs no strand.
//
// The loop is not woken per frame. Its thread sleeps until either a batch of
// writers is due (ScheduleWrite: the tick's snapshots, one wake per loop per
// tick however many connections it wrote to) or `read_interval` has passed
// since its last pass; each pass runs the due writers and then polls the
// io_context once (its reactor without blocking): every socket that became
// readable since the last pass is read then, every complete frame handed on.
// Poses that arrive between passes wait for the next one (at most
// read_interval; the tick applies them only every tick_interval anyway), and
// a crowd's poses cost one wake per pass instead of one per frame. Handlers
// posted to io() from other threads (a session's start, timers) also run at
// the next pass.
class RealtimeLoop {
 public:
  explicit RealtimeLoop(std::chrono::milliseconds read_interval)
      : read_interval_(read_interval),
        io_(1),
        guard_(asio::make_work_guard(io_)) {}

  asio::io_context& io() { return io_; }
  // Runs `start_write` on the loop's thread at its next pass, which this
  // call starts at once when none is pending (one wake for a whole batch).
  // Thread-safe.
  void ScheduleWrite(std::function<void()> start_write);
  void Start();
  // Stops the thread (pending handlers are destroyed with the io_context).
  void Stop();

 private:
  void Run();
  bool WakeDue() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_) {
    return !due_.empty() || stopping_;
  }

  const std::chrono::milliseconds read_interval_;
  asio::io_context io_;
  asio::executor_work_guard<asio::io_context::executor_type> guard_;
  std::thread thread_;
  absl::Mutex mutex_;
  std::vector<std::function<void()>> due_ ABSL_GUARDED_BY(mutex_);
  bool stopping_ ABSL_GUARDED_BY(mutex_) = false;
  std::vector<std::function<void()>> running_;  // loop thread only
};

// Logs an exception a handler threw (http_session.cpp; keeps spdlog out of
// this header).
void LogHandlerException(const std::exception& error);

struct HttpServer::Impl {
  // Declaration order matters: destroying `io` and the realtime loops
  // destroys suspended connections, which unregister themselves and use
  // the TLS context, so those members are declared (and outlive) before.
  HttpServerOptions options;
  HttpHandler handler;
  WebSocketAuthorizer websocket_authorizer;
  ConnectionLimits connection_limits{options.connection_limits};
  RealtimeGateway* gateway = nullptr;
  std::unique_ptr<asio::ssl::context> tls_context;
  std::atomic<bool> stopping{false};

  absl::Mutex connections_mutex;
  uint64_t next_connection_id ABSL_GUARDED_BY(connections_mutex) = 1;
  std::map<uint64_t,
           std::pair<asio::any_io_executor, std::shared_ptr<ConnectionControl>>>
      connections ABSL_GUARDED_BY(connections_mutex);

  asio::thread_pool workers{static_cast<size_t>(options.worker_threads)};
  asio::io_context io{options.io_threads};
  tcp::acceptor acceptor{io};
  std::vector<std::unique_ptr<RealtimeLoop>> realtime_loops;
  std::atomic<size_t> next_realtime_loop{0};

  Impl(HttpServerOptions server_options, HttpHandler http_handler,
       WebSocketAuthorizer authorizer);

  // The connection registry (http_server.cpp); thread-safe.
  uint64_t Register(asio::any_io_executor executor,
                    std::shared_ptr<ConnectionControl> control);
  void Unregister(uint64_t id);
  size_t ConnectionCount();
  // Asks every connection to wind down; busy HTTP ones finish first.
  void NotifyConnections();

  awaitable<void> Listen();
  awaitable<void> Shutdown();
  // http_session.cpp; instantiated for beast::tcp_stream and TlsStream.
  template <typename Stream>
  awaitable<void> ServeConnection(Stream stream, std::string remote);
  // The session and Origin checks of an upgrade (/ws, /janus) on a worker,
  // then a live-connection ticket (bots are exempt).
  awaitable<StatusOr<ClientIdentity>> AuthorizeUpgrade(
      const HttpRequest& request,
      std::unique_ptr<ConnectionLimits::Ticket>& ticket);
  // Runs blocking `work` on the worker pool; an exception becomes
  // `on_exception` (logged), never a crash.
  template <typename Result>
  awaitable<Result> RunOnWorker(std::function<Result()> work,
                                Result on_exception);
  // Round robin over the realtime loops.
  RealtimeLoop& PickRealtimeLoop();
};

// Written with async_initiate and plain lambdas rather than a coroutine
// lambda: GCC 12 destroys a coroutine lambda's by-value captures twice.
template <typename Result>
awaitable<Result> HttpServer::Impl::RunOnWorker(std::function<Result()> work,
                                                Result on_exception) {
  auto initiation = [this, work = std::move(work),
                     on_exception =
                         std::move(on_exception)](auto handler) mutable {
    asio::post(workers, [work = std::move(work),
                         on_exception = std::move(on_exception),
                         handler = std::move(handler)]() mutable {
      std::optional<Result> result;
      try {
        result.emplace(work());
      } catch (const std::exception& error) {
        LogHandlerException(error);
        result.emplace(std::move(on_exception));
      }
      auto executor = asio::get_associated_executor(handler);
      asio::post(executor, [handler = std::move(handler),
                            result = std::move(*result)]() mutable {
        std::move(handler)(std::move(result));
      });
    });
  };
  co_return co_await asio::async_initiate<decltype(asio::use_awaitable),
                                          void(Result)>(std::move(initiation),
                                                        asio::use_awaitable);
}

// Serves an upgraded WebSocket (websocket_session.cpp) until it closes;
// the handshake is done. Plain TCP connections move to a realtime loop;
// TLS ones stay on their strand. Holds `ticket` for the socket's life.
awaitable<void> ServeWebSocket(
    HttpServer::Impl& server, beast::tcp_stream stream,
    const ClientIdentity& client, const std::string& request_id,
    std::unique_ptr<ConnectionLimits::Ticket> ticket);
awaitable<void> ServeWebSocket(
    HttpServer::Impl& server, TlsStream stream, const ClientIdentity& client,
    const std::string& request_id,
    std::unique_ptr<ConnectionLimits::Ticket> ticket);

}  // namespace mc
