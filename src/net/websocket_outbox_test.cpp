#include "net/websocket_outbox.h"

#include <gtest/gtest.h>

namespace mc {
namespace {

using Result = WebSocketOutbox::PushResult;

TEST(WebSocketOutbox, WakesOncePerBatchAndWritesItInOneBuffer) {
  WebSocketOutbox outbox;
  EXPECT_EQ(outbox.Push("a", Delivery::kDroppable), Result::kWake);
  EXPECT_EQ(outbox.Push("bc", Delivery::kReliable), Result::kQueued);
  std::string out;
  bool close_after = true;
  ASSERT_TRUE(outbox.TakeForWrite(out, &close_after));
  EXPECT_FALSE(close_after);
  EXPECT_EQ(out, std::string("\x82\x01" "a" "\x82\x02" "bc"));
  // Still scheduled until the writer finds nothing.
  EXPECT_EQ(outbox.Push("d", Delivery::kDroppable), Result::kQueued);
  ASSERT_TRUE(outbox.TakeForWrite(out, &close_after));
  EXPECT_EQ(out, std::string("\x82\x01" "d"));
  EXPECT_FALSE(outbox.TakeForWrite(out, &close_after));
  EXPECT_EQ(outbox.Push("e", Delivery::kDroppable), Result::kWake);
}

TEST(WebSocketOutbox, AFullQueueDropsSnapshotsAndClosesOnEvents) {
  WebSocketOutbox outbox;
  const std::string big(WebSocketOutbox::kMaxBytes / 2, 'x');
  EXPECT_EQ(outbox.Push(big, Delivery::kDroppable), Result::kWake);
  EXPECT_EQ(outbox.Push(big, Delivery::kDroppable), Result::kDropped);
  EXPECT_EQ(outbox.queued_frames(), 1u);
  // A reliable frame that does not fit is never silently lost: 1008.
  EXPECT_EQ(outbox.Push(big, Delivery::kReliable), Result::kQueued);
  EXPECT_EQ(outbox.Push("late", Delivery::kReliable), Result::kDropped);
  std::string out;
  bool close_after = false;
  ASSERT_TRUE(outbox.TakeForWrite(out, &close_after));
  EXPECT_TRUE(close_after);
  const std::string close_frame = out.substr(out.size() - 23);
  EXPECT_EQ(close_frame.substr(0, 4), std::string("\x88\x15\x03\xf0"));
  EXPECT_EQ(close_frame.substr(4), "send queue overflow");
  EXPECT_FALSE(outbox.TakeForWrite(out, &close_after));
}

TEST(WebSocketOutbox, CapsTheNumberOfFrames) {
  WebSocketOutbox outbox;
  for (size_t i = 0; i < WebSocketOutbox::kMaxFrames; ++i) {
    EXPECT_NE(outbox.Push("s", Delivery::kDroppable), Result::kDropped);
  }
  EXPECT_EQ(outbox.Push("s", Delivery::kDroppable), Result::kDropped);
  EXPECT_EQ(outbox.queued_frames(), WebSocketOutbox::kMaxFrames);
}

TEST(WebSocketOutbox, ACloseOnAnIdleOutboxWakesAndComesAfterQueuedFrames) {
  WebSocketOutbox outbox;
  EXPECT_TRUE(outbox.RequestClose(1001, "bye"));
  EXPECT_FALSE(outbox.RequestClose(1002, "second"));  // the first wins
  EXPECT_EQ(outbox.Push("after", Delivery::kReliable), Result::kDropped);
  std::string out;
  bool close_after = false;
  ASSERT_TRUE(outbox.TakeForWrite(out, &close_after));
  EXPECT_TRUE(close_after);
  EXPECT_EQ(out, std::string("\x88\x05\x03\xe9" "bye"));
}

TEST(WebSocketOutbox, RefusesEverythingOnceShut) {
  WebSocketOutbox outbox;
  EXPECT_EQ(outbox.Push("a", Delivery::kReliable), Result::kWake);
  outbox.Shut();
  EXPECT_TRUE(outbox.closed());
  EXPECT_EQ(outbox.queued_bytes(), 0u);
  EXPECT_EQ(outbox.Push("b", Delivery::kReliable), Result::kDropped);
  std::string out;
  bool close_after = false;
  EXPECT_FALSE(outbox.TakeForWrite(out, &close_after));
}

}  // namespace
}  // namespace mc
