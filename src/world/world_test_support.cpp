#include "world/world_test_support.h"

#include "sim/glucose/params.h"

namespace mc::world::testing {

std::shared_ptr<const glucose::ParameterSet> GlucoseParameters() {
  static const auto parameters = [] {
    auto loaded = glucose::LoadParameterSet(glucose::BuiltInParamsDirectory());
    EXPECT_TRUE(loaded.ok()) << MessageOf(loaded.status());
    return std::make_shared<const glucose::ParameterSet>(*std::move(loaded));
  }();
  return parameters;
}

std::vector<protocol::ServerMessage> FakeConnection::Messages() const {
  std::vector<protocol::ServerMessage> out;
  for (const auto& [frame, delivery] : frames) {
    auto decoded = protocol::DecodeServerMessage(frame);
    EXPECT_TRUE(decoded.ok()) << MessageOf(decoded.status());
    if (decoded.ok()) out.push_back(*std::move(decoded));
  }
  return out;
}

SpaceDefinition SpaceFromJson(const std::string& json_text) {
  auto space = ParseSpaceDefinition(json_text, "test.json");
  EXPECT_TRUE(space.ok()) << MessageOf(space.status());
  return space.ok() ? *std::move(space) : SpaceDefinition();
}

void WorldFixture::MakeWorld(std::vector<SpaceDefinition> spaces,
                             WorldOptions options) {
  world_ = std::make_unique<World>(std::move(spaces), clock_, options);
}

FakeConnection& WorldFixture::Connect(const std::string& role, int64_t user_id,
                                      const std::string& name,
                                      const std::string& purpose) {
  FakeConnection& connection = connections_.emplace_back();
  ClientIdentity identity;
  identity.role = role;
  identity.user_id = user_id;
  identity.display_name = name;
  identity.guest_purpose = purpose;
  FakeConnection* pointer = &connection;
  auto id = world_->Open(
      identity,
      [pointer](std::string_view frame, Delivery delivery) {
        if (delivery == Delivery::kDroppable && !pointer->accept_droppable)
          return false;
        pointer->frames.emplace_back(std::string(frame), delivery);
        return true;
      },
      [pointer](int code, std::string reason) {
        pointer->close_code = code;
        pointer->close_reason = std::move(reason);
      });
  EXPECT_TRUE(id.ok());
  connection.id = id.ok() ? *id : 0;
  return connection;
}

void WorldFixture::Send(FakeConnection& connection,
                        const protocol::ClientMessage& message) {
  SendRaw(connection, protocol::Encode(message));
}

void WorldFixture::SendRaw(FakeConnection& connection, std::string_view frame,
                           bool binary) {
  world_->Receive(connection.id, frame, binary);
}

void WorldFixture::Greet(FakeConnection& connection, uint8_t flags,
                         uint16_t max_version) {
  Send(connection, protocol::Hello{1, max_version, flags});
  ASSERT_EQ(connection.All<protocol::Welcome>().size(), 1u);
  connection.Clear();
}

FakeConnection& WorldFixture::Enter(const std::string& role,
                                    const std::string& space, int64_t user_id,
                                    const std::string& name) {
  FakeConnection& connection = Connect(role, user_id, name);
  Greet(connection);
  Send(connection, protocol::Join{space});
  Tick();
  auto joined = connection.All<protocol::Joined>();
  EXPECT_EQ(joined.size(), 1u) << role << " into " << space;
  return connection;
}

void WorldFixture::Tick(int ticks) {
  for (int i = 0; i < ticks; ++i) {
    clock_.AdvanceMs(world_->options().tick_interval_ms);
    world_->Tick(clock_.MonotonicMs());
  }
}

}  // namespace mc::world::testing
