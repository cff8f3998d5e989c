// WebSocketOutbox: one realtime connection's bounded send queue, kept as
// the bytes that go on the wire. Push appends a whole WebSocket frame
// (header and payload) to one buffer, so everything a tick queued for a
// client leaves in one write; the writer swaps the buffer out and writes it.
//
// Bounds: at most kMaxFrames frames and kMaxBytes bytes wait (not counting
// the buffer being written). When full, a droppable frame (a snapshot) is
// refused and a reliable one closes the connection with 1008 "send queue
// overflow", never silently lost.
//
// Wakes: Push returns kWake only when the outbox goes from idle to having
// bytes, i.e. once per batch: the caller then schedules the writer once
// (net's realtime loop batches those into one post per loop). The writer
// calls TakeForWrite until it returns false; only then is the outbox idle
// again.
//
// Threading: every method is thread-safe (one mutex, held for a copy).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include <absl/base/thread_annotations.h>
#include <absl/synchronization/mutex.h>

#include "net/websocket_frame.h"
#include "world/realtime_gateway.h"

namespace mc {

class WebSocketOutbox {
 public:
  static constexpr size_t kMaxFrames = 256;
  static constexpr size_t kMaxBytes = 512 * 1024;

  enum class PushResult {
    kQueued,   // the writer is already scheduled
    kWake,     // queued; schedule the writer
    kDropped,  // droppable frame refused (full), or the outbox is closed
    kClosing,  // reliable frame did not fit: a 1008 close was requested;
               // schedule the writer (it sends the close)
  };

  // Frames `payload` as one message (binary unless told) and queues it.
  PushResult Push(
      std::string_view payload, Delivery delivery,
      websocket_frame::Opcode opcode = websocket_frame::Opcode::kBinary);

  // Asks the writer to send a close frame after what is queued and end the
  // connection. The first request wins. Returns true when the writer must
  // be scheduled (it was idle).
  bool RequestClose(int close_code, std::string_view reason);

  // Writer side. Swaps the queued bytes into `out` (cleared first); when a
  // close was requested and nothing else waits, appends the close frame
  // and sets `*close_after` (the writer ends the connection after writing
  // it). False, and the outbox idle again, when there is nothing to write.
  bool TakeForWrite(std::string& out, bool* close_after);

  // No more frames are accepted (the connection is gone); drops what waits.
  void Shut();

  // Test and stats helpers.
  size_t queued_bytes() const;
  size_t queued_frames() const;
  bool closed() const;

 private:
  mutable absl::Mutex mutex_;
  std::string pending_ ABSL_GUARDED_BY(mutex_);
  size_t pending_frames_ ABSL_GUARDED_BY(mutex_) = 0;
  bool scheduled_ ABSL_GUARDED_BY(mutex_) = false;  // writer will look
  bool closed_ ABSL_GUARDED_BY(mutex_) = false;     // no more frames
  int close_code_ ABSL_GUARDED_BY(mutex_) = 0;
  std::string close_reason_ ABSL_GUARDED_BY(mutex_);
  bool close_sent_ ABSL_GUARDED_BY(mutex_) = false;
};

}  // namespace mc
