// Test support for world tests: fake connections that record what the world
// sends, a fake clock, and small spaces built from inline JSON.
#pragma once

#include <gtest/gtest.h>

#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "core/clock.h"
#include "world/protocol.h"
#include "world/world.h"

namespace mc::glucose {
struct ParameterSet;
}

namespace mc::world::testing {

// The built-in virtual patients (share/uva-padova), loaded once.
std::shared_ptr<const glucose::ParameterSet> GlucoseParameters();

struct FakeConnection {
  uint64_t id = 0;
  std::vector<std::pair<std::string, Delivery>> frames;
  int close_code = 0;
  std::string close_reason;
  bool accept_droppable = true;  // false: behave like a full send queue

  std::vector<protocol::ServerMessage> Messages() const;
  template <typename T>
  std::vector<T> All() const {
    std::vector<T> out;
    for (const auto& message : Messages()) {
      if (const T* typed = std::get_if<T>(&message)) out.push_back(*typed);
    }
    return out;
  }
  template <typename T>
  T Last() const {
    auto all = All<T>();
    EXPECT_FALSE(all.empty());
    return all.empty() ? T() : all.back();
  }
  void Clear() { frames.clear(); }
};

// A space from JSON text (ASSERTs it parses).
SpaceDefinition SpaceFromJson(const std::string& json_text);

class WorldFixture : public ::testing::Test {
 protected:
  void MakeWorld(std::vector<SpaceDefinition> spaces,
                 WorldOptions options = {});

  FakeConnection& Connect(const std::string& role, int64_t user_id = 0,
                          const std::string& name = "",
                          const std::string& purpose = "");
  void Send(FakeConnection& connection, const protocol::ClientMessage& message);
  void SendRaw(FakeConnection& connection, std::string_view frame,
               bool binary = true);
  // Hello (and drains the Welcome).
  void Greet(FakeConnection& connection, uint8_t flags = 0,
             uint16_t max_version = 1);
  // Connect + Hello + Join + Tick; EXPECTs a Joined. Keeps the frames the
  // joining tick sent (Joined, the first snapshot).
  FakeConnection& Enter(const std::string& role, const std::string& space,
                        int64_t user_id = 0, const std::string& name = "");
  void Tick(int ticks = 1);
  void AdvanceMs(int64_t ms) { clock_.AdvanceMs(ms); }
  int64_t now_ms() const { return clock_.MonotonicMs(); }

  FakeClock clock_;
  std::unique_ptr<World> world_;
  std::deque<FakeConnection> connections_;
};

}  // namespace mc::world::testing
