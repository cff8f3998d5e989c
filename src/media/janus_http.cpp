#include "media/janus_http.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "fmt/format.h"

namespace mc::media {

namespace {

Status Unreachable(std::string_view why) {
  return Unavailable("janus_unreachable",
                     fmt::format("the media server is not answering ({})", why));
}

class Socket {
 public:
  Socket() : fd_(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) {}
  ~Socket() {
    if (fd_ >= 0) ::close(fd_);
  }
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;
  int fd() const { return fd_; }

 private:
  int fd_;
};

}  // namespace

StatusOr<nlohmann::json> JanusHttp(uint16_t port, const std::string& path,
                                   const nlohmann::json& body,
                                   int timeout_ms) {
  return JanusHttp(INADDR_LOOPBACK, port, path, body, timeout_ms);
}

StatusOr<nlohmann::json> JanusHttp(uint32_t ipv4, uint16_t port,
                                   const std::string& path,
                                   const nlohmann::json& body,
                                   int timeout_ms) {
  Socket socket;
  if (socket.fd() < 0) return Unreachable("no socket");
  timeval timeout{timeout_ms / 1000, (timeout_ms % 1000) * 1000};
  ::setsockopt(socket.fd(), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  ::setsockopt(socket.fd(), SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(ipv4);
  const std::string host = fmt::format("{}.{}.{}.{}:{}", ipv4 >> 24, (ipv4 >> 16) & 0xff,
                                       (ipv4 >> 8) & 0xff, ipv4 & 0xff, port);
  if (::connect(socket.fd(), reinterpret_cast<sockaddr*>(&address),
                sizeof address) != 0)
    return Unreachable("connect");
  const std::string payload = body.is_null() ? "" : body.dump();
  const std::string request =
      payload.empty()
          ? fmt::format("GET {} HTTP/1.0\r\nHost: {}\r\n\r\n", path, host)
          : fmt::format(
                "POST {} HTTP/1.0\r\nHost: {}\r\nContent-Type: "
                "application/json\r\nContent-Length: {}\r\n\r\n{}",
                path, host, payload.size(), payload);
  for (size_t sent = 0; sent < request.size();) {
    const ssize_t n = ::send(socket.fd(), request.data() + sent,
                             request.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return Unreachable("send");
    sent += static_cast<size_t>(n);
  }
  std::string response;
  char chunk[4096];
  for (;;) {
    const ssize_t n = ::recv(socket.fd(), chunk, sizeof chunk, 0);
    if (n == 0) break;
    if (n < 0) return Unreachable("read");
    response.append(chunk, static_cast<size_t>(n));
    if (response.size() > 4 * 1024 * 1024) return Unreachable("too large");
  }
  const size_t header_end = response.find("\r\n\r\n");
  if (response.rfind("HTTP/1.", 0) != 0 || header_end == std::string::npos ||
      response.compare(9, 3, "200") != 0)
    return Unreachable("bad status");
  auto parsed = nlohmann::json::parse(response.substr(header_end + 4), nullptr,
                                      /*allow_exceptions=*/false);
  if (parsed.is_discarded()) return Unreachable("not JSON");
  return parsed;
}

}  // namespace mc::media
