#include "media/janus_tokens.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <charconv>
#include <vector>

#include "absl/strings/escaping.h"
#include "core/crypto.h"
#include "fmt/format.h"

namespace mc::media {

namespace {

constexpr std::string_view kPrefix = "mc1";

std::string RoomTokenBody(const RoomTicket& ticket) {
  return fmt::format("{}.{}.{}.{}", kPrefix, ticket.room, ticket.expiry_unix_s,
                     HexEncode(ticket.member));
}

template <typename T>
bool ParseNumber(std::string_view text, T& out) {
  const auto [end, error] =
      std::from_chars(text.data(), text.data() + text.size(), out);
  return error == std::errc() && end == text.data() + text.size() &&
         !text.empty();
}

}  // namespace

std::string MintJanusCoreToken(std::string_view secret, int64_t expiry_unix_s) {
  const std::string data =
      fmt::format("{},janus,janus.plugin.videoroom", expiry_unix_s);
  unsigned char signature[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha1(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(),
       signature, &length);
  return data + ":" +
         absl::Base64Escape(absl::string_view(
             reinterpret_cast<const char*>(signature), length));
}

std::string MintRoomToken(std::string_view key, const RoomTicket& ticket) {
  const std::string body = RoomTokenBody(ticket);
  return body + "." + Blake2bHex(body, key);
}

StatusOr<RoomTicket> VerifyRoomToken(std::string_view key,
                                     std::string_view token, uint64_t room,
                                     std::string_view member,
                                     int64_t now_unix_s) {
  const Status invalid =
      PermissionDenied("token_invalid", "this room token is not valid");
  std::vector<std::string_view> parts;
  for (size_t start = 0;;) {
    const size_t dot = token.find('.', start);
    parts.push_back(token.substr(start, dot - start));
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  if (parts.size() != 5 || parts[0] != kPrefix) return invalid;
  RoomTicket ticket;
  auto member_bytes = HexDecode(parts[3]);
  if (!ParseNumber(parts[1], ticket.room) ||
      !ParseNumber(parts[2], ticket.expiry_unix_s) || !member_bytes.ok())
    return invalid;
  ticket.member = *std::move(member_bytes);
  const std::string body = RoomTokenBody(ticket);
  if (body.size() + 1 + parts[4].size() != token.size() ||
      !SecretsEqual(Blake2bHex(body, key), parts[4]))
    return invalid;
  if (ticket.room != room)
    return PermissionDenied("token_wrong_room",
                            "this token is for another room");
  if (ticket.member != member)
    return PermissionDenied("token_wrong_member",
                            "this token is for someone else");
  if (now_unix_s > ticket.expiry_unix_s)
    return PermissionDenied("token_expired", "this room token has expired");
  return ticket;
}

}  // namespace mc::media
