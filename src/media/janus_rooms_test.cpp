// The server's VideoRoom requests against the real Janus: a room is made
// with the admin key and its secret, tokens go on and off its allowed
// list, and a request Janus refuses comes back as janus_refused.
#include "media/janus_rooms.h"

#include <gtest/gtest.h>

#include <ctime>

#include "core/crypto.h"
#include "media/janus_supervisor.h"
#include "media/janus_tokens.h"
#include "testing/temp_dir.h"

namespace mc::media {
namespace {

TEST(HttpJanusRooms, MakesChangesAndClosesRoomsInTheRealJanus) {
  ASSERT_TRUE(InitCrypto().ok());
  auto install = FindJanus();
  ASSERT_TRUE(install.ok()) << MessageOf(install.status());
  mc::testing::TempDir dir;
  const JanusSettings settings = NewJanusSettings(dir.path() + "/janus");
  JanusSupervisor supervisor(*install, settings, nullptr);
  ASSERT_TRUE(supervisor.Start().ok());
  HttpJanusRooms rooms(
      [&] { return supervisor.ready() ? settings.http_port : uint16_t{0}; },
      [&] { return MintJanusCoreToken(settings.token_secret, std::time(nullptr) + 60); },
      settings.room_admin_key);

  RoomSettings room{4242, "room-secret", "Group", 12, {"t1"}};
  ASSERT_TRUE(rooms.Create(room).ok());
  EXPECT_EQ(ErrorCode(rooms.Create(room)), "janus_refused");  // exists
  EXPECT_TRUE(rooms.Allow(4242, "room-secret", {"t2", "t3"}, true).ok());
  EXPECT_TRUE(rooms.Allow(4242, "room-secret", {"t2"}, false).ok());
  EXPECT_EQ(ErrorCode(rooms.Allow(4242, "wrong", {"t4"}, true)), "janus_refused");
  EXPECT_EQ(ErrorCode(rooms.Kick(4242, "room-secret", 99)), "janus_refused");
  EXPECT_TRUE(rooms.Destroy(4242, "room-secret").ok());
  EXPECT_EQ(ErrorCode(rooms.Destroy(4242, "room-secret")), "janus_refused");

  supervisor.Stop();
  EXPECT_EQ(ErrorCode(rooms.Create(room)), "media_unavailable");
}

}  // namespace
}  // namespace mc::media
