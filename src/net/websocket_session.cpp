// One realtime connection after the WebSocket upgrade (http_server.h,
// docs/world.md "Network path"). The session frames the stream itself
// (websocket_frame.h): each read's completion parses every frame the read
// brought and hands whole messages to the gateway (plain callbacks, no
// coroutine frame per read); a writer sends what the outbox
// gathered, one write per wake, straight from the loop's thread (a plain
// socket is written without blocking and falls back to an asynchronous
// write only when the kernel's buffer is full).
//
// Everything here runs on the session's executor: its realtime loop's one
// thread (plain TCP) or its HTTP strand (TLS). Only the outbox and Wake are
// touched from other threads (the world's tick).
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <chrono>
#include <cstring>

#include "core/error_map.h"
#include "net/http_server_internal.h"
#include "net/websocket_frame.h"
#include "net/websocket_outbox.h"

namespace mc {
namespace {

namespace frame = websocket_frame;

constexpr size_t kMaxMessageBytes = 64 * 1024;
constexpr size_t kReadChunkBytes = 4096;
constexpr size_t kReadBufferKeepBytes = 16 * 1024;
constexpr auto kCloseWait = std::chrono::seconds(2);

template <typename Stream>
class WebSocketSession
    : public std::enable_shared_from_this<WebSocketSession<Stream>> {
 public:
  WebSocketSession(HttpServer::Impl& server, Stream stream, RealtimeLoop* loop,
                   std::unique_ptr<ConnectionLimits::Ticket> ticket,
                   std::string request_id)
      : server_(server),
        stream_(std::move(stream)),
        executor_(stream_.get_executor()),
        loop_(loop),
        close_timer_(executor_),
        ticket_(std::move(ticket)),
        request_id_(std::move(request_id)) {}

  // Opens the connection with the gateway (on a worker) and starts the
  // session. Runs on the HTTP strand that did the upgrade.
  static awaitable<void> Start(std::shared_ptr<WebSocketSession> self,
                               ClientIdentity client);
  // Any thread: the outbox has bytes (or a close) for the writer.
  void Wake();

  WebSocketOutbox outbox;

 private:
  void Begin();
  void StartRead();
  void OnRead(const beast::error_code& error, size_t bytes);
  // Reading stopped (the peer's close, a protocol error, a failed socket):
  // answer with a close frame if the socket still works, within kCloseWait,
  // then end the session.
  void EndReading();
  bool HandleFrame(const frame::ParsedFrame& parsed, std::string& payload);
  void Deliver(std::string_view message, bool binary);
  void StartWrite();
  bool WriteWithoutBlocking();
  void OnCloseWritten();
  void Fail();
  void CloseSocket();
  void Finish();
  void RequestClose(int code, std::string_view reason) {
    if (outbox.RequestClose(code, reason)) Wake();
  }

  HttpServer::Impl& server_;
  Stream stream_;
  asio::any_io_executor executor_;
  RealtimeLoop* loop_;  // null: a TLS session on its strand
  asio::steady_timer close_timer_;
  std::unique_ptr<ConnectionLimits::Ticket> ticket_;
  std::string request_id_;
  uint64_t gateway_id_ = 0;
  uint64_t registry_id_ = 0;
  frame::MessageAssembler assembler_{kMaxMessageBytes};
  std::string read_buffer_;
  size_t read_used_ = 0;  // bytes of read_buffer_ not parsed yet
  std::string payload_;   // the frame being parsed (reused)
  // Writer state (executor only).
  std::string write_buffer_;
  size_t write_offset_ = 0;
  bool writing_ = false;        // an asynchronous write is in flight
  bool close_after_ = false;    // write_buffer_ ends with our close frame
  bool close_written_ = false;  // our close frame is on the wire
  bool waiting_for_close_ = false;  // Run waits on close_timer_ for it
  bool socket_closed_ = false;
  bool finished_ = false;
  // Why the read loop ended, for the close frame we answer with.
  int close_code_ = frame::kCloseNormal;
  std::string close_reason_;
};

template <typename Stream>
awaitable<void> WebSocketSession<Stream>::Start(
    std::shared_ptr<WebSocketSession> self, ClientIdentity client) {
  if (self->server_.gateway) {
    // The world holds these until it has processed Closed; after Finish the
    // outbox refuses everything.
    FrameSender sender = [session = self](std::string_view payload,
                                          Delivery delivery) {
      using Result = WebSocketOutbox::PushResult;
      const Result result = session->outbox.Push(payload, delivery);
      if (result == Result::kWake || result == Result::kClosing) {
        session->Wake();
      }
      return result == Result::kQueued || result == Result::kWake;
    };
    ConnectionCloser closer = [session = self](int code, std::string reason) {
      session->RequestClose(code, reason);
    };
    RealtimeGateway* gateway = self->server_.gateway;
    std::function<StatusOr<uint64_t>()> open = [gateway, &client, &sender,
                                                &closer] {
      return gateway->Open(client, sender, closer);
    };
    StatusOr<uint64_t> fallback = Internal("internal", "internal error");
    HttpServer::Impl& server = self->server_;
    StatusOr<uint64_t> opened = co_await server.RunOnWorker<StatusOr<uint64_t>>(
        std::move(open), std::move(fallback));
    if (opened.ok()) {
      self->gateway_id_ = *opened;
    } else {
      self->outbox.RequestClose(WebSocketCloseCodeFor(opened.status()),
                                ErrorCode(opened.status()));
    }
  }
  spdlog::info("websocket open id={}", self->request_id_);
  asio::post(self->executor_, [self] { self->Begin(); });
}

template <typename Stream>
void WebSocketSession<Stream>::Begin() {
  auto control = std::make_shared<ConnectionControl>();
  control->websocket = true;
  std::weak_ptr<WebSocketSession> weak = this->shared_from_this();
  control->close = [weak] {
    if (auto session = weak.lock()) {
      session->RequestClose(frame::kCloseGoingAway, "server shutting down");
    }
  };
  registry_id_ = server_.Register(executor_, control);
  if (server_.stopping) control->close();
  StartWrite();  // frames queued before the session ran
  StartRead();
}

template <typename Stream>
void WebSocketSession<Stream>::StartRead() {
  if (socket_closed_) {
    EndReading();
    return;
  }
  if (read_buffer_.size() - read_used_ < kReadChunkBytes) {
    read_buffer_.resize(read_used_ + kReadChunkBytes);
  }
  auto self = this->shared_from_this();
  stream_.async_read_some(asio::buffer(read_buffer_.data() + read_used_,
                                       read_buffer_.size() - read_used_),
                          [self](const beast::error_code& error, size_t bytes) {
                            self->OnRead(error, bytes);
                          });
}

template <typename Stream>
void WebSocketSession<Stream>::OnRead(const beast::error_code& error,
                                      size_t bytes) {
  if (error) {
    EndReading();
    return;
  }
  read_used_ += bytes;
  size_t offset = 0;
  while (offset < read_used_) {
    const frame::ParseOutcome outcome = frame::ParseFrame(
        std::string_view(read_buffer_.data() + offset, read_used_ - offset),
        true, kMaxMessageBytes, payload_);
    if (outcome.result == frame::ParseResult::kNeedMore) break;
    if (outcome.result == frame::ParseResult::kError) {
      close_code_ = outcome.error_code;
      close_reason_ = outcome.error_reason;
      EndReading();
      return;
    }
    offset += outcome.frame.consumed;
    if (!HandleFrame(outcome.frame, payload_)) {
      EndReading();
      return;
    }
  }
  std::memmove(read_buffer_.data(), read_buffer_.data() + offset,
               read_used_ - offset);
  read_used_ -= offset;
  if (read_buffer_.size() > kReadBufferKeepBytes &&
      read_used_ < kReadChunkBytes) {
    read_buffer_.resize(kReadChunkBytes);  // after a large message
    read_buffer_.shrink_to_fit();
  }
  StartRead();
}

template <typename Stream>
void WebSocketSession<Stream>::EndReading() {
  if (!socket_closed_ && !close_written_) {
    RequestClose(close_code_, close_reason_);
    waiting_for_close_ = true;
    close_timer_.expires_after(kCloseWait);
    auto self = this->shared_from_this();
    // Runs when the close frame is written (OnCloseWritten cancels the
    // wait), the socket fails (Fail), or kCloseWait passes.
    close_timer_.async_wait([self](const beast::error_code&) {
      self->CloseSocket();
      self->Finish();
    });
    return;
  }
  CloseSocket();
  Finish();
}

// False when reading must stop (the peer's close, a protocol error).
template <typename Stream>
bool WebSocketSession<Stream>::HandleFrame(const frame::ParsedFrame& parsed,
                                           std::string& payload) {
  switch (assembler_.Add(parsed, payload)) {
    case frame::MessageAssembler::Step::kNone:
      return true;
    case frame::MessageAssembler::Step::kError:
      close_code_ = assembler_.error_code();
      close_reason_ = assembler_.error_reason();
      return false;
    case frame::MessageAssembler::Step::kMessage:
      Deliver(assembler_.message(), assembler_.binary());
      return true;
    case frame::MessageAssembler::Step::kControl:
      break;
  }
  if (parsed.opcode == frame::Opcode::kPing) {
    if (outbox.Push(payload, Delivery::kReliable, frame::Opcode::kPong) ==
        WebSocketOutbox::PushResult::kWake) {
      Wake();
    }
    return true;
  }
  if (parsed.opcode == frame::Opcode::kPong) return true;
  // The peer's close: echo its code (RFC 6455 5.5.1).
  close_code_ = payload.size() >= 2
                    ? (static_cast<uint8_t>(payload[0]) << 8) |
                          static_cast<uint8_t>(payload[1])
                    : frame::kCloseNormal;
  close_reason_.clear();
  return false;
}

template <typename Stream>
void WebSocketSession<Stream>::Deliver(std::string_view message, bool binary) {
  if (server_.gateway) {
    if (gateway_id_ != 0) server_.gateway->Receive(gateway_id_, message, binary);
  } else if (message == "ping") {
    // Without a realtime world the socket only answers "ping".
    if (outbox.Push("pong", Delivery::kReliable, frame::Opcode::kText) ==
        WebSocketOutbox::PushResult::kWake) {
      Wake();
    }
  }
}

template <typename Stream>
void WebSocketSession<Stream>::Wake() {
  auto self = this->shared_from_this();
  if (loop_ != nullptr) {
    loop_->ScheduleWrite([self] { self->StartWrite(); });
  } else {
    asio::post(executor_, [self] { self->StartWrite(); });
  }
}

template <typename Stream>
void WebSocketSession<Stream>::StartWrite() {
  while (!writing_ && !socket_closed_) {
    if (write_offset_ == write_buffer_.size()) {
      if (close_after_) {
        close_after_ = false;
        OnCloseWritten();
        return;
      }
      bool close_after = false;
      write_offset_ = 0;  // TakeForWrite clears write_buffer_ either way
      if (!outbox.TakeForWrite(write_buffer_, &close_after)) return;
      close_after_ = close_after;
    }
    if (WriteWithoutBlocking()) continue;
    if (socket_closed_) return;
    writing_ = true;
    auto self = this->shared_from_this();
    asio::async_write(
        stream_,
        asio::buffer(write_buffer_.data() + write_offset_,
                     write_buffer_.size() - write_offset_),
        [self](const beast::error_code& error, size_t bytes) {
          self->writing_ = false;
          if (error) {
            self->Fail();
            return;
          }
          self->write_offset_ += bytes;
          self->StartWrite();
        });
  }
}

// True when the whole buffer went out at once (a plain socket whose kernel
// buffer has room: no handler, no wake of another thread).
template <typename Stream>
bool WebSocketSession<Stream>::WriteWithoutBlocking() {
  if constexpr (std::is_same_v<Stream, tcp::socket>) {
    beast::error_code error;
    if (!stream_.non_blocking()) stream_.non_blocking(true, error);
    const size_t bytes = stream_.write_some(
        asio::buffer(write_buffer_.data() + write_offset_,
                     write_buffer_.size() - write_offset_),
        error);
    if (error && error != asio::error::would_block) {
      Fail();
      return false;
    }
    write_offset_ += bytes;
    return write_offset_ == write_buffer_.size();
  } else {
    return false;
  }
}

template <typename Stream>
void WebSocketSession<Stream>::OnCloseWritten() {
  close_written_ = true;
  if (waiting_for_close_) {
    close_timer_.cancel();  // Run goes on to close the socket
    return;
  }
  // We started the close: the peer has kCloseWait to answer it.
  auto self = this->shared_from_this();
  close_timer_.expires_after(kCloseWait);
  close_timer_.async_wait([self](const beast::error_code& error) {
    if (!error) self->CloseSocket();
  });
}

template <typename Stream>
void WebSocketSession<Stream>::Fail() {
  CloseSocket();
  if (waiting_for_close_) close_timer_.cancel();
}

template <typename Stream>
void WebSocketSession<Stream>::CloseSocket() {
  if (socket_closed_) return;
  socket_closed_ = true;
  beast::error_code ignored;
  auto& socket = beast::get_lowest_layer(stream_);
  if constexpr (std::is_same_v<Stream, tcp::socket>) {
    socket.shutdown(tcp::socket::shutdown_both, ignored);
    socket.close(ignored);
  } else {
    socket.socket().shutdown(tcp::socket::shutdown_both, ignored);
    socket.close();
  }
}

template <typename Stream>
void WebSocketSession<Stream>::Finish() {
  if (finished_) return;
  finished_ = true;
  close_timer_.cancel();
  outbox.Shut();
  if (server_.gateway && gateway_id_ != 0) server_.gateway->Closed(gateway_id_);
  server_.Unregister(registry_id_);
  ticket_.reset();
  spdlog::info("websocket closed id={}", request_id_);
}

}  // namespace

awaitable<void> ServeWebSocket(
    HttpServer::Impl& server, beast::tcp_stream stream,
    const ClientIdentity& client, const std::string& request_id,
    std::unique_ptr<ConnectionLimits::Ticket> ticket) {
  // The socket moves to a realtime loop: its own thread from now on.
  RealtimeLoop& loop = server.PickRealtimeLoop();
  beast::error_code error;
  tcp::socket& http_socket = stream.socket();
  const auto protocol = http_socket.local_endpoint(error).protocol();
  if (error) co_return;
  const auto native = http_socket.release(error);
  if (error) co_return;
  tcp::socket socket(loop.io());
  socket.assign(protocol, native, error);
  if (error) {
    ::close(native);
    co_return;
  }
  beast::error_code ignored;
  socket.set_option(tcp::no_delay(true), ignored);
  using Session = WebSocketSession<tcp::socket>;
  auto session = std::make_shared<Session>(server, std::move(socket), &loop,
                                           std::move(ticket), request_id);
  co_await Session::Start(session, client);
}

awaitable<void> ServeWebSocket(
    HttpServer::Impl& server, TlsStream stream, const ClientIdentity& client,
    const std::string& request_id,
    std::unique_ptr<ConnectionLimits::Ticket> ticket) {
  using Session = WebSocketSession<TlsStream>;
  auto session = std::make_shared<Session>(server, std::move(stream), nullptr,
                                           std::move(ticket), request_id);
  co_await Session::Start(session, client);
}

}  // namespace mc
