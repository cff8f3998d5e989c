// Connecting to a Janus someone else runs (media.janus = "external",
// docs/deployment.md "An external Janus") instead of the one `metaclinic
// serve` supervises: where its HTTP API (the server's own control
// requests) and its WebSocket (the browsers' media signaling, proxied
// through /janus) are, and the two secrets it shares with this server:
// Janus's token_auth_secret (core tokens, janus_tokens.h) and the
// VideoRoom plugin's admin_key (creating rooms). Plain http:// and ws://
// only: the external Janus sits on loopback or a private network, like the
// embedded one. Pure, except ResolveJanusHost (DNS, once at start).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"

namespace mc::media {

struct JanusEndpoint {
  std::string host;   // as written (an IPv4 address or a name)
  uint32_t ipv4 = 0;  // host byte order; set by ResolveJanusHost
  uint16_t port = 0;
  std::string path;   // "/janus" unless the URL gives one
};

// "http://10.0.0.5:8088/janus" (scheme "http") or "ws://10.0.0.5:8188"
// (scheme "ws"): the port is required; no user info, query or fragment.
// InvalidArgument ("invalid_janus_url") naming what is wrong.
StatusOr<JanusEndpoint> ParseJanusUrl(std::string_view text,
                                      std::string_view scheme);

// Sets endpoint.ipv4 from its host (a dotted address, or a name looked up
// once). Unavailable ("janus_unresolved") when the name does not resolve.
Status ResolveJanusHost(JanusEndpoint& endpoint);

// A secret shared with the external Janus (`what` names the setting): at
// least 24 characters, and none of the samples Janus and Debian ship
// ("janusoverlord", "supersecret", "janusrocks"), which are public.
// InvalidArgument ("weak_janus_secret"); the message never holds the secret.
Status CheckJanusSecret(std::string_view what, std::string_view secret);

}  // namespace mc::media
