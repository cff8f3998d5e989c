#include "net/websocket_outbox.h"

#include "net/websocket_frame.h"

namespace mc {

namespace frame = websocket_frame;

WebSocketOutbox::PushResult WebSocketOutbox::Push(std::string_view payload,
                                                  Delivery delivery,
                                                  frame::Opcode opcode) {
  absl::MutexLock lock(&mutex_);
  if (closed_ || close_code_ != 0) return PushResult::kDropped;
  const size_t size = frame::ServerHeaderSize(payload.size()) + payload.size();
  if (pending_frames_ >= kMaxFrames || pending_.size() + size > kMaxBytes) {
    if (delivery == Delivery::kDroppable) return PushResult::kDropped;
    close_code_ = 1008;
    close_reason_ = "send queue overflow";
    const bool wake = !scheduled_;
    scheduled_ = true;
    return wake ? PushResult::kClosing : PushResult::kQueued;
  }
  frame::AppendServerFrame(pending_, opcode, payload);
  ++pending_frames_;
  if (scheduled_) return PushResult::kQueued;
  scheduled_ = true;
  return PushResult::kWake;
}

bool WebSocketOutbox::RequestClose(int close_code, std::string_view reason) {
  absl::MutexLock lock(&mutex_);
  if (closed_ || close_code_ != 0) return false;
  close_code_ = close_code;
  close_reason_ = std::string(reason);
  const bool wake = !scheduled_;
  scheduled_ = true;
  return wake;
}

bool WebSocketOutbox::TakeForWrite(std::string& out, bool* close_after) {
  out.clear();
  *close_after = false;
  absl::MutexLock lock(&mutex_);
  if (closed_) {
    scheduled_ = false;
    return false;
  }
  if (!pending_.empty()) {
    out.swap(pending_);
    pending_frames_ = 0;
    if (close_code_ == 0) return true;
  }
  if (close_code_ != 0 && !close_sent_) {
    close_sent_ = true;
    frame::AppendCloseFrame(out, close_code_, close_reason_);
    *close_after = true;
    return true;
  }
  if (!out.empty()) return true;
  scheduled_ = false;
  return false;
}

void WebSocketOutbox::Shut() {
  absl::MutexLock lock(&mutex_);
  closed_ = true;
  pending_.clear();
  pending_.shrink_to_fit();
  pending_frames_ = 0;
}

size_t WebSocketOutbox::queued_bytes() const {
  absl::MutexLock lock(&mutex_);
  return pending_.size();
}

size_t WebSocketOutbox::queued_frames() const {
  absl::MutexLock lock(&mutex_);
  return pending_frames_;
}

bool WebSocketOutbox::closed() const {
  absl::MutexLock lock(&mutex_);
  return closed_;
}

}  // namespace mc
