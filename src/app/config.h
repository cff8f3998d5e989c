// Configuration of `metaclinic serve`: defaults < TOML file < command-line
// flags < environment variables (METACLINIC_*).
//
// Every setting has one row in the settings table (config.cpp), which gives
// its TOML key, flag and environment variable, and validates its text; the
// help text of `serve` and docs/deployment.md list the same rows.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "core/status.h"

namespace mc {

struct ServeConfig {
  std::string host = "127.0.0.1";
  uint16_t port = 8080;
  std::string tls_certificate_file;
  std::string tls_private_key_file;
  std::string web_root = "web/dist";
  int64_t body_limit_bytes = 1024 * 1024;
  // POST /dicomweb/... (image uploads): a CT study is hundreds of MB.
  int64_t upload_limit_bytes = 256 * 1024 * 1024;
  int64_t request_timeout_seconds = 30;
  int64_t io_threads = 2;
  int64_t realtime_threads = 1;
  int64_t worker_threads = 4;
  int64_t session_idle_minutes = 30;
  int64_t session_absolute_hours = 12;
  int64_t login_max_failures_per_hour = 100;
  int64_t login_address_free_failures = 10;
  // Care relationships end this long after a fulfilled visit.
  int64_t care_relationship_days = 90;
  // Per-user limits (docs/security.md "Limits").
  int64_t sockets_per_session = 4;
  int64_t sockets_per_account = 8;
  int64_t open_bookings_per_patient = 10;
  // The most the database may grow to, in MiB (0: no limit).
  int64_t store_max_size_mb = 0;
  std::string kek_file;  // default: <data>/keys/kek
  std::string log_level = "info";
  // WebRTC ICE servers for consultations (docs/deployment.md "TURN").
  std::vector<std::string> rtc_stun_urls;
  std::vector<std::string> rtc_turn_urls;
  std::string rtc_turn_secret;
  // Crisis help shown to a patient whose answers raise the safety flow
  // (docs/deployment.md "Crisis help"), each "label: how to reach it".
  std::vector<std::string> safety_crisis_lines;
  // Group rooms' media server (docs/voice.md): "embedded" runs Debian's
  // Janus as a supervised child; "external" connects to one given below
  // (docs/deployment.md "An external Janus"); "off" runs group rooms peer
  // to peer.
  std::string media_janus = "embedded";
  std::string media_janus_url;           // external: its HTTP API
  std::string media_janus_ws_url;        // external: its WebSocket
  std::string media_janus_token_secret;  // external: its token_auth_secret
  std::string media_janus_admin_key;     // external: its VideoRoom admin_key
  std::string media_public_ip;  // Janus's nat_1_1_mapping behind NAT
  std::string media_rtp_ports = "20000-40000";
  // Bearer token for GET /metrics from other hosts; empty: loopback only.
  std::string metrics_token;
};

// Binds one CLI11 option per setting to `config_flags` (raw text) on `app`.
void AddServeFlags(CLI::App& app, std::vector<std::string>& config_flags);

// Builds the configuration: `toml_file` (may be "" or absent when
// `toml_required` is false), then the flags that were given, then the
// environment. InvalidArgument ("invalid_config") names the setting and the
// source of a bad value.
StatusOr<ServeConfig> ResolveServeConfig(
    const CLI::App& app, const std::vector<std::string>& config_flags,
    const std::string& toml_file, bool toml_required);

// True for 127.0.0.0/8, ::1 and "localhost".
bool IsLoopbackHost(const std::string& host);

}  // namespace mc
