// World::Tick and what it does: apply queued messages (joins, chat,
// portals, signaling...), then per space the pose and snapshot pass of
// world_poses.cpp. Runs only on the tick thread (or a test's thread).
#include <algorithm>
#include <chrono>
#include <cmath>

#include "core/roles.h"
#include "fmt/format.h"
#include "world/access.h"
#include "world/voice_signal.h"
#include "world/world_internal.h"

namespace mc::world {
namespace {

using protocol::MessageType;

constexpr uint8_t kMaxEmote = 31;
constexpr size_t kMaxNameBytes = 64;

std::string DisplayNameFor(const ClientIdentity& identity, uint32_t entity) {
  std::string name = identity.display_name;
  if (name.empty() || !protocol::IsValidUtf8(name)) {
    return identity.role == "bot" ? fmt::format("bot-{}", entity) : "someone";
  }
  if (name.size() > kMaxNameBytes) {
    size_t cut = kMaxNameBytes;
    while (cut > 0 && (static_cast<uint8_t>(name[cut]) & 0xc0) == 0x80) --cut;
    name.resize(cut);
  }
  return name;
}

Quat YawRotation(float yaw_deg) {
  const float half = yaw_deg * 3.14159265f / 360.0f;
  return {0, std::sin(half), 0, std::cos(half)};
}

void RemoveAvatar(Space& space, uint32_t entity) {
  auto found = space.index_of.find(entity);
  if (found == space.index_of.end()) return;
  ++space.layout;
  const uint32_t index = found->second;
  space.index_of.erase(found);
  if (index + 1 != space.avatars.size()) {
    space.avatars[index] = std::move(space.avatars.back());
    space.index_of[space.avatars[index].entity] = index;
  }
  space.avatars.pop_back();
}

}  // namespace

void World::Tick(int64_t now_ms) {
  const auto started = std::chrono::steady_clock::now();
  Impl& impl = *impl_;
  {
    std::lock_guard lock(impl.inbox_mutex);
    impl.processing.swap(impl.inbox);
  }
  for (Command& command : impl.processing) impl.HandleCommand(command, now_ms);
  impl.processing.clear();

  WorldCounters tick_counters;
  uint64_t avatars = 0;
  for (auto& [id, space] : impl.spaces) {
    impl.RunSimulation(*space, now_ms);
    if (space->avatars.empty()) continue;
    avatars += space->avatars.size();
    impl.ApplyPoses(*space, now_ms, tick_counters);
    space->grid.Build(space->avatars);
    impl.SendSnapshots(*space, tick_counters);
  }
  if (now_ms - impl.last_idle_check_ms >= 1000) {
    impl.last_idle_check_ms = now_ms;
    impl.CheckIdle(now_ms);
    impl.CloseIdleSessions(now_ms);
    std::vector<std::pair<std::string, size_t>> occupancy;
    for (const auto& [id, space] : impl.spaces) {
      if (!space->avatars.empty()) occupancy.emplace_back(id, space->avatars.size());
    }
    std::lock_guard lock(impl.stats_mutex);
    impl.occupancy.swap(occupancy);
  }
  ++impl.tick;
  impl.avatars = avatars;

  const double duration_ms = std::chrono::duration<double, std::milli>(
                                 std::chrono::steady_clock::now() - started)
                                 .count();
  impl.AdaptSnapshotInterval(duration_ms);
  impl.tick_seconds.Observe(duration_ms / 1000.0);
  std::lock_guard lock(impl.stats_mutex);
  impl.tick_durations_ms.push_back(duration_ms);
  while (impl.tick_durations_ms.size() >
         static_cast<size_t>(std::max(1, options_.stats_window_ticks))) {
    impl.tick_durations_ms.pop_front();
  }
  WorldCounters& c = impl.counters;
  ++c.ticks;
  c.avatar_ticks += avatars;
  c.frames_out += tick_counters.frames_out;
  c.bytes_out += tick_counters.bytes_out;
  c.snapshot_bytes += tick_counters.snapshot_bytes;
  c.snapshots_sent += tick_counters.snapshots_sent;
  c.snapshots_dropped += tick_counters.snapshots_dropped;
  c.poses_coalesced += impl.poses_coalesced;
  impl.poses_coalesced = 0;
  c.poses_corrected += tick_counters.poses_corrected;
}

void World::Impl::HandleCommand(Command& command, int64_t now_ms) {
  if (auto* opened = std::get_if<OpenedCommand>(&command)) {
    auto client = std::make_unique<Client>();
    client->connection = std::move(opened->connection);
    client->identity = std::move(opened->identity);
    client->member_key = MemberKeyFor(client->identity);
    client->kind = EntityKindFor(client->identity);
    client->social =
        TokenBucket(options.social_per_second, options.social_burst);
    const uint64_t id = client->connection->id;
    clients[id] = std::move(client);
  } else if (auto* message = std::get_if<MessageCommand>(&command)) {
    auto found = clients.find(message->connection);
    if (found == clients.end()) return;
    HandleMessage(*found->second, message->message, now_ms);
  } else if (auto* closed = std::get_if<ClosedCommand>(&command)) {
    auto found = clients.find(closed->connection);
    if (found == clients.end()) return;
    Client& client = *found->second;
    if (client.space != nullptr) {
      LogSimulation(*client.space, client, protocol::SimLogKind::kLeft, 0);
      RemoveAvatar(*client.space, client.connection->entity);
    }
    clients.erase(found);
  } else if (auto* recheck = std::get_if<RecheckCommand>(&command)) {
    Recheck(recheck->space);
  }
}

void World::Impl::HandleMessage(Client& client,
                                protocol::ClientMessage& message,
                                int64_t now_ms) {
  if (auto* settings = std::get_if<protocol::Settings>(&message)) {
    client.low_data = settings->flags & protocol::kFlagLowData;
    return;
  }
  if (auto* join = std::get_if<protocol::Join>(&message)) {
    HandleJoin(client, join->space, -1, protocol::LeftReason::kRequested,
               now_ms, MessageType::kJoin);
    return;
  }
  if (auto* accept = std::get_if<protocol::AcceptInvite>(&message)) {
    HandleAcceptInvite(client, *accept, now_ms);
    return;
  }
  if (auto* style = std::get_if<protocol::AvatarStyle>(&message)) {
    HandleAvatarStyle(client, *style, now_ms);
    return;
  }
  if (auto* activity = std::get_if<protocol::Activity>(&message)) {
    HandleActivity(client, *activity, now_ms);
    return;
  }
  if (auto* pose = std::get_if<protocol::Pose>(&message)) {
    if (client.space == nullptr) return;  // e.g. in flight across a Leave
    if (client.has_pending_pose) {
      // At most one pose per tick: the newest wins.
      ++poses_coalesced;
      if (pose->sequence <= client.pending_pose.sequence) return;
    }
    client.has_pending_pose = true;
    client.pending_pose = *pose;
    return;
  }
  if (client.space == nullptr) {
    const uint8_t type = static_cast<uint8_t>(
        protocol::Encode(message).front());  // the message's own type byte
    Send(client, protocol::Error{type, "not_in_space", "join a space first"});
    return;
  }
  Space& space = *client.space;
  const uint32_t entity = client.connection->entity;
  if (std::holds_alternative<protocol::Leave>(message)) {
    LeaveSpace(client, protocol::LeftReason::kRequested);
  } else if (auto* chat = std::get_if<protocol::Chat>(&message)) {
    HandleChat(client, *chat, now_ms);
  } else if (auto* presence = std::get_if<protocol::SetPresence>(&message)) {
    if (!client.social.Take(now_ms)) {
      SendError(client, MessageType::kSetPresence,
                ResourceExhausted("rate_limited", "presence changes too fast"));
      return;
    }
    space.avatars[space.index_of.at(entity)].status = presence->status;
    SendToNearby(
        client, options.view_radius_m,
        protocol::Encode(protocol::Presence{entity, presence->status}));
  } else if (auto* emote = std::get_if<protocol::Emote>(&message)) {
    if (emote->emote > kMaxEmote) {
      SendError(client, MessageType::kEmote,
                InvalidArgument(
                    "unknown_emote",
                    fmt::format("emote {} is not defined", emote->emote)));
      return;
    }
    if (!client.social.Take(now_ms)) {
      SendError(client, MessageType::kEmote,
                ResourceExhausted("rate_limited", "emotes too fast"));
      return;
    }
    SendToNearby(client, options.view_radius_m,
                 protocol::Encode(protocol::Emoted{entity, emote->emote}));
  } else if (auto* portal = std::get_if<protocol::UsePortal>(&message)) {
    HandlePortal(client, *portal, now_ms);
  } else if (auto* signal = std::get_if<protocol::Signal>(&message)) {
    HandleSignal(client, *signal);
  } else if (auto* action = std::get_if<protocol::SimAction>(&message)) {
    HandleSimAction(client, *action, now_ms);
  }
}

void World::Impl::HandleSimAction(Client& client,
                                  const protocol::SimAction& action,
                                  int64_t now_ms) {
  Space& space = *client.space;
  if (!space.simulation) {
    SendError(client, MessageType::kSimAction,
              FailedPrecondition("simulation_unavailable",
                                 "this space runs no simulation"));
    return;
  }
  // A patient's own therapy settings are the care team's to set.
  if (action.action == protocol::SimActionKind::kTherapy &&
      !IsStaffRole(client.identity.role)) {
    SendError(client, MessageType::kSimAction,
              PermissionDenied("care_team_only",
                               "only clinicians, nurses, therapists and "
                               "admins may set the patient's therapy"));
    return;
  }
  if (action.action == protocol::SimActionKind::kInvite) {
    HandleInvite(client, now_ms);
    return;
  }
  protocol::SimAction applied_action = action;
  const bool checks_doses =
      client.connection->version.load() >= protocol::kSharedSessionVersion;
  // Before version 4 a client cannot confirm a dangerous dose, so it is
  // given as sent (within the bounds).
  if (action.action == protocol::SimActionKind::kInsulin && !checks_doses)
    applied_action.action = protocol::SimActionKind::kInsulinConfirmed;
  // Jumps, patient and therapy changes simulate hours at once or restart the
  // session, and an unconfirmed dose simulates hours ahead to check it: they
  // share the social bucket so a flood cannot stretch the tick.
  const bool expensive =
      action.action == protocol::SimActionKind::kJumpAhead ||
      action.action == protocol::SimActionKind::kChoosePatient ||
      action.action == protocol::SimActionKind::kTherapy ||
      applied_action.action == protocol::SimActionKind::kInsulin;
  if (expensive && !client.social.Take(now_ms)) {
    SendError(client, MessageType::kSimAction,
              ResourceExhausted("rate_limited", "simulation actions too fast"));
    return;
  }
  space.simulation->Advance(now_ms);
  const uint32_t taken_at = space.simulation->minute();
  const Status applied = space.simulation->Apply(applied_action);
  if (!applied.ok()) {
    SendError(client, MessageType::kSimAction, applied);
    return;
  }
  space.sim_state_dirty = true;
  const auto kind = action.action == protocol::SimActionKind::kInsulinConfirmed
                        ? protocol::SimLogKind::kInsulin
                        : static_cast<protocol::SimLogKind>(action.action);
  LogSimulation(space, client, kind, action.amount, taken_at);
}

void World::Impl::RunSimulation(Space& space, int64_t now_ms) {
  if (!space.simulation) return;
  if (space.avatars.empty()) {
    // Nobody watching: the body waits rather than racing ahead.
    space.simulation->Hold(now_ms);
    return;
  }
  space.simulation->Advance(now_ms);
  if (space.sim_log_dirty) {
    space.sim_log_dirty = false;
    SendSimLog(space);
  }
  if (space.sim_state_dirty ||
      now_ms - space.last_sim_state_ms >= options.sim_state_interval_ms) {
    space.sim_state_dirty = false;
    space.last_sim_state_ms = now_ms;
    SendSimState(space);
  }
}

void World::Impl::SendSimState(Space& space) {
  const std::string frame = protocol::Encode(space.simulation->State());
  uint64_t frames = 0;
  for (const Avatar& avatar : space.avatars) {
    Connection& connection = *avatar.client->connection;
    if (connection.closing.load() ||
        connection.version.load() < protocol::kSimulationVersion) {
      continue;
    }
    // Each sim_state supersedes the last, so a full queue may drop one.
    if (connection.sender(frame, Delivery::kDroppable)) ++frames;
  }
  std::lock_guard lock(stats_mutex);
  counters.frames_out += frames;
  counters.bytes_out += frames * frame.size();
}

bool World::Impl::IsMember(const std::string& space_id,
                           const std::string& key) const {
  std::lock_guard lock(registry_mutex);
  auto found = registry.find(space_id);
  return found != registry.end() && !key.empty() &&
         found->second.members.count(key) > 0;
}

void World::Impl::HandleJoin(Client& client, const std::string& space_id,
                             int spawn_index, protocol::LeftReason leave_reason,
                             int64_t now_ms, MessageType in_reply_to) {
  std::shared_ptr<const SpaceDefinition> definition;
  bool is_member = false;
  std::string owner_key, owner_name, name_here;
  {
    std::lock_guard lock(registry_mutex);
    auto found = registry.find(space_id);
    if (found != registry.end()) {
      definition = found->second.definition;
      if (auto named = found->second.names.find(client.member_key);
          named != found->second.names.end())
        name_here = named->second;
      owner_key = found->second.owner_key;
      owner_name = found->second.owner_name;
      is_member = !client.member_key.empty() &&
                  found->second.members.count(client.member_key) > 0;
    }
  }
  if (!definition) {
    SendError(
        client, in_reply_to,
        NotFound("space_not_found", fmt::format("no space \"{}\"", space_id)));
    return;
  }
  if (definition->instancing == Instancing::kPersonal) {
    // Nobody enters the space itself: each person gets their own instance.
    auto instance = PersonalInstanceFor(client, *definition);
    if (!instance.ok()) {
      SendError(client, in_reply_to, instance.status());
      return;
    }
    HandleJoin(client, *instance, spawn_index, leave_reason, now_ms,
               in_reply_to);
    return;
  }
  if (client.space != nullptr && client.space->definition->id == space_id) {
    SendError(client, in_reply_to,
              FailedPrecondition("already_in_space", "already in that space"));
    return;
  }
  auto& slot = spaces[space_id];
  const int population = slot ? static_cast<int>(slot->avatars.size()) : 0;
  Status allowed =
      CheckJoin(*definition, client.identity, is_member, population);
  if (!allowed.ok()) {
    if (!slot) spaces.erase(space_id);
    SendError(client, in_reply_to, allowed);
    return;
  }
  if (!slot) {
    slot = std::make_unique<Space>();
    slot->definition = definition;
    slot->owner_key = owner_key;
    slot->owner_name = owner_name;
    if (definition->simulation == "glucose") {
      auto simulation =
          BodySimulation::Create(options.glucose_parameters, now_ms);
      if (simulation.ok()) slot->simulation = *std::move(simulation);
    }
    slot->grid.Reset(definition->bounds,
                     std::clamp(options.view_radius_m / 8.0f, 2.0f, 8.0f));
  }
  Space& space = *slot;  // `slot` stays valid: map nodes do not move
  if (client.space != nullptr) LeaveSpace(client, leave_reason);

  const auto& spawns = definition->spawn_points;
  const SpawnPoint& spawn =
      spawns[spawn_index >= 0 && spawn_index < static_cast<int>(spawns.size())
                 ? spawn_index
                 : space.next_spawn++ % spawns.size()];
  const Box3& bounds = definition->bounds;
  const uint32_t rotation = protocol::PackRotation(YawRotation(spawn.yaw_deg));
  Avatar avatar;
  avatar.entity = client.connection->entity;
  avatar.client = &client;
  avatar.kind = client.kind;
  avatar.name = name_here.empty() ? DisplayNameFor(client.identity, avatar.entity)
                                  : name_here;
  avatar.pose.body = MakeTransform(spawn.position, rotation, bounds);
  avatar.pose.head = MakeTransform(Add(spawn.position, {0, kHeadHeightM, 0}),
                                   rotation, bounds);
  avatar.body_m = PositionOf(avatar.pose.body, bounds);
  avatar.last_pose_ms = now_ms;
  avatar.last_sequence = client.ack_sequence;
  space.index_of[avatar.entity] = static_cast<uint32_t>(space.avatars.size());
  const protocol::Transform spawn_transform = avatar.pose.body;
  space.avatars.push_back(std::move(avatar));

  client.space = &space;
  client.view = ViewState();
  client.visible_valid = false;
  client.has_pending_pose = false;
  Send(client, protocol::Joined{space_id, bounds, spawn_transform});
  SendAvatarRoster(client);
  // The joiner gets the simulation's state (and its log) later in this same
  // tick.
  if (space.simulation) {
    space.sim_state_dirty = true;
    LogSimulation(space, client, protocol::SimLogKind::kJoined, 0);
  }
}

void World::Impl::LeaveSpace(Client& client, protocol::LeftReason reason) {
  if (client.space == nullptr) return;
  Space& space = *client.space;
  LogSimulation(space, client, protocol::SimLogKind::kLeft, 0);
  RemoveAvatar(space, client.connection->entity);
  client.space = nullptr;
  client.view = ViewState();
  client.visible_valid = false;
  client.has_pending_pose = false;
  Send(client, protocol::Left{space.definition->id, reason});
}

void World::Impl::Recheck(const std::string& space_id) {
  auto found = spaces.find(space_id);
  if (found == spaces.end()) return;
  Space& space = *found->second;
  std::shared_ptr<const SpaceDefinition> definition;
  std::set<std::string> members;
  {
    std::lock_guard lock(registry_mutex);
    auto record = registry.find(space_id);
    if (record != registry.end()) {
      definition = record->second.definition;
      members = record->second.members;
    }
  }
  std::vector<Client*> removed;
  for (const Avatar& avatar : space.avatars) {
    const Client& client = *avatar.client;
    const bool member = members.count(client.member_key) > 0;
    const bool stays =
        definition && CheckJoin(*definition, client.identity, member, 0).ok();
    if (!stays) removed.push_back(avatar.client);
  }
  for (Client* client : removed)
    LeaveSpace(*client, protocol::LeftReason::kRemoved);
  if (!definition) spaces.erase(found);
}

void World::Impl::SendToNearby(Client& from, float radius_m,
                               const std::string& frame) {
  Space& space = *from.space;
  const Vec3 origin =
      space.avatars[space.index_of.at(from.connection->entity)].body_m;
  const float radius_squared = radius_m * radius_m;
  for (const Avatar& avatar : space.avatars) {
    if (DistanceSquared(avatar.body_m, origin) > radius_squared) continue;
    if (avatar.client->connection->closing.load()) continue;
    avatar.client->connection->sender(frame, Delivery::kReliable);
  }
}

void World::Impl::HandleChat(Client& client, const protocol::Chat& chat,
                             int64_t now_ms) {
  Space& space = *client.space;
  if (chat.text.empty()) {
    SendError(client, MessageType::kChat,
              InvalidArgument("chat_empty", "empty message"));
    return;
  }
  if (chat.text.size() > static_cast<size_t>(options.max_chat_bytes)) {
    SendError(client, MessageType::kChat,
              InvalidArgument("chat_too_long",
                              fmt::format("messages are limited to {} bytes",
                                          options.max_chat_bytes)));
    return;
  }
  if (chat.scope == protocol::ChatScope::kSpace &&
      static_cast<int>(space.avatars.size()) >
          options.space_chat_max_population &&
      !IsStaffRole(client.identity.role)) {
    SendError(
        client, MessageType::kChat,
        FailedPrecondition("space_chat_too_crowded",
                           "this space is too crowded for space-wide chat; "
                           "use nearby chat"));
    return;
  }
  if (!client.social.Take(now_ms)) {
    SendError(client, MessageType::kChat,
              ResourceExhausted("chat_rate_limited",
                                "you are sending messages too fast"));
    return;
  }
  const uint32_t entity = client.connection->entity;
  const Avatar& self = space.avatars[space.index_of.at(entity)];
  const std::string frame = protocol::Encode(
      protocol::ChatMessage{chat.scope, entity, self.name, chat.text});
  switch (chat.scope) {
    case protocol::ChatScope::kSpace:
      for (const Avatar& avatar : space.avatars) {
        avatar.client->connection->sender(frame, Delivery::kReliable);
      }
      break;
    case protocol::ChatScope::kNearby:
      SendToNearby(client, options.chat_radius_m, frame);
      break;
    case protocol::ChatScope::kDirect: {
      auto target = space.index_of.find(chat.target);
      if (target == space.index_of.end() || chat.target == entity) {
        SendError(client, MessageType::kChat,
                  NotFound("peer_not_found", "no such person in this space"));
        return;
      }
      space.avatars[target->second].client->connection->sender(
          frame, Delivery::kReliable);
      client.connection->sender(frame, Delivery::kReliable);
      break;
    }
  }
}

void World::Impl::HandlePortal(Client& client, const protocol::UsePortal& use,
                               int64_t now_ms) {
  Space& space = *client.space;
  const auto& portals = space.definition->portals;
  auto portal =
      std::find_if(portals.begin(), portals.end(),
                   [&](const Portal& p) { return p.id == use.portal; });
  if (portal == portals.end()) {
    SendError(client, MessageType::kUsePortal,
              NotFound("portal_not_found",
                       fmt::format("no portal \"{}\" here", use.portal)));
    return;
  }
  const Avatar& self =
      space.avatars[space.index_of.at(client.connection->entity)];
  if (!Contains(Inflate(portal->box, 1.0f), self.body_m)) {
    SendError(
        client, MessageType::kUsePortal,
        FailedPrecondition("not_at_portal", "walk up to the portal first"));
    return;
  }
  HandleJoin(client, portal->target, portal->target_spawn,
             protocol::LeftReason::kPortal, now_ms, MessageType::kUsePortal);
}

void World::Impl::HandleSignal(Client& client, const protocol::Signal& signal) {
  Space& space = *client.space;
  if (signal.payload.size() > static_cast<size_t>(options.max_signal_bytes)) {
    RefuseSignal(client, signal,
              InvalidArgument(
                  "signal_too_large",
                  fmt::format("signaling payloads are limited to {} bytes",
                              options.max_signal_bytes)));
    return;
  }
  const uint32_t entity = client.connection->entity;
  auto peer = space.index_of.find(signal.peer);
  // Only a peer in the same space: a members-only space's signaling never
  // reaches anyone outside it.
  if (peer == space.index_of.end() || signal.peer == entity) {
    RefuseSignal(client, signal,
                 NotFound("peer_not_found", "no such peer in this space"));
    return;
  }
  const Avatar& target = space.avatars[peer->second];
  // In a shared space signaling is proximity voice and follows its rules
  // (voice_signal.h); a members-only room's members may always call.
  if (space.definition->policy != AccessPolicy::kMembersOnly) {
    const Avatar& self = space.avatars[space.index_of.at(entity)];
    const Status allowed = CheckVoiceSignal(
        *space.definition, signal.kind,
        VoiceParty{self.body_m, client.activity, client.kind},
        VoiceParty{target.body_m, target.client->activity,
                   target.client->kind});
    if (!allowed.ok()) {
      RefuseSignal(client, signal, allowed);
      return;
    }
  }
  target.client->connection->sender(
      protocol::Encode(
          protocol::SignalRelay{signal.kind, entity, signal.payload}),
      Delivery::kReliable);
}

// Version 7 names the peer (signal_refused); older sessions get `error`.
void World::Impl::RefuseSignal(Client& client, const protocol::Signal& signal,
                               const Status& status) {
  if (client.connection->version.load() < protocol::kSignalRefusedVersion) {
    SendError(client, MessageType::kSignal, status);
    return;
  }
  Send(client, protocol::SignalRefused{signal.kind, signal.peer,
                                       ErrorCode(status), MessageOf(status)});
}

void World::Impl::CheckIdle(int64_t now_ms) {
  for (auto& [id, client] : clients) {
    Connection& connection = *client->connection;
    if (now_ms - connection.last_receive_ms.load() > options.idle_timeout_ms) {
      CloseConnection(connection, 1001,
                      fmt::format("idle timeout: no message in {} s",
                                  options.idle_timeout_ms / 1000));
    }
  }
}

}  // namespace mc::world
