// The realtime load generator behind `metaclinic loadgen`: thousands of bots
// on one thread, each a WebSocket client of /ws speaking the protocol in
// world/protocol.h. A tool, not part of the world: it only uses the
// protocol codec and the WebSocket framing (net/websocket_frame.h). A bot gets a session from POST /api/bench/bot-session (only a
// server started with --bench has it), connects with that cookie, says
// hello, joins the space, then random-walks and sends poses at `rate_hz`
// while counting what it receives.
//
// Phases: connect every bot (at most `connect_concurrency` at a time), then
// measure for `seconds` (all counters cover only this window), then close
// every socket with 1000. Poses are paced by one timer in groups spread
// over the period (not a timer per bot). Beast/Asio stay inside loadgen.cpp.
//
// RunLoadgen blocks the calling thread; it is not re-entrant.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"

namespace mc::loadgen {

struct LoadgenOptions {
  std::string url = "ws://127.0.0.1:8080/ws";  // ws:// only
  int bots = 100;
  std::string space = "lobby";
  double seconds = 20;
  double rate_hz = 20;             // poses per bot per second
  int connect_concurrency = 64;    // bots connecting at once
  double connect_timeout_s = 120;  // for the whole connect phase
  double walk_speed_m_per_s = 1.4;
};

struct LoadgenReport {
  std::string url;
  std::string space;
  int bots = 0;
  double seconds = 0;  // the measured window, as it really ran
  double rate_hz = 0;
  double connect_seconds = 0;
  int connected = 0;
  int failed = 0;               // never got to "joined"
  int closed_with_error = 0;    // closed by the server (or the network) early
  uint64_t error_messages = 0;  // protocol Error frames received
  uint64_t corrections = 0;
  // Poses not sent because the bot's socket was still backed up (the
  // server not reading): the load the server did not take.
  uint64_t poses_skipped = 0;
  std::vector<std::string> error_samples;  // first few distinct problems
  // Per connected bot per second of the window (WebSocket payload bytes).
  double sent_messages_per_second = 0;
  double sent_bytes_per_second = 0;
  double received_messages_per_second = 0;
  double received_bytes_per_second = 0;
  double snapshots_per_second = 0;
  // Pose sent -> first snapshot acknowledging it, in ms.
  uint64_t latency_samples = 0;
  double latency_ms_p50 = 0;
  double latency_ms_p99 = 0;
  double latency_ms_max = 0;

  bool ok() const { return failed == 0 && closed_with_error == 0; }
};

// Runs the load. InvalidArgument ("bad_url") for a URL it cannot use,
// Unavailable ("resolve_failed") when the host does not resolve; bot
// failures are counted in the report, not returned.
StatusOr<LoadgenReport> RunLoadgen(const LoadgenOptions& options);

std::string LoadgenReportJson(const LoadgenReport& report);

}  // namespace mc::loadgen
