// The load generator's engine. Beast does the HTTP (bot sessions) and the
// WebSocket handshake; after it a bot frames its socket itself
// (net/websocket_frame.h), so the load generator costs little per frame
// and does not hide the server's cost behind its own. One pacer timer
// sends every bot's pose in staggered groups, one non-blocking write each;
// each bot has one read loop that parses every frame a read brought.
// Everything runs on one io_context thread, so the shared counters need no
// locks.
#include "tools/loadgen/loadgen.h"

#include <sys/resource.h>

#include <algorithm>
#include <array>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <chrono>
#include <cmath>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <random>

#include "fmt/format.h"
#include "net/websocket_frame.h"
#include "world/protocol.h"

namespace mc::loadgen {
namespace {

namespace protocol = world::protocol;
namespace frame = websocket_frame;
using world::Box3;
using world::Vec3;

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using SteadyClock = std::chrono::steady_clock;
using asio::awaitable;
using asio::use_awaitable;

constexpr double kLatencyBucketMs = 0.1;
constexpr size_t kLatencyBuckets = 600000;  // up to 60 s
constexpr size_t kMaxErrorSamples = 10;
constexpr size_t kSendRing = 256;

struct Target {
  std::string host;
  std::string port;
  std::string path;
};

StatusOr<Target> ParseUrl(const std::string& url) {
  const std::string scheme = "ws://";
  if (url.rfind(scheme, 0) != 0) {
    return InvalidArgument(
        "bad_url", fmt::format("{}: only ws:// URLs are supported", url));
  }
  std::string rest = url.substr(scheme.size());
  Target target;
  const size_t slash = rest.find('/');
  target.path = slash == std::string::npos ? "/" : rest.substr(slash);
  const std::string authority = rest.substr(0, slash);
  const size_t colon = authority.rfind(':');
  target.host =
      colon == std::string::npos ? authority : authority.substr(0, colon);
  target.port = colon == std::string::npos ? "80" : authority.substr(colon + 1);
  if (target.host.empty() || target.port.empty()) {
    return InvalidArgument("bad_url", fmt::format("{}: no host", url));
  }
  return target;
}

struct Bot;

struct Shared {
  LoadgenOptions options;
  // Joined bots, in phase groups: the pacer sends group g's poses on its
  // g-th step of each period.
  std::vector<std::vector<std::shared_ptr<Bot>>> groups;
  Target target;
  std::string host_header;
  tcp::resolver::results_type endpoints;
  std::mt19937 random{12345};

  int launched = 0;
  int in_flight = 0;       // bots still connecting
  int active = 0;          // bot coroutines alive
  int settled = 0;         // bots that joined or failed
  bool measuring = false;  // counters count
  bool stopping = false;
  SteadyClock::time_point window_start, window_end;

  LoadgenReport report;
  uint64_t sent_messages = 0, sent_bytes = 0;
  uint64_t received_messages = 0, received_bytes = 0, snapshots = 0;
  std::vector<uint32_t> latency = std::vector<uint32_t>(kLatencyBuckets, 0);
  std::map<std::string, int> problems;

