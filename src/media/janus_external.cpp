#include "media/janus_external.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <cctype>

#include "fmt/format.h"

namespace mc::media {

namespace {

Status BadUrl(std::string_view text, std::string_view why) {
  return InvalidArgument("invalid_janus_url",
                         fmt::format("\"{}\": {}", text, why));
}

}  // namespace

StatusOr<JanusEndpoint> ParseJanusUrl(std::string_view text,
                                      std::string_view scheme) {
  const std::string prefix = fmt::format("{}://", scheme);
  if (text.rfind(prefix, 0) != 0)
    return BadUrl(text, fmt::format("must start with {} (Janus on loopback or a "
                                    "private network; TLS to Janus is not supported)",
                                    prefix));
  std::string_view rest = text.substr(prefix.size());
  const size_t slash = rest.find('/');
  const std::string_view authority = rest.substr(0, slash);
  JanusEndpoint endpoint;
  endpoint.path = slash == std::string_view::npos ? "/janus" : std::string(rest.substr(slash));
  if (endpoint.path == "/") endpoint.path = "/janus";
  if (authority.find('@') != std::string_view::npos ||
      endpoint.path.find_first_of("?#") != std::string::npos)
    return BadUrl(text, "no user, query or fragment");
  const size_t colon = authority.rfind(':');
  if (colon == std::string_view::npos || colon == 0)
    return BadUrl(text, "give the host and the port, e.g. 10.0.0.5:8088");
  endpoint.host = std::string(authority.substr(0, colon));
  const std::string_view port = authority.substr(colon + 1);
  if (port.empty() || port.size() > 5 ||
      !std::all_of(port.begin(), port.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }))
    return BadUrl(text, "the port must be a number");
  const int number = std::stoi(std::string(port));
  if (number < 1 || number > 65535) return BadUrl(text, "the port must be 1-65535");
  endpoint.port = static_cast<uint16_t>(number);
  const bool host_ok =
      endpoint.host.size() <= 253 &&
      std::all_of(endpoint.host.begin(), endpoint.host.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-';
      });
  if (!host_ok) return BadUrl(text, "the host must be an IPv4 address or a name");
  return endpoint;
}

Status ResolveJanusHost(JanusEndpoint& endpoint) {
  in_addr address{};
  if (::inet_pton(AF_INET, endpoint.host.c_str(), &address) == 1) {
    endpoint.ipv4 = ntohl(address.s_addr);
    return Status();
  }
  addrinfo hints{};
  hints.ai_family = AF_INET;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (::getaddrinfo(endpoint.host.c_str(), nullptr, &hints, &found) != 0 || found == nullptr)
    return Unavailable("janus_unresolved",
                       fmt::format("the Janus host \"{}\" does not resolve to an IPv4 address",
                                   endpoint.host));
  endpoint.ipv4 = ntohl(reinterpret_cast<sockaddr_in*>(found->ai_addr)->sin_addr.s_addr);
  ::freeaddrinfo(found);
  return Status();
}

Status CheckJanusSecret(std::string_view what, std::string_view secret) {
  static constexpr std::array<std::string_view, 3> kSamples = {"janusoverlord", "supersecret",
                                                                "janusrocks"};
  if (std::find(kSamples.begin(), kSamples.end(), secret) != kSamples.end())
    return InvalidArgument("weak_janus_secret",
                           fmt::format("{} is a sample value shipped with Janus, which is "
                                       "public: set a fresh random one on both sides",
                                       what));
  if (secret.size() < 24)
    return InvalidArgument("weak_janus_secret",
                           fmt::format("{} must be at least 24 characters (e.g. openssl "
                                       "rand -hex 32), the same on both sides",
                                       what));
  return Status();
}

}  // namespace mc::media
