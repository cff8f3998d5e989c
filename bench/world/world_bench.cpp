// In-process benchmark of the world tick: N fake clients random-walking in
// the demo lobby, every one sending a pose each tick, frames counted and
// dropped on the floor. Isolates the tick (validation, grid, interest,
// encoding) from sockets; scripts/bench-world measures the whole server.
//
// Usage: world_bench SPACES_DIR [N...]   prints one JSON object per N.
#include <time.h>

#include <chrono>
#include <cmath>
#include <iostream>
#include <nlohmann/json.hpp>
#include <random>
#include <vector>

#include "core/clock.h"
#include "core/crypto.h"
#include "world/protocol.h"
#include "world/space_definition.h"
#include "world/world.h"

namespace {

using namespace mc::world;  // NOLINT

// CPU time of this thread: the machine is shared, so wall time is noisy.
double ThreadCpuMs() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return now.tv_sec * 1e3 + now.tv_nsec / 1e6;
}

nlohmann::json Run(const std::vector<SpaceDefinition>& spaces, int clients,
                   int ticks) {
  mc::FakeClock clock;
  WorldOptions options;
  // Teleport allowed: the crowd is placed where the bench wants it at once
  // (validation still runs in full: speed, walls, head and hands).
  options.max_speed_m_per_s = 1e6f;
  // The tick's full cost: a snapshot for every client every tick.
  options.max_snapshot_interval_ticks = 1;
  World world(spaces, clock, options);
  const SpaceDefinition* lobby = nullptr;
  for (const auto& space : spaces) {
    if (space.id == "lobby") lobby = &space;
  }
  const Box3 bounds = lobby->bounds;
  std::vector<uint64_t> ids;
  std::vector<uint64_t> bytes(clients, 0);
  for (int i = 0; i < clients; ++i) {
    mc::ClientIdentity identity{.role = "bot"};
    uint64_t* counter = &bytes[i];
    auto id = world.Open(
        identity,
        [counter](std::string_view frame, mc::Delivery) {
          *counter += frame.size();
          return true;
        },
        [](int, std::string) {});
    ids.push_back(*id);
    world.Receive(*id,
                  protocol::Encode(protocol::ClientMessage(protocol::Hello{})),
                  true);
    world.Receive(
        *id, protocol::Encode(protocol::ClientMessage(protocol::Join{"lobby"})),
        true);
  }
  clock.AdvanceMs(50);
  world.Tick(clock.MonotonicMs());
  // Spread the crowd over the atrium: 0.5 people per m^2 around the centre.
  std::mt19937 random(1);
  const float half = std::sqrt(clients / 0.5f) / 2;
  std::uniform_real_distribution<float> place(-std::min(half, 85.0f),
                                              std::min(half, 85.0f));
  std::vector<Vec3> positions(clients);
  std::vector<float> yaw(clients);
  for (int i = 0; i < clients; ++i) {
    positions[i] = {place(random), 0, place(random) - 10};
    yaw[i] = i;
  }
  std::uniform_real_distribution<float> turn(-0.3f, 0.3f);
  std::vector<double> durations;
  double cpu_ms = 0;
  uint32_t sequence = 0;
  const int warmup = 40;  // let everyone "walk" to their place first
  std::fill(bytes.begin(), bytes.end(), 0);
  for (int t = 0; t < warmup + ticks; ++t) {
    ++sequence;
    for (int i = 0; i < clients; ++i) {
      yaw[i] += turn(random);
      positions[i].x =
          std::clamp(positions[i].x + std::sin(yaw[i]) * 0.07f, -95.0f, 95.0f);
      positions[i].z =
          std::clamp(positions[i].z + std::cos(yaw[i]) * 0.07f, -95.0f, 85.0f);
      protocol::Pose pose;
      pose.sequence = sequence;
      const uint32_t rotation = protocol::PackRotation(
          {0, std::sin(yaw[i] / 2), 0, std::cos(yaw[i] / 2)});
      auto b = protocol::QuantizePosition(positions[i], bounds);
      auto h = protocol::QuantizePosition(
          {positions[i].x, 1.6f, positions[i].z}, bounds);
      pose.pose.body = {b.x, b.y, b.z, rotation};
      pose.pose.head = {h.x, h.y, h.z, rotation};
      world.Receive(ids[i], protocol::Encode(protocol::ClientMessage(pose)),
                    true);
    }
    clock.AdvanceMs(50);
    const auto start = std::chrono::steady_clock::now();
    const double cpu_start = ThreadCpuMs();
    world.Tick(clock.MonotonicMs());
    if (t >= warmup) cpu_ms += ThreadCpuMs() - cpu_start;
    const double ms = std::chrono::duration<double, std::milli>(
                          std::chrono::steady_clock::now() - start)
                          .count();
    if (t == warmup - 1) std::fill(bytes.begin(), bytes.end(), 0);
    if (t >= warmup) durations.push_back(ms);
  }
  std::sort(durations.begin(), durations.end());
  double total_ms = 0;
  for (double d : durations) total_ms += d;
  uint64_t all_bytes = 0, max_bytes = 0;
  for (uint64_t b : bytes) {
    all_bytes += b;
    max_bytes = std::max(max_bytes, b);
  }
  const double seconds = ticks * 0.05;
  return {
      {"clients", clients},
      {"ticks", ticks},
      {"tick_ms_p50", durations[durations.size() / 2]},
      {"tick_ms_p99",
       durations[std::min(durations.size() - 1, durations.size() * 99 / 100)]},
      {"wall_us_per_avatar_tick",
       total_ms * 1000 / (static_cast<double>(clients) * ticks)},
      {"cpu_us_per_avatar_tick",
       cpu_ms * 1000 / (static_cast<double>(clients) * ticks)},
      {"egress_bytes_per_client_per_second", all_bytes / seconds / clients},
      {"max_egress_bytes_per_client_per_second", max_bytes / seconds}};
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: world_bench SPACES_DIR [N...]\n";
    return 2;
  }
  if (!mc::InitCrypto().ok()) return 1;
  auto spaces = LoadSpaceDirectory(argv[1]);
  if (!spaces.ok()) {
    std::cerr << "error: " << mc::MessageOf(spaces.status()) << "\n";
    return 1;
  }
  std::vector<int> sizes;
  for (int i = 2; i < argc; ++i) sizes.push_back(std::atoi(argv[i]));
  if (sizes.empty()) sizes = {100, 1000, 5000, 10000};
  for (int n : sizes) std::cout << Run(*spaces, n, 100).dump() << std::endl;
  return 0;
}