  void Problem(const std::string& what) {
    if (problems.size() < kMaxErrorSamples || problems.count(what))
      ++problems[what];
  }
};

struct Bot {
  explicit Bot(asio::any_io_executor executor) : ws(executor) {}
  // Used for the handshake only; afterwards the bot frames socket() itself.
  websocket::stream<beast::tcp_stream> ws;
  tcp::socket& socket() { return beast::get_lowest_layer(ws).socket(); }
  std::string read_buffer;
  size_t read_used = 0;
  std::string payload;      // the frame being looked at
  std::string outgoing;     // bytes not yet taken by the kernel
  bool writing = false;     // an asynchronous write of `outgoing` is pending
  uint32_t mask_key = 0;
  Box3 bounds;
  Vec3 position;
  float yaw = 0;
  uint32_t sequence = 0;
  uint32_t last_ack = 0;
  std::array<SteadyClock::time_point, kSendRing> sent_at;
  bool dead = false;
};

awaitable<void> Sleep(std::chrono::steady_clock::duration duration) {
  const auto executor = co_await asio::this_coro::executor;
  asio::steady_timer timer(executor);
  timer.expires_after(duration);
  beast::error_code ignored;
  co_await timer.async_wait(asio::redirect_error(use_awaitable, ignored));
}

// POST /api/bench/bot-session; "" and a problem recorded on failure.
awaitable<std::string> MintSession(Shared& s) {
  beast::error_code ec;
  const auto executor = co_await asio::this_coro::executor;
  beast::tcp_stream stream(executor);
  stream.expires_after(std::chrono::seconds(30));
  co_await stream.async_connect(s.endpoints,
                                asio::redirect_error(use_awaitable, ec));
  if (ec) {
    s.Problem("bot-session connect: " + ec.message());
    co_return "";
  }
  http::request<http::string_body> request{http::verb::post,
                                           "/api/bench/bot-session", 11};
  request.set(http::field::host, s.host_header);
  request.set(http::field::content_type, "application/json");
  request.body() = "{}";
  request.prepare_payload();
  co_await http::async_write(stream, request,
                             asio::redirect_error(use_awaitable, ec));
  beast::flat_buffer buffer;
  http::response<http::string_body> response;
  if (!ec)
    co_await http::async_read(stream, buffer, response,
                              asio::redirect_error(use_awaitable, ec));
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
  if (ec) {
    s.Problem("bot-session: " + ec.message());
    co_return "";
  }
  if (response.result() != http::status::ok) {
    s.Problem(fmt::format(
        "bot-session: HTTP {} (is the server running with --bench?)",
        response.result_int()));
    co_return "";
  }
  auto body = nlohmann::json::parse(response.body(), nullptr, false);
  if (body.is_discarded() || !body.contains("token") ||
      !body["token"].is_string()) {
    s.Problem("bot-session: no token in the response");
    co_return "";
  }
  co_return body["token"].get<std::string>();
}

// Queues one masked frame and writes what the kernel takes now; the rest
// goes out with one asynchronous write. False when the socket failed.
bool SendFrame(Bot& bot, std::string_view payload) {
  bot.mask_key = bot.mask_key * 1664525u + 1013904223u;
  frame::AppendClientFrame(bot.outgoing, frame::Opcode::kBinary, payload,
                           bot.mask_key);
  if (bot.writing) return true;  // the pending write takes it along
  beast::error_code ec;
  tcp::socket& socket = bot.socket();
  if (!socket.non_blocking()) socket.non_blocking(true, ec);
  const size_t written = socket.write_some(asio::buffer(bot.outgoing), ec);
  if (ec && ec != asio::error::would_block) return false;
  bot.outgoing.erase(0, written);
  return true;
}

void FlushLater(Shared& s, const std::shared_ptr<Bot>& bot);

// What the kernel did not take: one asynchronous write at a time.
void FlushLater(Shared& s, const std::shared_ptr<Bot>& bot) {
  if (bot->writing || bot->outgoing.empty() || bot->dead) return;
  bot->writing = true;
  auto pending = std::make_shared<std::string>(std::move(bot->outgoing));
  bot->outgoing.clear();
  asio::async_write(bot->socket(), asio::buffer(*pending),
                    [&s, bot, pending](beast::error_code ec, size_t) {
                      bot->writing = false;
                      if (ec) {
                        bot->dead = true;
                        return;
                      }
                      FlushLater(s, bot);
                    });
}

// Reads until a frame arrives; false on a failure (recorded as a problem
// while joining) or a close.
awaitable<bool> ReadFrame(Shared& s, Bot& bot, frame::ParsedFrame& parsed) {
  for (;;) {
    if (bot.read_used > 0) {
      const frame::ParseOutcome outcome = frame::ParseFrame(
          std::string_view(bot.read_buffer.data(), bot.read_used), false,
          64 * 1024, bot.payload);
      if (outcome.result == frame::ParseResult::kError) {
        s.Problem(std::string("bad frame from the server: ") +
                  outcome.error_reason);
        co_return false;
      }
      if (outcome.result == frame::ParseResult::kFrame) {
        parsed = outcome.frame;
        bot.read_buffer.erase(0, parsed.consumed);
        bot.read_used -= parsed.consumed;
        co_return true;
      }
    }
    if (bot.read_buffer.size() - bot.read_used < 4096) {
      bot.read_buffer.resize(bot.read_used + 4096);
    }
    beast::error_code ec;
    const size_t bytes = co_await bot.socket().async_read_some(
        asio::buffer(bot.read_buffer.data() + bot.read_used,
                     bot.read_buffer.size() - bot.read_used),
        asio::redirect_error(use_awaitable, ec));
    if (ec) {
      parsed.opcode = frame::Opcode::kClose;
      bot.payload.clear();
      co_return false;
    }
    bot.read_used += bytes;
  }
}

std::string CloseDescription(const std::string& payload) {
  if (payload.size() < 2) return "no code";
  const int code = (static_cast<uint8_t>(payload[0]) << 8) |
                   static_cast<uint8_t>(payload[1]);
  return fmt::format("{} {}", code, payload.substr(2));
}

// Reads frames until one of type `wanted`; an Error frame or a failure ends
// the wait with false.
awaitable<bool> ReadUntil(Shared& s, Bot& bot, protocol::MessageType wanted,
                          protocol::ServerMessage& out) {
  for (;;) {
    frame::ParsedFrame parsed;
    if (!co_await ReadFrame(s, bot, parsed)) {
      s.Problem("while joining: connection lost");
      co_return false;
    }
    if (parsed.opcode == frame::Opcode::kClose) {
      s.Problem("while joining: closed " + CloseDescription(bot.payload));
      co_return false;
    }
    const std::string_view message = bot.payload;
    if (parsed.opcode != frame::Opcode::kBinary || message.empty()) continue;
    const uint8_t type = static_cast<uint8_t>(message[0]);
    if (type != static_cast<uint8_t>(wanted)) {
      if (type == static_cast<uint8_t>(protocol::MessageType::kError)) {
        auto error = protocol::DecodeServerMessage(message);
        if (error.ok()) {
          const auto& e = std::get<protocol::Error>(*error);
          s.Problem(fmt::format("while joining: {}: {}", e.code, e.message));
        }
        co_return false;
      }
      continue;  // e.g. a snapshot racing the Joined
    }
    auto decoded = protocol::DecodeServerMessage(message);
    if (!decoded.ok()) {
      s.Problem("while joining: " + MessageOf(decoded.status()));
      co_return false;
    }
    out = *std::move(decoded);
    co_return true;
  }
}

void StepWalk(Shared& s, Bot& bot, double dt_s) {
  std::uniform_real_distribution<float> turn(-0.3f, 0.3f);
  bot.yaw += turn(s.random);
  const float step = static_cast<float>(s.options.walk_speed_m_per_s * dt_s);
  Vec3 next{bot.position.x + std::sin(bot.yaw) * step, bot.position.y,
            bot.position.z + std::cos(bot.yaw) * step};
  const float margin = 1;
  if (next.x < bot.bounds.min.x + margin ||
      next.x > bot.bounds.max.x - margin ||
      next.z < bot.bounds.min.z + margin ||
      next.z > bot.bounds.max.z - margin) {
    bot.yaw += 3.14159265f;  // turn back at the edge
    return;
  }
  bot.position = next;
}

std::string PoseFrame(Bot& bot) {
  protocol::Pose pose;
  pose.sequence = ++bot.sequence;
  const uint32_t rotation = protocol::PackRotation(
      {0, std::sin(bot.yaw / 2), 0, std::cos(bot.yaw / 2)});
  auto body = protocol::QuantizePosition(bot.position, bot.bounds);
  auto head = protocol::QuantizePosition(
      {bot.position.x, bot.position.y + 1.6f, bot.position.z}, bot.bounds);
  pose.pose.body = {body.x, body.y, body.z, rotation};
  pose.pose.head = {head.x, head.y, head.z, rotation};
  return protocol::Encode(protocol::ClientMessage(pose));
}

void SendPose(Shared& s, const std::shared_ptr<Bot>& bot) {
  if (bot->dead) return;
  if (bot->writing) {
    ++s.report.poses_skipped;  // the socket is backed up: do not pile on
    return;
  }
  StepWalk(s, *bot, 1.0 / s.options.rate_hz);
  const std::string pose = PoseFrame(*bot);
  bot->sent_at[bot->sequence % kSendRing] = SteadyClock::now();
  if (!SendFrame(*bot, pose)) {
    bot->dead = true;
    return;
  }
  FlushLater(s, bot);
  if (s.measuring) {
    ++s.sent_messages;
    s.sent_bytes += pose.size();
  }
}

// Sends every bot's pose once per period, one group per step, so the
// crowd's poses are spread evenly over the period.
awaitable<void> Pacer(Shared& s) {
  const auto executor = co_await asio::this_coro::executor;
  asio::steady_timer timer(executor);
  const auto step = std::chrono::duration_cast<SteadyClock::duration>(
      std::chrono::duration<double>(1.0 / s.options.rate_hz /
                                    s.groups.size()));
  auto next = SteadyClock::now();
  size_t group = 0;
  while (!s.stopping) {
    for (const auto& bot : s.groups[group]) SendPose(s, bot);
    group = (group + 1) % s.groups.size();
    next += step;
    const auto now = SteadyClock::now();
    if (next < now) next = now;  // fell behind: do not burst
    timer.expires_at(next);
    beast::error_code ec;
    co_await timer.async_wait(asio::redirect_error(use_awaitable, ec));
  }
}

void OnFrame(Shared& s, Bot& bot, std::string_view frame) {
  const auto now = SteadyClock::now();
  if (s.measuring) {
    ++s.received_messages;
    s.received_bytes += frame.size();
  }
  const auto type =
      static_cast<protocol::MessageType>(static_cast<uint8_t>(frame[0]));
  if (type == protocol::MessageType::kSnapshot && frame.size() >= 9) {
    const auto* bytes = reinterpret_cast<const uint8_t*>(frame.data());
    const uint32_t ack = bytes[5] | (bytes[6] << 8) | (bytes[7] << 16) |
                         (static_cast<uint32_t>(bytes[8]) << 24);
    if (s.measuring) ++s.snapshots;
    if (ack > bot.last_ack && bot.sequence - ack < kSendRing && s.measuring) {
      const double ms = std::chrono::duration<double, std::milli>(
                            now - bot.sent_at[ack % kSendRing])
                            .count();
      const size_t bucket = std::min(
          kLatencyBuckets - 1, static_cast<size_t>(ms / kLatencyBucketMs));
      ++s.latency[bucket];
    }
    bot.last_ack = std::max(bot.last_ack, ack);
    return;
  }
  if (type == protocol::MessageType::kCorrection ||
      type == protocol::MessageType::kError) {
    auto decoded = protocol::DecodeServerMessage(frame);
    if (!decoded.ok()) {
      s.Problem("undecodable frame: " + MessageOf(decoded.status()));
      return;
    }
    if (const auto* correction = std::get_if<protocol::Correction>(&*decoded)) {
      ++s.report.corrections;
      bot.position =
          protocol::DequantizePosition(correction->body.x, correction->body.y,
                                       correction->body.z, bot.bounds);
      bot.yaw += 1.5f;  // walk away from whatever stopped us
    } else if (const auto* error = std::get_if<protocol::Error>(&*decoded)) {
      ++s.report.error_messages;
      s.Problem(
          fmt::format("error frame: {}: {}", error->code, error->message));
    }
  }
}

// A close from the server is an error unless it is the answer to ours
// (1000) or the server going away while we stop.
void OnClosed(Shared& s, Bot& bot, bool lost) {
  bot.dead = true;
  if (s.stopping && lost) return;
  int code = 0;
  if (!lost && bot.payload.size() >= 2) {
    code = (static_cast<uint8_t>(bot.payload[0]) << 8) |
           static_cast<uint8_t>(bot.payload[1]);
  }
  const bool expected =
      !lost && (code == 1000 || (s.stopping && code == 1001));
  if (expected) return;
  ++s.report.closed_with_error;
  s.Problem(lost ? "connection lost"
                 : "closed by the server: " + CloseDescription(bot.payload));
}

awaitable<void> Reader(Shared& s, std::shared_ptr<Bot> bot) {
  for (;;) {
    frame::ParsedFrame parsed;
    if (!co_await ReadFrame(s, *bot, parsed)) {
      OnClosed(s, *bot, true);
      co_return;
    }
    if (parsed.opcode == frame::Opcode::kClose) {
      OnClosed(s, *bot, false);
      co_return;
    }
    if (parsed.opcode == frame::Opcode::kBinary && !bot->payload.empty()) {
      OnFrame(s, *bot, bot->payload);
    }
  }
}

void Settle(Shared& s, bool joined) {
  --s.in_flight;
  ++s.settled;
  if (joined) {
    ++s.report.connected;
  } else {
    ++s.report.failed;
  }
}

// Hello, welcome, join, joined. GCC 12 miscompiles co_await inside && and
// temporaries that live across a co_await, hence one named step per line.
awaitable<bool> Handshake(Shared& s, Bot& bot, int index) {
  protocol::ServerMessage message;
  const std::string hello =
      protocol::Encode(protocol::ClientMessage(protocol::Hello{}));
  bool ok = SendFrame(bot, hello) && bot.outgoing.empty();
  if (ok)
    ok = co_await ReadUntil(s, bot, protocol::MessageType::kWelcome, message);
  const std::string join = protocol::Encode(
      protocol::ClientMessage(protocol::Join{s.options.space}));
  if (ok) ok = SendFrame(bot, join) && bot.outgoing.empty();
  if (ok)
    ok = co_await ReadUntil(s, bot, protocol::MessageType::kJoined, message);
  if (!ok) co_return false;
  const auto& space = std::get<protocol::Joined>(message);
  bot.bounds = space.bounds;
  bot.position = protocol::DequantizePosition(space.spawn.x, space.spawn.y,
                                              space.spawn.z, space.bounds);
  bot.yaw = static_cast<float>(index % 360) * 3.14159265f / 180;
  co_return true;
}

// Closes every live bot with 1000 and waits (bounded) for the answers.
void CloseAll(Shared& s) {
  for (auto& group : s.groups) {
    for (auto& bot : group) {
      if (bot->dead) continue;
      std::string payload = {static_cast<char>(0x03), static_cast<char>(0xe8)};
      bot->mask_key = bot->mask_key * 1664525u + 1013904223u;
      frame::AppendClientFrame(bot->outgoing, frame::Opcode::kClose, payload,
                               bot->mask_key);
      FlushLater(s, bot);
    }
  }
}

awaitable<void> RunBot(Shared& s, int index) {
  const auto executor = co_await asio::this_coro::executor;
  const std::string token = co_await MintSession(s);
  if (token.empty()) {
    Settle(s, false);
    --s.active;
    co_return;
  }
  auto bot = std::make_shared<Bot>(executor);
  bot->mask_key = static_cast<uint32_t>(index) * 2654435761u + 1;
  beast::error_code ec;
  beast::get_lowest_layer(bot->ws).expires_after(std::chrono::seconds(30));
  co_await beast::get_lowest_layer(bot->ws).async_connect(
      s.endpoints, asio::redirect_error(use_awaitable, ec));
  if (!ec) {
    const std::string cookie = "mc_session=" + token;
    bot->ws.set_option(websocket::stream_base::decorator(
        [cookie](websocket::request_type& request) {
          request.set(http::field::cookie, cookie);
          request.set(http::field::user_agent, "metaclinic-loadgen");
        }));
    co_await bot->ws.async_handshake(s.host_header, s.target.path,
                                     asio::redirect_error(use_awaitable, ec));
    beast::get_lowest_layer(bot->ws).expires_never();
  }
  bool joined = false;
  if (ec) {
    s.Problem("websocket: " + ec.message());
  } else {
    bot->socket().set_option(tcp::no_delay(true), ec);
    joined = co_await Handshake(s, *bot, index);
  }
  Settle(s, joined);
  if (joined) {
    s.groups[index % s.groups.size()].push_back(bot);
    co_await Reader(s, bot);
  }
  --s.active;
}

awaitable<void> Launch(Shared& s) {
  const auto executor = co_await asio::this_coro::executor;
  for (int i = 0; i < s.options.bots; ++i) {
    while (s.in_flight >= s.options.connect_concurrency && !s.stopping) {
      co_await Sleep(std::chrono::milliseconds(1));
    }
    if (s.stopping) break;
    ++s.in_flight;
    ++s.active;
    ++s.launched;
    asio::co_spawn(executor, RunBot(s, i), asio::detached);
  }
}

awaitable<void> Control(Shared& s, asio::io_context& io) {
  const auto started = SteadyClock::now();
  const auto connect_deadline =
      started + std::chrono::duration_cast<SteadyClock::duration>(
                    std::chrono::duration<double>(s.options.connect_timeout_s));
  while (s.settled < s.options.bots && SteadyClock::now() < connect_deadline) {
    co_await Sleep(std::chrono::milliseconds(10));
  }
  s.report.connect_seconds =
      std::chrono::duration<double>(SteadyClock::now() - started).count();
  if (s.settled < s.options.bots) {
    s.Problem(fmt::format("{} bots still connecting after {} s",
                          s.options.bots - s.settled,
                          s.options.connect_timeout_s));
    s.report.failed += s.options.bots - s.settled;
  }
  // Poses start only now, so the connect phase is not slowed down by them;
  // one second for the crowd to start walking before the window opens.
  asio::co_spawn(co_await asio::this_coro::executor, Pacer(s), asio::detached);
  co_await Sleep(std::chrono::seconds(1));
  s.measuring = true;
  s.window_start = SteadyClock::now();
  const auto window = std::chrono::duration_cast<SteadyClock::duration>(
      std::chrono::duration<double>(s.options.seconds));
  co_await Sleep(window);
  s.measuring = false;
  s.window_end = SteadyClock::now();
  s.stopping = true;
  CloseAll(s);
  const auto give_up = SteadyClock::now() + std::chrono::seconds(10);
  while (s.active > 0 && SteadyClock::now() < give_up) {
    co_await Sleep(std::chrono::milliseconds(20));
  }
  io.stop();
}

double Percentile(const std::vector<uint32_t>& histogram, uint64_t total,
                  double p) {
  if (total == 0) return 0;
  const uint64_t rank = static_cast<uint64_t>(std::ceil(p * total));
  uint64_t seen = 0;
  for (size_t i = 0; i < histogram.size(); ++i) {
    seen += histogram[i];
    if (seen >= rank) return (i + 0.5) * kLatencyBucketMs;
  }
  return histogram.size() * kLatencyBucketMs;
}

void RaiseFileLimit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0 &&
      limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
  }
}

}  // namespace

