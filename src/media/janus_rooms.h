// The server's requests to the VideoRoom plugin (docs/voice.md "Group
// rooms"): create and destroy rooms, change who may join, mute, kick. Every
// request carries a core token the server signs and, for a room, the room's
// secret, which only the server holds. `JanusRooms` is the interface
// GroupRooms uses (fakes in tests); HttpJanusRooms speaks to the supervised
// Janus's loopback HTTP transport. Thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/status.h"

namespace mc::media {

struct RoomSettings {
  uint64_t room = 0;
  std::string secret;     // edit/destroy/moderate; only the server has it
  std::string description;
  int publishers = 12;    // at most this many send media
  std::vector<std::string> allowed;  // room tokens that may join
};

class JanusRooms {
 public:
  virtual ~JanusRooms() = default;
  virtual Status Create(const RoomSettings& settings) = 0;
  virtual Status Destroy(uint64_t room, const std::string& secret) = 0;
  // Adds (or removes) room tokens on the room's allowed list.
  virtual Status Allow(uint64_t room, const std::string& secret,
                       const std::vector<std::string>& tokens, bool add) = 0;
  // Mutes (or releases) the stream with `mid` ("0" audio, "1" video, as
  // the browser publishes them) of participant `id`.
  virtual Status Moderate(uint64_t room, const std::string& secret,
                          uint64_t id, const std::string& mid, bool mute) = 0;
  virtual Status Kick(uint64_t room, const std::string& secret,
                      uint64_t id) = 0;
};

// Over Janus's HTTP transport at `ipv4` (host byte order; loopback for
// the supervised Janus) under `base_path`. `port` and `core_token` are
// asked for at each request (the supervisor knows them; a token per call).
class HttpJanusRooms : public JanusRooms {
 public:
  HttpJanusRooms(std::function<uint16_t()> port,
                 std::function<std::string()> core_token,
                 std::string admin_key, uint32_t ipv4 = 0x7f000001,
                 std::string base_path = "/janus");
  Status Create(const RoomSettings& settings) override;
  Status Destroy(uint64_t room, const std::string& secret) override;
  Status Allow(uint64_t room, const std::string& secret,
               const std::vector<std::string>& tokens, bool add) override;
  Status Moderate(uint64_t room, const std::string& secret, uint64_t id,
                  const std::string& mid, bool mute) override;
  Status Kick(uint64_t room, const std::string& secret, uint64_t id) override;

 private:
  // One VideoRoom request on a fresh session (destroyed after).
  Status Request(const std::string& what, const std::string& body_json);

  std::function<uint16_t()> port_;
  std::function<std::string()> core_token_;
  std::string admin_key_;
  uint32_t ipv4_;
  std::string base_path_;
};

}  // namespace mc::media
