// Avatar appearance and activity (protocol version 5): the colour and body
// shape a person chose in Settings, and whether they are typing or speaking.
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

std::string InfoFrame(const Client& client) {
  return protocol::Encode(protocol::AvatarInfo{client.connection->entity,
                                               client.style, client.activity});
}

}  // namespace

void World::Impl::SendAvatarInfo(Client& about, float radius_m) {
  Space& space = *about.space;
  const std::string frame = InfoFrame(about);
  const Vec3 origin =
      space.avatars[space.index_of.at(about.connection->entity)].body_m;
  const float radius_squared = radius_m * radius_m;
  for (const Avatar& avatar : space.avatars) {
    if (avatar.client == &about || !SpeaksAvatars(*avatar.client)) continue;
    if (DistanceSquared(avatar.body_m, origin) > radius_squared) continue;
    avatar.client->connection->sender(frame, Delivery::kReliable);
  }
}

void World::Impl::SendAvatarRoster(Client& joiner) {
  joiner.activity = 0;  // a new space starts quiet
  Space& space = *joiner.space;
  if (SpeaksAvatars(joiner)) {
    for (const Avatar& avatar : space.avatars) {
      if (avatar.client == &joiner || IsDefault(*avatar.client)) continue;
      joiner.connection->sender(InfoFrame(*avatar.client), Delivery::kReliable);
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
