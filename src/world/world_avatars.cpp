// Avatar appearance and activity (protocol versions 5 and 6): the colour and
// body shape a person chose in Settings, and whether they are typing,
// speaking, in proximity voice (muted or not) or seated.
// Both are session state on the Client; they travel in avatar_info, sent
// once on join and again only when they change, so snapshots stay as small
// as before (docs/world.md "Avatars"). Runs on the tick thread.
#include <limits>

#include "fmt/format.h"
#include "world/world_internal.h"

namespace mc::world {

using protocol::MessageType;

namespace {

bool SpeaksAvatars(const Client& client) {
  return client.connection->version.load() >= protocol::kAvatarVersion &&
         !client.connection->closing.load();
}

bool IsDefault(const Client& client) {
  return client.style == protocol::AvatarStyle{} && client.activity == 0;
}

// avatar_info about `client` for a receiver speaking `version`: version 5
// knows only typing and speaking.
std::string InfoFrame(const Client& client, uint16_t version) {
  const uint8_t activity =
      version >= protocol::kVoiceVersion
          ? client.activity
          : static_cast<uint8_t>(client.activity & protocol::kActivityFlagsV5);
  return protocol::Encode(protocol::AvatarInfo{client.connection->entity,
                                               client.style, activity});
}

}  // namespace

void World::Impl::SendAvatarInfo(Client& about, float radius_m) {
  Space& space = *about.space;
  const std::string frame = InfoFrame(about, protocol::kVoiceVersion);
  const std::string frame_v5 = InfoFrame(about, protocol::kAvatarVersion);
  const Vec3 origin =
      space.avatars[space.index_of.at(about.connection->entity)].body_m;
  const float radius_squared = radius_m * radius_m;
  for (const Avatar& avatar : space.avatars) {
    if (avatar.client == &about || !SpeaksAvatars(*avatar.client)) continue;
    if (DistanceSquared(avatar.body_m, origin) > radius_squared) continue;
    Connection& to = *avatar.client->connection;
    to.sender(to.version.load() >= protocol::kVoiceVersion ? frame : frame_v5,
              Delivery::kReliable);
  }
}

void World::Impl::SendAvatarRoster(Client& joiner) {
  joiner.activity = 0;  // a new space starts quiet
  Space& space = *joiner.space;
  if (SpeaksAvatars(joiner)) {
    for (const Avatar& avatar : space.avatars) {
      if (avatar.client == &joiner || IsDefault(*avatar.client)) continue;
      joiner.connection->sender(
          InfoFrame(*avatar.client, joiner.connection->version.load()),
          Delivery::kReliable);
    }
  }
  if (!IsDefault(joiner))
    SendAvatarInfo(joiner, std::numeric_limits<float>::infinity());
}

void World::Impl::HandleAvatarStyle(Client& client,
                                    const protocol::AvatarStyle& style,
                                    int64_t now_ms) {
  if (style.colour >= protocol::kAvatarColourCount ||
      style.shape >= protocol::kAvatarShapeCount) {
    SendError(client, MessageType::kAvatarStyle,
              InvalidArgument(
                  "invalid_avatar_style",
                  fmt::format("colour must be below {} and shape below {}",
                              protocol::kAvatarColourCount,
                              protocol::kAvatarShapeCount)));
    return;
  }
  if (!client.avatar_changes.Take(now_ms)) {
    SendError(client, MessageType::kAvatarStyle,
              ResourceExhausted("rate_limited", "avatar changes too fast"));
    return;
  }
  if (style == client.style) return;
  client.style = style;
  // Outside a space it is simply kept: the next join's roster carries it.
  if (client.space != nullptr)
    SendAvatarInfo(client, std::numeric_limits<float>::infinity());
}

void World::Impl::HandleActivity(Client& client,
                                 const protocol::Activity& activity,
                                 int64_t now_ms) {
  if (client.connection->version.load() < protocol::kVoiceVersion &&
      (activity.flags & ~protocol::kActivityFlagsV5) != 0) {
    SendError(client, MessageType::kActivity,
              InvalidArgument("unsupported_flags",
                              "voice, muted and seated need version 6"));
    return;
  }
  if (!client.avatar_changes.Take(now_ms)) {
    SendError(client, MessageType::kActivity,
              ResourceExhausted("rate_limited", "activity changes too fast"));
    return;
  }
  if (activity.flags == client.activity) return;
  client.activity = activity.flags;
  if (client.space != nullptr) SendAvatarInfo(client, options.view_radius_m);
}

}  // namespace mc::world
