// World: connections, the inbox, private spaces, stats and the tick thread.
// What a tick does is in world_tick.cpp.
#include "world/world.h"

#include <algorithm>
#include <chrono>
#include <nlohmann/json.hpp>

#include "core/crypto.h"
#include "fmt/format.h"
#include "world/access.h"
#include "world/body_simulation.h"
#include "world/world_internal.h"

namespace mc::world {

using protocol::MessageType;

World::World(std::vector<SpaceDefinition> spaces, const Clock& clock,
             WorldOptions options)
    : options_(options), impl_(std::make_unique<Impl>(clock, options_)) {
  for (SpaceDefinition& space : spaces) {
    std::string id = space.id;
    impl_->registry[id].definition =
        std::make_shared<const SpaceDefinition>(std::move(space));
  }
}

World::~World() { Stop(); }

void World::Impl::Push(Command command) {
  std::lock_guard lock(inbox_mutex);
  inbox.push_back(std::move(command));
}

std::shared_ptr<Connection> World::Impl::FindConnection(uint64_t id) const {
  std::lock_guard lock(connections_mutex);
  auto found = connections.find(id);
  return found == connections.end() ? nullptr : found->second;
}

void World::Impl::CloseConnection(Connection& connection, int code,
                                  const std::string& reason) {
  if (connection.closing.exchange(true)) return;
  protocol_closes.fetch_add(code == 1000 || code == 1001 ? 0 : 1);
  connection.closer(code, reason);
}

void World::Impl::Send(Client& client, const protocol::ServerMessage& message,
                       Delivery delivery) {
  if (client.connection->closing.load()) return;
  std::string frame = protocol::Encode(message);
  const size_t size = frame.size();
  if (client.connection->sender(std::move(frame), delivery)) {
    std::lock_guard lock(stats_mutex);
    ++counters.frames_out;
    counters.bytes_out += size;
  }
}

void World::Impl::SendError(Client& client, MessageType in_reply_to,
                            const Status& status) {
  Send(client, protocol::Error{static_cast<uint8_t>(in_reply_to),
                               ErrorCode(status), MessageOf(status)});
}

StatusOr<uint64_t> World::Open(const ClientIdentity& client, FrameSender sender,
                               ConnectionCloser closer) {
  auto connection = std::make_shared<Connection>();
  connection->user_id = client.user_id;
  connection->sender = std::move(sender);
  connection->closer = std::move(closer);
  connection->frames =
      TokenBucket(options_.frames_per_second, options_.frames_burst);
  connection->last_receive_ms = impl_->clock.MonotonicMs();
  {
    std::lock_guard lock(impl_->connections_mutex);
    if (impl_->stopping) {
      return Unavailable("world_stopping", "the world is shutting down");
    }
    connection->id = impl_->next_connection++;
    // Entity ids are the low 32 bits of the connection id: unique until
    // four billion connections in one run.
    connection->entity = static_cast<uint32_t>(connection->id);
    impl_->connections[connection->id] = connection;
  }
  const uint64_t id = connection->id;
  impl_->Push(OpenedCommand{std::move(connection), client});
  return id;
}

void World::Receive(uint64_t id, std::string_view frame, bool binary) {
  std::shared_ptr<Connection> connection = impl_->FindConnection(id);
  if (!connection || connection->closing.load()) return;
  impl_->frames_in.fetch_add(1, std::memory_order_relaxed);
  impl_->bytes_in.fetch_add(frame.size(), std::memory_order_relaxed);
  const int64_t now_ms = impl_->clock.MonotonicMs();
  connection->last_receive_ms = now_ms;
  if (!binary) {
    impl_->CloseConnection(*connection, 1003,
                           "text frames are not part of the protocol");
    return;
  }
  auto decoded = protocol::DecodeClientMessage(frame);
  if (!decoded.ok()) {
    impl_->CloseConnection(*connection,
                           protocol::CloseCodeForDecodeError(decoded.status()),
                           MessageOf(decoded.status()));
    return;
  }
  protocol::ClientMessage& message = *decoded;
  if (!connection->hello_done) {
    const auto* hello = std::get_if<protocol::Hello>(&message);
    if (hello == nullptr) {
      impl_->CloseConnection(*connection, 1002,
                             "the first message must be hello");
      return;
    }
    const uint16_t version = std::min(hello->max_version, protocol::kVersion);
    if (hello->min_version > hello->max_version ||
        version < protocol::kMinVersion || version < hello->min_version) {
      const std::string reason = fmt::format(
          "unsupported protocol version {}..{} (server speaks {}..{})",
          hello->min_version, hello->max_version, protocol::kMinVersion,
          protocol::kVersion);
      connection->sender(protocol::Encode(protocol::Error{
                             0x01, "unsupported_version", reason}),
                         Delivery::kReliable);
      impl_->CloseConnection(*connection, 1002, "unsupported protocol version");
      return;
    }
    connection->hello_done = true;
    connection->version = version;
    const bool low_data = hello->flags & protocol::kFlagLowData;
    protocol::Welcome welcome;
    welcome.version = version;
    welcome.server_time_ms = static_cast<uint64_t>(impl_->clock.NowUnixMs());
    welcome.entity = connection->entity;
    welcome.tick_interval_ms = static_cast<uint16_t>(options_.tick_interval_ms);
    welcome.byte_budget_per_second =
        static_cast<uint32_t>(low_data ? options_.low_data_budget_per_second
                                       : options_.byte_budget_per_second);
    connection->sender(protocol::Encode(welcome), Delivery::kReliable);
    impl_->Push(MessageCommand{id, protocol::Settings{hello->flags}});
    return;
  }
  if (std::holds_alternative<protocol::Hello>(message)) {
    impl_->CloseConnection(*connection, 1002, "duplicate hello");
    return;
  }
  if ((std::holds_alternative<protocol::AvatarStyle>(message) ||
       std::holds_alternative<protocol::Activity>(message)) &&
      connection->version.load() < protocol::kAvatarVersion) {
    impl_->CloseConnection(
        *connection, 1003,
        std::holds_alternative<protocol::AvatarStyle>(message)
            ? "unknown message type 0x0e"
            : "unknown message type 0x0f");
    return;
  }
  if (std::holds_alternative<protocol::AcceptInvite>(message) &&
      connection->version.load() < protocol::kSharedSessionVersion) {
    impl_->CloseConnection(*connection, 1003, "unknown message type 0x0d");
    return;
  }
  if (const auto* sim = std::get_if<protocol::SimAction>(&message);
      sim &&
      (sim->action == protocol::SimActionKind::kInsulinConfirmed ||
       sim->action == protocol::SimActionKind::kInvite) &&
      connection->version.load() >= protocol::kSimulationVersion &&
      connection->version.load() < protocol::kSharedSessionVersion) {
    impl_->CloseConnection(*connection, 1002, "sim_action: unknown action");
    return;
  }
  if (std::holds_alternative<protocol::SimAction>(message) &&
      connection->version.load() < protocol::kSimulationVersion) {
    // Not part of the version this connection negotiated.
    impl_->CloseConnection(*connection, 1003, "unknown message type 0x0c");
    return;
  }
  if (const auto* sim = std::get_if<protocol::SimAction>(&message);
      sim && sim->action == protocol::SimActionKind::kTherapy &&
      connection->version.load() < protocol::kTherapyVersion) {
    // Version 2 has no therapy action: malformed there.
    impl_->CloseConnection(*connection, 1002, "sim_action: unknown action");
    return;
  }
  if (!connection->frames.Take(now_ms)) {
    // Throttled: dropped here, so a flood never reaches the tick.
    impl_->frames_throttled.fetch_add(1, std::memory_order_relaxed);
    if (now_ms - connection->last_throttle_error_ms >= 1000) {
      connection->last_throttle_error_ms = now_ms;
      connection->sender(
          protocol::Encode(protocol::Error{
              frame.empty() ? uint8_t{0} : static_cast<uint8_t>(frame[0]),
              "rate_limited", "too many messages; some were dropped"}),
          Delivery::kDroppable);
    }
    return;
  }
  if (const auto* ping = std::get_if<protocol::Ping>(&message)) {
    connection->sender(
        protocol::Encode(protocol::Pong{
            ping->nonce, static_cast<uint64_t>(impl_->clock.NowUnixMs())}),
        Delivery::kReliable);
    return;
  }
  impl_->Push(MessageCommand{id, std::move(message)});
}

void World::Closed(uint64_t id) {
  {
    std::lock_guard lock(impl_->connections_mutex);
    if (impl_->connections.erase(id) == 0) return;
  }
  impl_->Push(ClosedCommand{id});
}

void World::Start() {
  std::lock_guard lock(impl_->run_mutex);
  if (impl_->running) return;
  impl_->running = true;
  impl_->thread = std::thread([this] {
    using Steady = std::chrono::steady_clock;
    const auto interval = std::chrono::milliseconds(options_.tick_interval_ms);
    auto next = Steady::now();
    std::unique_lock lock(impl_->run_mutex);
    while (impl_->running) {
      lock.unlock();
      Tick(impl_->clock.MonotonicMs());
      lock.lock();
      next += interval;
      const auto now = Steady::now();
      if (next < now) next = now;  // overran: skip, do not burst
      impl_->run_cv.wait_until(lock, next, [this] { return !impl_->running; });
    }
  });
}

void World::Stop() {
  {
    std::lock_guard lock(impl_->connections_mutex);
    impl_->stopping = true;
  }
  {
    std::lock_guard lock(impl_->run_mutex);
    impl_->running = false;
  }
  impl_->run_cv.notify_all();
  if (impl_->thread.joinable()) impl_->thread.join();
}

StatusOr<std::string> World::CreatePrivateSpace(
    const std::string& template_id,
    const std::vector<std::string>& member_keys) {
  return impl_->CreateInstance(template_id, member_keys, "", "");
}

Status World::AddMember(const std::string& space,
                        const std::string& member_key) {
  std::lock_guard lock(impl_->registry_mutex);
  auto found = impl_->registry.find(space);
  if (found == impl_->registry.end()) {
    return NotFound("space_not_found", fmt::format("no space \"{}\"", space));
  }
  if (!member_key.empty()) found->second.members.insert(member_key);
  return Status();
}

Status World::NameMember(const std::string& space, const std::string& member_key,
                         const std::string& name) {
  std::lock_guard lock(impl_->registry_mutex);
  auto found = impl_->registry.find(space);
  if (found == impl_->registry.end()) {
    return NotFound("space_not_found", fmt::format("no space \"{}\"", space));
  }
  if (name.empty()) {
    found->second.names.erase(member_key);
  } else {
    found->second.names[member_key] = name;
  }
  return Status();
}

Status World::RemoveMember(const std::string& space,
                           const std::string& member_key) {
  {
    std::lock_guard lock(impl_->registry_mutex);
    auto found = impl_->registry.find(space);
    if (found == impl_->registry.end()) {
      return NotFound("space_not_found", fmt::format("no space \"{}\"", space));
    }
    found->second.members.erase(member_key);
  }
  impl_->Push(RecheckCommand{space});
  return Status();
}

Status World::ClosePrivateSpace(const std::string& space) {
  {
    std::lock_guard lock(impl_->registry_mutex);
    auto found = impl_->registry.find(space);
    if (found == impl_->registry.end()) {
      return NotFound("space_not_found", fmt::format("no space \"{}\"", space));
    }
    if (!found->second.private_instance) {
      return FailedPrecondition(
          "not_private",
          fmt::format("\"{}\" is not a private instance", space));
    }
    impl_->registry.erase(found);
  }
  impl_->Push(RecheckCommand{space});
  return Status();
}

StatusOr<std::string> World::SpaceJson(const std::string& space) const {
  std::lock_guard lock(impl_->registry_mutex);
  auto found = impl_->registry.find(space);
  if (found == impl_->registry.end()) {
    return NotFound("space_not_found", fmt::format("no space \"{}\"", space));
  }
  const SpaceDefinition& definition = *found->second.definition;
  if (definition.simulation.empty()) return SpaceDefinitionJson(definition);
  // What an action may be, from the constants the tick checks, so the
  // browser states and checks the same bounds.
  nlohmann::json out = nlohmann::json::parse(SpaceDefinitionJson(definition));
  out["simulation_limits"] = {
      {"meal_g", {{"min", 1}, {"max", glucose::kMaxLiveMealG}}},
      {"insulin_u", {{"min", 0.1}, {"max", kMaxBodyDoseUnits}}},
      {"model_floor_mg_dl", kModelFloorMgDl},
      {"dangerous_low_mg_dl", kDangerousLowMgDl}};
  return out.dump();
}

std::string World::SpaceListJson() const {
  nlohmann::json list = nlohmann::json::array();
  std::lock_guard lock(impl_->registry_mutex);
  for (const auto& [id, record] : impl_->registry) {
    const SpaceDefinition& space = *record.definition;
    if (record.private_instance || space.is_template) continue;
    list.push_back({{"id", space.id},
                    {"name", space.name},
                    {"department", space.department},
                    {"policy", AccessPolicyName(space.policy)},
                    {"capacity", space.capacity}});
    // Spaces with a simulation (the body explorer) are listed on the Map.
    if (!space.simulation.empty()) list.back()["simulation"] = space.simulation;
  }
  return list.dump();
}

WorldCounters World::Counters() const {
  std::lock_guard lock(impl_->stats_mutex);
  WorldCounters counters = impl_->counters;
  counters.frames_in = impl_->frames_in.load();
  counters.bytes_in = impl_->bytes_in.load();
  counters.frames_throttled = impl_->frames_throttled.load();
  counters.protocol_closes = impl_->protocol_closes.load();
  return counters;
}

std::vector<std::pair<std::string, size_t>> World::Occupancy() const {
  std::lock_guard lock(impl_->stats_mutex);
  return impl_->occupancy;
}

void World::DisconnectUser(int64_t user_id) {
  if (user_id == 0) return;
  std::vector<std::shared_ptr<Connection>> theirs;
  {
    std::lock_guard lock(impl_->connections_mutex);
    for (const auto& [id, connection] : impl_->connections) {
      if (connection->user_id == user_id) theirs.push_back(connection);
    }
  }
  for (const auto& connection : theirs) impl_->CloseConnection(*connection, 1008, "session ended");
}

size_t World::Connections() const {
  std::lock_guard lock(impl_->connections_mutex);
  return impl_->connections.size();
}

HistogramSnapshot World::TickDurations() const { return impl_->tick_seconds.Snapshot(); }

std::string World::StatsJson() const {
  const WorldCounters c = Counters();
  std::vector<double> durations;
  {
    std::lock_guard lock(impl_->stats_mutex);
    durations.assign(impl_->tick_durations_ms.begin(),
                     impl_->tick_durations_ms.end());
  }
  std::sort(durations.begin(), durations.end());
  auto percentile = [&](double p) {
    if (durations.empty()) return 0.0;
    const size_t index = std::min(durations.size() - 1,
                                  static_cast<size_t>(p * durations.size()));
    return durations[index];
  };
  size_t connections;
  {
    std::lock_guard lock(impl_->connections_mutex);
    connections = impl_->connections.size();
  }
  nlohmann::json stats = {
      {"tick_interval_ms", options_.tick_interval_ms},
      {"tick_ms_p50", percentile(0.50)},
      {"tick_ms_p99", percentile(0.99)},
      {"tick_ms_max", durations.empty() ? 0.0 : durations.back()},
      {"tick_window", durations.size()},
      {"connections", connections},
      {"avatars", impl_->avatars.load()},
      {"ticks", c.ticks},
      {"avatar_ticks", c.avatar_ticks},
      {"frames_in", c.frames_in},
      {"bytes_in", c.bytes_in},
      {"frames_out", c.frames_out},
      {"bytes_out", c.bytes_out},
      {"snapshot_bytes", c.snapshot_bytes},
      {"snapshots_sent", c.snapshots_sent},
      {"snapshots_dropped", c.snapshots_dropped},
      {"poses_coalesced", c.poses_coalesced},
      {"poses_corrected", c.poses_corrected},
      {"frames_throttled", c.frames_throttled},
      {"protocol_closes", c.protocol_closes},
      {"snapshot_interval_ticks", impl_->published_snapshot_interval.load()},
  };
  return stats.dump();
}

}  // namespace mc::world