StatusOr<LoadgenReport> RunLoadgen(const LoadgenOptions& options) {
  MC_ASSIGN_OR_RETURN(Target target, ParseUrl(options.url));
  if (options.bots < 1 || options.seconds <= 0 || options.rate_hz <= 0 ||
      options.connect_concurrency < 1) {
    return InvalidArgument(
        "bad_options", "bots, seconds, rate and concurrency must be positive");
  }
  RaiseFileLimit();
  asio::io_context io(1);
  Shared s;
  s.options = options;
  // Groups of bots sent to together, about 5 ms apart.
  s.groups.resize(static_cast<size_t>(
      std::clamp(std::round(1000.0 / options.rate_hz / 5.0), 1.0, 200.0)));
  s.target = target;
  s.host_header = target.host + ":" + target.port;
  {
    tcp::resolver resolver(io);
    beast::error_code ec;
    s.endpoints = resolver.resolve(target.host, target.port, ec);
    if (ec) {
      return Unavailable(
          "resolve_failed",
          fmt::format("cannot resolve {}: {}", target.host, ec.message()));
    }
  }
  asio::co_spawn(io, Launch(s), asio::detached);
  asio::co_spawn(io, Control(s, io), asio::detached);
  io.run();

  LoadgenReport& report = s.report;
  report.url = options.url;
  report.space = options.space;
  report.bots = options.bots;
  report.rate_hz = options.rate_hz;
  report.seconds =
      std::chrono::duration<double>(s.window_end - s.window_start).count();
  const double bot_seconds =
      std::max(1e-9, report.seconds * std::max(1, report.connected));
  report.sent_messages_per_second = s.sent_messages / bot_seconds;
  report.sent_bytes_per_second = s.sent_bytes / bot_seconds;
  report.received_messages_per_second = s.received_messages / bot_seconds;
  report.received_bytes_per_second = s.received_bytes / bot_seconds;
  report.snapshots_per_second = s.snapshots / bot_seconds;
  uint64_t total = 0;
  size_t max_bucket = 0;
  for (size_t i = 0; i < s.latency.size(); ++i) {
    total += s.latency[i];
    if (s.latency[i]) max_bucket = i;
  }
  report.latency_samples = total;
  report.latency_ms_p50 = Percentile(s.latency, total, 0.50);
  report.latency_ms_p99 = Percentile(s.latency, total, 0.99);
  report.latency_ms_max = total ? (max_bucket + 1) * kLatencyBucketMs : 0;
  for (const auto& [what, count] : s.problems) {
    report.error_samples.push_back(fmt::format("{} (x{})", what, count));
  }
  return report;
}

std::string LoadgenReportJson(const LoadgenReport& r) {
  nlohmann::json out = {
      {"url", r.url},
      {"space", r.space},
      {"bots", r.bots},
      {"seconds", r.seconds},
      {"rate_hz", r.rate_hz},
      {"connect_seconds", r.connect_seconds},
      {"connected", r.connected},
      {"failed", r.failed},
      {"closed_with_error", r.closed_with_error},
      {"error_messages", r.error_messages},
      {"corrections", r.corrections},
      {"poses_skipped", r.poses_skipped},
      {"error_samples", r.error_samples},
      {"per_bot",
       {{"sent_messages_per_second", r.sent_messages_per_second},
        {"sent_bytes_per_second", r.sent_bytes_per_second},
        {"received_messages_per_second", r.received_messages_per_second},
        {"received_bytes_per_second", r.received_bytes_per_second},
        {"snapshots_per_second", r.snapshots_per_second}}},
      {"latency_ms",
       {{"p50", r.latency_ms_p50},
        {"p99", r.latency_ms_p99},
        {"max", r.latency_ms_max},
        {"samples", r.latency_samples}}},
      {"ok", r.ok()},
  };
  return out.dump(2);
}

}  // namespace mc::loadgen
