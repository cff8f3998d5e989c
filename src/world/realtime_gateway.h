// RealtimeGateway: the contract between the WebSocket server (net) and the
// realtime world (world). net owns sockets, TLS, framing limits and each
// connection's bounded send queue; world owns what the bytes mean.
//
// Threading: Open runs on a worker thread (it may block briefly); Receive and
// Closed run on a connection's I/O strand and must not block. The Sender and
// Closer handed to Open are thread-safe and may be called from any thread
// (e.g. the world's tick thread) until Closed has returned; after that they
// do nothing.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "core/status.h"

namespace mc {

// Who is behind a connection (from the session, checked by net).
struct ClientIdentity {
  int64_t user_id = 0;      // 0 for a guest or a bench bot
  std::string role;         // auth role, "guest", or "bot" (bench mode only)
  std::string display_name;
  std::string guest_purpose;      // guests: e.g. "appointment:42"
  std::string patient_pseudonym;  // patients
  std::string session_key;        // the session's token hash (connection limits)
};

// How a frame may be treated when the connection's send queue is full.
enum class Delivery {
  kDroppable,  // a snapshot: dropped when the queue is full
  kReliable,   // an event: when it cannot be queued the connection is
               // closed (1008 "send queue overflow"), never silently lost
};

// Queues one binary frame (copied into the connection's write buffer before
// it returns, so the caller may reuse its buffer); false when it was
// dropped or the connection is gone.
using FrameSender =
    std::function<bool(std::string_view frame, Delivery delivery)>;
// Closes the connection with a WebSocket close code and a short reason.
using ConnectionCloser = std::function<void(int close_code, std::string reason)>;

class RealtimeGateway {
 public:
  virtual ~RealtimeGateway() = default;

  // A client finished the WebSocket handshake. Returns the connection id
  // that later calls name, or an error (net closes with the mapped code).
  virtual StatusOr<uint64_t> Open(const ClientIdentity& client,
                                  FrameSender sender,
                                  ConnectionCloser closer) = 0;

  // One complete message (at most 64 KiB; net closes larger ones with 1009).
  virtual void Receive(uint64_t connection, std::string_view frame,
                       bool binary) = 0;

  // The connection is gone (closed by either side, or failed).
  virtual void Closed(uint64_t connection) = 0;
};

}  // namespace mc
