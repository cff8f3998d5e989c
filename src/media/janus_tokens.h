// The credentials the server mints for Janus (docs/voice.md "Group rooms").
//
// Janus checks two things, and only this server can make either:
// - a core token on every Janus API request (Janus's signed-token auth,
//   `token_auth_secret`): "<expiry>,janus,janus.plugin.videoroom:<sig>",
//   sig = base64(HMAC-SHA1(secret, the part before the colon)). Janus
//   refuses it after `expiry` (Unix seconds) and for any other plugin.
// - a room token, put on that room's `allowed` list (the VideoRoom ACL) by
//   the server and passed by the browser in its join: it names one room and
//   one member and expires, so a token given to one person opens one room
//   for that person only, for a short while.
// Pure and thread-safe; InitCrypto must have run (Blake2b).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"

namespace mc::media {

std::string MintJanusCoreToken(std::string_view secret, int64_t expiry_unix_s);

struct RoomTicket {
  uint64_t room = 0;   // the Janus room id
  std::string member;  // the member key, e.g. "user:7"
  int64_t expiry_unix_s = 0;
};

// "mc1.<room>.<expiry>.<member hex>.<keyed BLAKE2b of the rest>".
std::string MintRoomToken(std::string_view key, const RoomTicket& ticket);

// The ticket inside `token` when it is ours (signed with `key`), for `room`
// and `member`, and not expired at `now_unix_s`. PermissionDenied with code
// token_invalid (not ours or altered), token_wrong_room,
// token_wrong_member, token_expired.
StatusOr<RoomTicket> VerifyRoomToken(std::string_view key,
                                     std::string_view token, uint64_t room,
                                     std::string_view member,
                                     int64_t now_unix_s);

}  // namespace mc::media
