// libFuzzer target for the realtime protocol decoder (src/world/protocol.h):
// every input is decoded as a client and as a server frame; whatever decodes
// must re-encode to the same bytes (the format has one encoding per message),
// and decode errors must map to a protocol close code.
// Built and run by scripts/fuzz-target protocol.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "world/protocol.h"

namespace protocol = mc::world::protocol;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view frame(reinterpret_cast<const char*>(data), size);
  auto client = protocol::DecodeClientMessage(frame);
  if (client.ok()) {
    if (protocol::Encode(*client) != frame) std::abort();
  } else {
    const int code = protocol::CloseCodeForDecodeError(client.status());
    if (code != 1002 && code != 1003 && code != 1007) std::abort();
  }
  auto server = protocol::DecodeServerMessage(frame);
  if (server.ok() && protocol::Encode(*server) != frame) std::abort();
  return 0;
}
