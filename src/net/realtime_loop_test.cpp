// RealtimeLoop (http_server_internal.h): writers scheduled from another
// thread run on the loop's thread, a socket that becomes readable is read
// at the next pass without anyone waking the loop, and Stop ends it.
#include <absl/synchronization/notification.h>
#include <absl/time/time.h>
#include <gtest/gtest.h>

#include <array>
#include <atomic>
#include <string>
#include <thread>

#include "net/http_server_internal.h"

namespace mc {
namespace {

using local_socket = asio::local::stream_protocol::socket;

TEST(RealtimeLoop, ScheduledWritersRunOnTheLoopsThread) {
  RealtimeLoop loop(std::chrono::milliseconds(10));
  loop.Start();
  std::atomic<int> ran{0};
  std::atomic<bool> elsewhere{false};
  absl::Notification done;
  const std::thread::id caller = std::this_thread::get_id();
  for (int index = 0; index < 3; ++index) {
    loop.ScheduleWrite([&] {
      if (std::this_thread::get_id() == caller) elsewhere = true;
      if (++ran == 3) done.Notify();
    });
  }
  ASSERT_TRUE(done.WaitForNotificationWithTimeout(absl::Seconds(10)));
  EXPECT_EQ(ran.load(), 3);
  EXPECT_FALSE(elsewhere.load());
  loop.Stop();
}

TEST(RealtimeLoop, AReadableSocketIsReadAtTheNextPassWithoutAWake) {
  RealtimeLoop loop(std::chrono::milliseconds(10));
  local_socket reader(loop.io());
  local_socket writer(loop.io());
  asio::local::connect_pair(reader, writer);
  loop.Start();
  std::array<char, 16> buffer{};
  std::atomic<size_t> received{0};
  absl::Notification done;
  // Started on the loop's thread, as a session starts its reads.
  asio::post(loop.io(), [&] {
    reader.async_read_some(asio::buffer(buffer),
                           [&](const boost::system::error_code& error,
                               size_t bytes) {
                             if (!error) received = bytes;
                             done.Notify();
                           });
  });
  // Let the read be pending, then make the socket readable from here: no
  // ScheduleWrite, no post; only the loop's periodic pass can see it.
  absl::SleepFor(absl::Milliseconds(50));
  boost::system::error_code error;
  asio::write(writer, asio::buffer("pose", 4), error);
  ASSERT_FALSE(error);
  ASSERT_TRUE(done.WaitForNotificationWithTimeout(absl::Seconds(10)));
  EXPECT_EQ(received.load(), 4u);
  EXPECT_EQ(std::string(buffer.data(), 4), "pose");
  loop.Stop();
}

TEST(RealtimeLoop, StopEndsAnIdleLoop) {
  RealtimeLoop loop(std::chrono::milliseconds(1000));
  loop.Start();
  absl::SleepFor(absl::Milliseconds(20));
  const absl::Time started = absl::Now();
  loop.Stop();
  EXPECT_LT(absl::Now() - started, absl::Seconds(5));
}

}  // namespace
}  // namespace mc
