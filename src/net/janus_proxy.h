// The browser's WebSocket to the media server (docs/voice.md "Group
// rooms"): after the server has authorised GET /janus (session and Origin,
// as /ws), it opens Janus's WebSocket (loopback, or an external Janus's
// private address: media/janus_external.h) with the browser's own key,
// hands Janus's 101 back (its accept value is right for that key), and then
// pipes bytes both ways untouched: the browser's masked frames are what a
// client sends, Janus's unmasked ones what a server sends. No extension is
// asked for, so none is negotiated. The proxy never reads the Janus API;
// Janus checks every request's token (janus_tokens.h). Included only by
// http_session.cpp (it needs the session's stream type).
#pragma once

#include <boost/beast/http.hpp>
#include <string>

#include "net/http_server_internal.h"

namespace mc {

namespace janus_proxy {

// Copies from `from` to `to` until either side ends, then closes both.
template <typename From, typename To>
awaitable<void> Pump(From& from, To& to, std::shared_ptr<bool> done,
                     std::function<void()> close_all) {
  std::array<char, 16 * 1024> chunk;
  while (!*done) {
    auto [read_error, read] =
        co_await from.async_read_some(asio::buffer(chunk), kNoThrow);
    if (read_error) break;
    auto [write_error, written] =
        co_await asio::async_write(to, asio::buffer(chunk.data(), read), kNoThrow);
    if (write_error) break;
  }
  if (!*done) {
    *done = true;
    close_all();
  }
}

// Where Janus's WebSocket listens (ipv4 in host byte order).
struct Target {
  uint32_t ipv4 = 0x7f000001;
  uint16_t port = 0;
  std::string path = "/janus";
};

inline std::string Handshake(const beast::http::request<beast::http::string_body>& request,
                             const Target& target) {
  const uint32_t a = target.ipv4;
  return "GET " + target.path + " HTTP/1.1\r\nHost: " + std::to_string(a >> 24) + "." +
         std::to_string((a >> 16) & 0xff) + "." + std::to_string((a >> 8) & 0xff) + "." +
         std::to_string(a & 0xff) + ":" + std::to_string(target.port) +
         "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
         "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: " +
         std::string(request[beast::http::field::sec_websocket_key]) +
         "\r\nSec-WebSocket-Protocol: janus-protocol\r\n\r\n";
}

}  // namespace janus_proxy

// True when the browser asked for Janus's subprotocol.
inline bool AsksForJanusProtocol(
    const beast::http::request<beast::http::string_body>& request) {
  const std::string protocols(request[beast::http::field::sec_websocket_protocol]);
  return protocols.find("janus-protocol") != std::string::npos;
}

// Serves the upgraded connection until either side closes. `stream` has
// just delivered `request` (an authorised upgrade); `buffer` holds what was
// read past it. False when Janus could not be reached (nothing was written
// to the browser yet, so the caller can answer 503).
template <typename Stream>
awaitable<bool> ProxyToJanus(Stream& stream, beast::flat_buffer& buffer,
                             const beast::http::request<beast::http::string_body>& request,
                             const janus_proxy::Target& target) {
  const auto executor = co_await asio::this_coro::executor;
  tcp::socket janus(executor);
  auto [connect_error] = co_await janus.async_connect(
      tcp::endpoint(asio::ip::address_v4(target.ipv4), target.port), kNoThrow);
  if (connect_error) co_return false;
  const std::string handshake = janus_proxy::Handshake(request, target);
  auto [write_error, written] =
      co_await asio::async_write(janus, asio::buffer(handshake), kNoThrow);
  if (write_error) co_return false;
  std::string answer;
  auto [read_error, header_size] = co_await asio::async_read_until(
      janus, asio::dynamic_buffer(answer, 16 * 1024), "\r\n\r\n", kNoThrow);
  if (read_error || answer.rfind("HTTP/1.1 101", 0) != 0) co_return false;
  // Janus's 101 (and anything it sent after it) goes to the browser as is;
  // what the browser sent after its request goes to Janus.
  auto [answer_error, answered] =
      co_await asio::async_write(stream, asio::buffer(answer), kNoThrow);
  if (answer_error) co_return true;
  if (buffer.size() > 0) {
    auto [early_error, early] =
        co_await asio::async_write(janus, buffer.data(), kNoThrow);
    if (early_error) co_return true;
    buffer.consume(buffer.size());
  }
  beast::get_lowest_layer(stream).expires_never();
  auto done = std::make_shared<bool>(false);
  auto close_all = [&stream, &janus] {
    beast::error_code ignored;
    janus.shutdown(tcp::socket::shutdown_both, ignored);
    janus.close(ignored);
    beast::get_lowest_layer(stream).socket().shutdown(tcp::socket::shutdown_both,
                                                      ignored);
    beast::get_lowest_layer(stream).cancel();
  };
  // Both directions on this connection's executor; this coroutine waits
  // for the browser-to-Janus pump, the other one is spawned and ends with it.
  struct Other {
    explicit Other(const asio::any_io_executor& executor) : timer(executor) {}
    asio::steady_timer timer;
    bool finished = false;
  };
  auto other = std::make_shared<Other>(executor);
  other->timer.expires_at(asio::steady_timer::time_point::max());
  asio::co_spawn(
      executor,
      [&, done, other]() -> awaitable<void> {
        co_await janus_proxy::Pump(janus, stream, done, close_all);
        other->finished = true;
        other->timer.cancel();
      },
      asio::detached);
  co_await janus_proxy::Pump(stream, janus, done, close_all);
  // Wait for the other pump to leave before the sockets go away.
  if (!other->finished) co_await other->timer.async_wait(kNoThrow);
  co_return true;
}

}  // namespace mc
