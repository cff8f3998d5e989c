// The configuration `metaclinic serve` writes for the Janus it supervises
// (docs/voice.md "Group rooms"): never the package's sample config (its
// admin secret is public). Everything binds to loopback; the Admin API is
// off; only the VideoRoom plugin and the WebSocket and HTTP transports are
// loaded (through folders of links to the package's libraries); every Janus
// request needs a token this server signed; rooms can only be created with
// the VideoRoom admin key, which only this server holds.
#pragma once

#include <cstdint>
#include <string>

#include "core/status.h"

namespace mc::media {

// Where Debian's janus package put its binary and libraries.
struct JanusInstall {
  std::string binary;          // /usr/bin/janus
  std::string plugins_dir;     // .../janus/plugins
  std::string transports_dir;  // .../janus/transports
};

// The installed Janus: $METACLINIC_JANUS (the binary) or /usr/bin/janus,
// with its libraries under /usr/lib/<multiarch>/janus. NotFound
// ("janus_not_installed") when it is missing.
StatusOr<JanusInstall> FindJanus();

struct JanusSettings {
  std::string directory;  // config, link folders and log live here
  uint16_t websocket_port = 0;  // loopback; the browser reaches it via /janus
  uint16_t http_port = 0;       // loopback; the server's own control requests
  std::string admin_secret;     // fresh per run; the Admin API is off anyway
  std::string token_secret;     // signs core tokens (janus_tokens.h)
  std::string room_admin_key;   // VideoRoom admin_key: creating rooms
  std::string rtp_port_range = "20000-40000";
  std::string nat_1_1;      // optional public address (docs/deployment.md)
  std::string stun_server;  // optional host:port
};

// Fresh secrets (hex), free loopback ports, `directory` as given.
JanusSettings NewJanusSettings(const std::string& directory);

// Writes janus.jcfg and the transport and plugin files under
// settings.directory (mode 0700; files 0600) and the link folders.
// Internal ("janus_config") when the directory cannot be written.
Status WriteJanusConfig(const JanusInstall& install,
                        const JanusSettings& settings);

}  // namespace mc::media
