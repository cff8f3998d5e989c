// Test support: protocol messages as JSON, the form the golden vectors in
// tests/vectors/protocol/index.json use for their expected fields (the
// TypeScript tests read the same file). Not linked into the server.
#pragma once

#include <nlohmann/json.hpp>

#include "world/protocol.h"

namespace mc::world::protocol {

nlohmann::json ToJson(const ClientMessage& message);
nlohmann::json ToJson(const ServerMessage& message);

}  // namespace mc::world::protocol
