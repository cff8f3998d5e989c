// Personal sessions of the body explorer: a space with "instancing":
// "personal" gives each person their own members-only instance, its owner
// may invite others in with single-use codes, and every simulation keeps a
// log of who did what (docs/world.md "Personal instances"). Runs on the tick
// thread, except CreateInstance (any thread; it takes the registry lock).
#include "core/crypto.h"
#include "fmt/format.h"
#include "world/world_internal.h"

namespace mc::world {

using protocol::MessageType;

StatusOr<std::string> World::Impl::CreateInstance(
    const std::string& template_id, const std::vector<std::string>& members,
    const std::string& owner_key, const std::string& owner_name) {
  std::lock_guard lock(registry_mutex);
  auto found = registry.find(template_id);
  if (found == registry.end() || found->second.private_instance) {
    return NotFound("space_not_found",
                    fmt::format("no space template \"{}\"", template_id));
  }
  auto instance = std::make_shared<SpaceDefinition>(*found->second.definition);
  instance->id = template_id + "~" + RandomHex(16);
  instance->policy = AccessPolicy::kMembersOnly;
  instance->is_template = false;
  instance->instancing = Instancing::kShared;
  SpaceRecord& record = registry[instance->id];
  record.private_instance = true;
  record.members.insert(members.begin(), members.end());
  record.members.erase("");
  record.owner_key = owner_key;
  record.owner_name = owner_name;
  std::string id = instance->id;
  record.definition = std::move(instance);
  return id;
}

StatusOr<std::string> World::Impl::PersonalInstanceFor(
    const Client& client, const SpaceDefinition& definition) {
  if (client.member_key.empty()) {
    return PermissionDenied(
        "sign_in_required",
        fmt::format("{} gives each person their own session; sign in to "
                    "have one",
                    definition.name));
  }
  auto found = personal_instances.find(client.member_key);
  if (found != personal_instances.end()) {
    std::lock_guard lock(registry_mutex);
    if (registry.count(found->second)) return found->second;
  }
  const std::string name = client.identity.display_name.empty()
                               ? "someone"
                               : client.identity.display_name;
  MC_ASSIGN_OR_RETURN(std::string id,
                      CreateInstance(definition.id, {client.member_key},
                                     client.member_key, name));
  personal_instances[client.member_key] = id;
  return id;
}

void World::Impl::CloseIdleSessions(int64_t now_ms) {
  std::vector<std::string> idle;
  for (auto& [id, space] : spaces) {
    if (!space->avatars.empty() || space->owner_key.empty()) {
      space->empty_since_ms = 0;
      continue;
    }
    if (space->empty_since_ms == 0) space->empty_since_ms = now_ms;
    if (now_ms - space->empty_since_ms >= options.personal_session_idle_ms) idle.push_back(id);
  }
  for (const std::string& id : idle) {
    const std::string owner = spaces.at(id)->owner_key;
    spaces.erase(id);
    {
      std::lock_guard lock(registry_mutex);
      registry.erase(id);
    }
    auto mine = personal_instances.find(owner);
    if (mine != personal_instances.end() && mine->second == id) personal_instances.erase(mine);
    for (auto invite = invites.begin(); invite != invites.end();) {
      invite = invite->second.space == id ? invites.erase(invite) : std::next(invite);
    }
  }
}

void World::Impl::HandleInvite(Client& client, int64_t now_ms) {
  Space& space = *client.space;
  if (space.owner_key.empty()) {
    SendError(client, MessageType::kSimAction,
              FailedPrecondition("not_personal",
                                 "everyone here shares this simulation; "
                                 "there is no session to invite to"));
    return;
  }
  if (client.member_key != space.owner_key) {
    SendError(client, MessageType::kSimAction,
              PermissionDenied("owner_only",
                               fmt::format("only {} may invite people to "
                                           "this session",
                                           space.owner_name)));
    return;
  }
  if (!client.social.Take(now_ms)) {
    SendError(client, MessageType::kSimAction,
              ResourceExhausted("rate_limited", "invites too fast"));
    return;
  }
  const std::string& space_id = space.definition->id;
  size_t open = 0;
  for (auto it = invites.begin(); it != invites.end();) {
    if (it->second.expires_ms < now_ms) {
      it = invites.erase(it);
      continue;
    }
    if (it->second.space == space_id) ++open;
    ++it;
  }
  if (open >= kMaxInvitesPerSpace) {
    SendError(
        client, MessageType::kSimAction,
        ResourceExhausted("too_many_invites",
                          fmt::format("at most {} invites may be open at once; "
                                      "wait for some to be used or to expire",
                                      kMaxInvitesPerSpace)));
    return;
  }
  const std::string code = RandomHex(8);
  invites[code] = {space_id, space.owner_key, now_ms + kInviteLifetimeMs};
  Send(client, protocol::SimInvite{
                   code, static_cast<uint32_t>(kInviteLifetimeMs / 1000)});
  if (space.simulation)
    LogSimulation(space, client, protocol::SimLogKind::kInvited, 0);
}

void World::Impl::HandleAcceptInvite(Client& client,
                                     const protocol::AcceptInvite& accept,
                                     int64_t now_ms) {
  if (!client.social.Take(now_ms)) {
    SendError(client, MessageType::kAcceptInvite,
              ResourceExhausted("rate_limited", "too many invite attempts"));
    return;
  }
  if (client.member_key.empty()) {
    SendError(
        client, MessageType::kAcceptInvite,
        PermissionDenied("sign_in_required", "sign in to accept an invite"));
    return;
  }
  const Status not_found =
      NotFound("invite_not_found",
               "this invite is not valid any more (each one works once, for an "
               "hour); ask for a new one");
  auto found = invites.find(accept.code);
  if (found == invites.end()) {
    SendError(client, MessageType::kAcceptInvite, not_found);
    return;
  }
  if (found->second.expires_ms < now_ms) {
    invites.erase(found);
    SendError(client, MessageType::kAcceptInvite, not_found);
    return;
  }
  const PendingInvite invite = found->second;
  // The owner opening their own link does not use it up.
  if (client.member_key != invite.owner_key) invites.erase(found);
  {
    std::lock_guard lock(registry_mutex);
    auto record = registry.find(invite.space);
    if (record == registry.end()) {
      SendError(client, MessageType::kAcceptInvite, not_found);
      return;
    }
    record->second.members.insert(client.member_key);
  }
  HandleJoin(client, invite.space, -1, protocol::LeftReason::kRequested, now_ms,
             MessageType::kAcceptInvite);
}

void World::Impl::LogSimulation(Space& space, const Client& client,
                                protocol::SimLogKind kind, uint32_t amount,
                                std::optional<uint32_t> t_min) {
  if (!space.simulation) return;
  auto found = space.index_of.find(client.connection->entity);
  const std::string& name = found != space.index_of.end()
                                ? space.avatars[found->second].name
                                : client.identity.display_name;
  space.simulation->Log(t_min.value_or(space.simulation->minute()), kind,
                        amount, name.empty() ? "someone" : name);
  space.sim_log_dirty = true;
}

void World::Impl::SendSimLog(Space& space) {
  protocol::SimLog log;
  log.owner = space.owner_name;
  const auto& entries = space.simulation->log();
  log.entries.assign(entries.begin(), entries.end());
  const std::string theirs = protocol::Encode(log);
  log.flags = protocol::kSimLogYours;
  const std::string yours = protocol::Encode(log);
  uint64_t frames = 0, bytes = 0;
  for (const Avatar& avatar : space.avatars) {
    Connection& connection = *avatar.client->connection;
    if (connection.closing.load() ||
        connection.version.load() < protocol::kSharedSessionVersion) {
      continue;
    }
    const bool owner = !space.owner_key.empty() &&
                       avatar.client->member_key == space.owner_key;
    const std::string& frame = owner ? yours : theirs;
    if (connection.sender(frame, Delivery::kReliable)) {
      ++frames;
      bytes += frame.size();
    }
  }
  std::lock_guard lock(stats_mutex);
  counters.frames_out += frames;
  counters.bytes_out += bytes;
}

}  // namespace mc::world
