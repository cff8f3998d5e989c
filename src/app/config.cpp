#include "app/config.h"

#include <cstdlib>
#include <filesystem>
#include <functional>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "media/janus_external.h"
#include "net/deployment_settings.h"

namespace mc {
namespace {

struct Setting {
  const char* toml_key;  // "section.name"
  const char* flag;      // "--name"
  const char* env;       // "METACLINIC_NAME"
  const char* help;
  std::function<Status(ServeConfig&, const std::string&)> apply;
};

StatusOr<int64_t> ParseInteger(const std::string& text, int64_t min, int64_t max) {
  if (text.empty() || text.size() > 18 ||
      text.find_first_not_of("0123456789") != std::string::npos) {
    return InvalidArgument("invalid_config", "must be a whole number");
  }
  const int64_t value = std::stoll(text);
  if (value < min || value > max) {
    return InvalidArgument("invalid_config",
                           fmt::format("must be between {} and {}", min, max));
  }
  return value;
}

std::function<Status(ServeConfig&, const std::string&)> IntegerSetter(
    int64_t ServeConfig::*field, int64_t min, int64_t max) {
  return [=](ServeConfig& config, const std::string& text) -> Status {
    MC_ASSIGN_OR_RETURN(config.*field, ParseInteger(text, min, max));
    return Status();
  };
}

std::function<Status(ServeConfig&, const std::string&)> TextSetter(
    std::string ServeConfig::*field) {
  return [=](ServeConfig& config, const std::string& text) -> Status {
    config.*field = text;
    return Status();
  };
}

// A comma-separated list of ICE server URLs of `kind`, checked as the admin
// console checks them (net/deployment_settings.h).
std::function<Status(ServeConfig&, const std::string&)> UrlListSetter(
    std::vector<std::string> ServeConfig::*field, IceServerKind kind) {
  return [=](ServeConfig& config, const std::string& text) -> Status {
    std::vector<std::string> urls;
    size_t begin = 0;
    while (begin <= text.size() && !text.empty()) {
      const size_t end = std::min(text.find(',', begin), text.size());
      const std::string url = text.substr(begin, end - begin);
      if (Status checked = CheckIceUrl(url, kind); !checked.ok()) {
        return InvalidArgument("invalid_config", MessageOf(checked));
      }
      urls.push_back(url);
      begin = end + 1;
    }
    if (urls.size() > kMaxIceUrls) {
      return InvalidArgument("invalid_config", fmt::format("at most {} servers", kMaxIceUrls));
    }
    config.*field = std::move(urls);
    return Status();
  };
}

// An external Janus's URL with `scheme` (media/janus_external.h).
std::function<Status(ServeConfig&, const std::string&)> JanusUrlSetter(
    std::string ServeConfig::*field, std::string scheme) {
  return [=](ServeConfig& config, const std::string& text) -> Status {
    MC_RETURN_IF_ERROR(media::ParseJanusUrl(text, scheme).status());
    config.*field = text;
    return Status();
  };
}

// A secret shared with an external Janus; never the packaged samples.
std::function<Status(ServeConfig&, const std::string&)> JanusSecretSetter(
    std::string ServeConfig::*field, std::string what) {
  return [=](ServeConfig& config, const std::string& text) -> Status {
    MC_RETURN_IF_ERROR(media::CheckJanusSecret(what, text));
    config.*field = text;
    return Status();
  };
}

// media.janus = "external" needs all four settings of the external Janus,
// and they mean nothing in the other modes.
Status CheckMediaSettings(const ServeConfig& config) {
  const std::pair<const char*, const std::string*> external[] = {
      {"media.janus_url", &config.media_janus_url},
      {"media.janus_ws_url", &config.media_janus_ws_url},
      {"media.janus_token_secret", &config.media_janus_token_secret},
      {"media.janus_admin_key", &config.media_janus_admin_key}};
  for (const auto& [name, value] : external) {
    if (config.media_janus == "external" && value->empty())
      return InvalidArgument("invalid_config",
                             fmt::format("media.janus = \"external\" needs {} (docs/deployment.md "
                                         "\"An external Janus\")",
                                         name));
    if (config.media_janus != "external" && !value->empty())
      return InvalidArgument("invalid_config",
                             fmt::format("{} is set but media.janus is \"{}\": set media.janus = "
                                         "\"external\" to use an external Janus",
                                         name, config.media_janus));
  }
  return Status();
}

// "Label: contact; Label: contact": 1 to 8 entries, each checked as the
// admin console checks them (net/deployment_settings.h).
Status SetCrisisLines(ServeConfig& config, const std::string& text) {
  std::vector<std::string> lines;
  size_t begin = 0;
  while (begin < text.size()) {
    const size_t end = std::min(text.find(';', begin), text.size());
    auto line = ParseCrisisLine(std::string_view(text).substr(begin, end - begin));
    if (!line.ok()) return InvalidArgument("invalid_config", MessageOf(line.status()));
    lines.push_back(line->label + ": " + line->how);
    begin = end + 1;
  }
  if (lines.size() > kMaxCrisisLines) {
    return InvalidArgument("invalid_config",
                           fmt::format("at most {} crisis lines", kMaxCrisisLines));
  }
  config.safety_crisis_lines = std::move(lines);
  return Status();
}

const std::vector<Setting>& Settings() {
  static const std::vector<Setting> settings = {
      {"server.host", "--host", "METACLINIC_HOST",
       "address to listen on (non-loopback needs TLS)", TextSetter(&ServeConfig::host)},
      {"server.port", "--port", "METACLINIC_PORT", "TCP port; 0 picks a free one",
       [](ServeConfig& config, const std::string& text) -> Status {
         MC_ASSIGN_OR_RETURN(int64_t port, ParseInteger(text, 0, 65535));
         config.port = static_cast<uint16_t>(port);
         return Status();
       }},
      {"server.tls_certificate", "--tls-cert", "METACLINIC_TLS_CERT",
       "PEM certificate chain; enables HTTPS/WSS",
       TextSetter(&ServeConfig::tls_certificate_file)},
      {"server.tls_private_key", "--tls-key", "METACLINIC_TLS_KEY", "PEM private key",
       TextSetter(&ServeConfig::tls_private_key_file)},
      {"server.web_root", "--web-root", "METACLINIC_WEB_ROOT",
       "directory of the built web client", TextSetter(&ServeConfig::web_root)},
      {"server.body_limit_bytes", "--body-limit-bytes", "METACLINIC_BODY_LIMIT_BYTES",
       "largest request body (413 above)",
       IntegerSetter(&ServeConfig::body_limit_bytes, 1024, 64 * 1024 * 1024)},
      {"server.upload_limit_bytes", "--upload-limit-bytes", "METACLINIC_UPLOAD_LIMIT_BYTES",
       "largest image upload, POST /dicomweb/... (413 above)",
       IntegerSetter(&ServeConfig::upload_limit_bytes, 1024, int64_t{2} * 1024 * 1024 * 1024)},
      {"server.request_timeout_seconds", "--request-timeout-seconds",
       "METACLINIC_REQUEST_TIMEOUT_SECONDS", "time allowed to send one request",
       IntegerSetter(&ServeConfig::request_timeout_seconds, 1, 3600)},
      {"server.io_threads", "--io-threads", "METACLINIC_IO_THREADS",
       "network threads", IntegerSetter(&ServeConfig::io_threads, 1, 64)},
      {"server.realtime_threads", "--realtime-threads", "METACLINIC_REALTIME_THREADS",
       "threads that own realtime WebSockets",
       IntegerSetter(&ServeConfig::realtime_threads, 1, 64)},
      {"server.worker_threads", "--worker-threads", "METACLINIC_WORKER_THREADS",
       "threads for request handlers", IntegerSetter(&ServeConfig::worker_threads, 1, 256)},
      {"sessions.idle_timeout_minutes", "--session-idle-minutes",
       "METACLINIC_SESSION_IDLE_MINUTES", "sign out after this much inactivity",
       IntegerSetter(&ServeConfig::session_idle_minutes, 1, 24 * 60)},
      {"sessions.absolute_timeout_hours", "--session-absolute-hours",
       "METACLINIC_SESSION_ABSOLUTE_HOURS", "sign out this long after sign-in",
       IntegerSetter(&ServeConfig::session_absolute_hours, 1, 24 * 30)},
      {"login.max_failures_per_hour", "--login-max-failures-per-hour",
       "METACLINIC_LOGIN_MAX_FAILURES_PER_HOUR",
       "failed sign-ins per account per hour before refusing (429)",
       IntegerSetter(&ServeConfig::login_max_failures_per_hour, 1, 100000)},
      {"login.address_free_failures", "--login-address-free-failures",
       "METACLINIC_LOGIN_ADDRESS_FREE_FAILURES",
       "failed sign-ins per address before backoff starts",
       IntegerSetter(&ServeConfig::login_address_free_failures, 0, 1000000)},
      {"records.care_relationship_days", "--care-relationship-days",
       "METACLINIC_CARE_RELATIONSHIP_DAYS",
       "days after a fulfilled visit that its care team still reaches the record",
       IntegerSetter(&ServeConfig::care_relationship_days, 0, 3650)},
      {"limits.sockets_per_session", "--sockets-per-session",
       "METACLINIC_SOCKETS_PER_SESSION", "realtime connections one session may hold",
       IntegerSetter(&ServeConfig::sockets_per_session, 1, 10000)},
      {"limits.sockets_per_account", "--sockets-per-account",
       "METACLINIC_SOCKETS_PER_ACCOUNT", "realtime connections one account may hold",
       IntegerSetter(&ServeConfig::sockets_per_account, 1, 10000)},
      {"limits.open_bookings_per_patient", "--open-bookings-per-patient",
       "METACLINIC_OPEN_BOOKINGS_PER_PATIENT", "future booked appointments per patient",
       IntegerSetter(&ServeConfig::open_bookings_per_patient, 1, 10000)},
      {"store.max_size_mb", "--store-max-size-mb", "METACLINIC_STORE_MAX_SIZE_MB",
       "the most the database may grow to, in MiB (0: no limit); beyond it writes "
       "fail with 503 and /readyz reports not ready",
       IntegerSetter(&ServeConfig::store_max_size_mb, 0, 16 * 1024 * 1024)},
      {"keys.kek_file", "--kek-file", "METACLINIC_KEK_FILE",
       "key-encryption key file (default DATA/keys/kek)",
       TextSetter(&ServeConfig::kek_file)},
      {"rtc.stun_urls", "--stun-urls", "METACLINIC_STUN_URLS",
       "comma-separated STUN servers for video visits, e.g. stun:turn.example.org:3478",
       UrlListSetter(&ServeConfig::rtc_stun_urls, IceServerKind::kStun)},
      {"rtc.turn_urls", "--turn-urls", "METACLINIC_TURN_URLS",
       "comma-separated TURN servers (coturn), e.g. turn:turn.example.org:3478",
       UrlListSetter(&ServeConfig::rtc_turn_urls, IceServerKind::kTurn)},
      {"rtc.turn_secret", "--turn-secret", "METACLINIC_TURN_SECRET",
       "coturn static-auth-secret: browsers get 12-hour TURN credentials",
       TextSetter(&ServeConfig::rtc_turn_secret)},
      {"safety.crisis_lines", "--crisis-lines", "METACLINIC_CRISIS_LINES",
       "crisis help for patients, 'label: how to reach it' separated by ';', e.g. "
       "'Emergency: call 112; Crisis line: call 0800 000 000 (any time)'",
       SetCrisisLines},
      {"media.janus", "--janus", "METACLINIC_JANUS_MODE",
       "group rooms' media server: embedded (Debian's janus, supervised), external "
       "(media.janus_url and the rest) or off (peer to peer, up to 6)",
       [](ServeConfig& config, const std::string& text) -> Status {
         if (text != "embedded" && text != "external" && text != "off")
           return InvalidArgument("invalid_config", "must be embedded, external or off");
         config.media_janus = text;
         return Status();
       }},
      {"media.janus_url", "--janus-url", "METACLINIC_JANUS_URL",
       "external Janus: its HTTP API on a private network, e.g. http://10.0.0.5:8088/janus",
       JanusUrlSetter(&ServeConfig::media_janus_url, "http")},
      {"media.janus_ws_url", "--janus-ws-url", "METACLINIC_JANUS_WS_URL",
       "external Janus: its WebSocket, proxied to browsers at /janus, e.g. ws://10.0.0.5:8188",
       JanusUrlSetter(&ServeConfig::media_janus_ws_url, "ws")},
      {"media.janus_token_secret", "--janus-token-secret", "METACLINIC_JANUS_TOKEN_SECRET",
       "external Janus: its token_auth_secret (janus.jcfg), >= 24 characters",
       JanusSecretSetter(&ServeConfig::media_janus_token_secret, "media.janus_token_secret")},
      {"media.janus_admin_key", "--janus-admin-key", "METACLINIC_JANUS_ADMIN_KEY",
       "external Janus: its VideoRoom admin_key (janus.plugin.videoroom.jcfg), >= 24 characters",
       JanusSecretSetter(&ServeConfig::media_janus_admin_key, "media.janus_admin_key")},
      {"media.public_ip", "--media-public-ip", "METACLINIC_MEDIA_PUBLIC_IP",
       "the public address Janus puts in its candidates when behind NAT",
       [](ServeConfig& config, const std::string& text) -> Status {
         const bool ok = !text.empty() && text.size() <= 45 &&
                         text.find_first_not_of("0123456789abcdefABCDEF.:") == std::string::npos;
         if (!ok) return InvalidArgument("invalid_config", "must be an IP address");
         config.media_public_ip = text;
         return Status();
       }},
      {"media.rtp_ports", "--media-rtp-ports", "METACLINIC_MEDIA_RTP_PORTS",
       "UDP port range Janus uses for media, min-max",
       [](ServeConfig& config, const std::string& text) -> Status {
         const size_t dash = text.find('-');
         if (dash == std::string::npos)
           return InvalidArgument("invalid_config", "must be min-max, e.g. 20000-40000");
         MC_ASSIGN_OR_RETURN(int64_t low, ParseInteger(text.substr(0, dash), 1024, 65535));
         MC_ASSIGN_OR_RETURN(int64_t high, ParseInteger(text.substr(dash + 1), 1024, 65535));
         if (high <= low) return InvalidArgument("invalid_config", "max must exceed min");
         config.media_rtp_ports = text;
         return Status();
       }},
      {"metrics.token", "--metrics-token", "METACLINIC_METRICS_TOKEN",
       "bearer token a Prometheus on another host sends for GET /metrics (at least 32 "
       "characters; empty: /metrics answers loopback only)",
       [](ServeConfig& config, const std::string& text) -> Status {
         if (!text.empty() && (text.size() < 32 || text.size() > 256 ||
                               text.find_first_of(" \t\r\n") != std::string::npos)) {
           return InvalidArgument("invalid_config",
                                  "must be 32 to 256 characters without spaces");
         }
         config.metrics_token = text;
         return Status();
       }},
      {"log.level", "--log-level", "METACLINIC_LOG_LEVEL",
       "trace, debug, info, warn, error",
       [](ServeConfig& config, const std::string& text) -> Status {
         static const std::vector<std::string> levels = {"trace", "debug", "info",
                                                         "warn", "error"};
         if (std::find(levels.begin(), levels.end(), text) == levels.end()) {
           return InvalidArgument("invalid_config",
                                  "must be trace, debug, info, warn or error");
         }
         config.log_level = text;
         return Status();
       }},
  };
  return settings;
}

Status Apply(ServeConfig& config, const Setting& setting, const std::string& text,
             const std::string& source) {
  Status status = setting.apply(config, text);
  if (status.ok()) return status;
  return InvalidArgument("invalid_config",
                         fmt::format("{} ({}): {}", setting.toml_key, source,
                                     MessageOf(status)));
}

}  // namespace

void AddServeFlags(CLI::App& app, std::vector<std::string>& config_flags) {
  config_flags.resize(Settings().size());
  for (size_t index = 0; index < Settings().size(); ++index) {
    const Setting& setting = Settings()[index];
    app.add_option(setting.flag, config_flags[index],
                   fmt::format("{} [toml: {}, env: {}]", setting.help,
                               setting.toml_key, setting.env));
  }
}

StatusOr<ServeConfig> ResolveServeConfig(
    const CLI::App& app, const std::vector<std::string>& config_flags,
    const std::string& toml_file, bool toml_required) {
  ServeConfig config;
  if (!toml_file.empty() &&
      (toml_required || std::filesystem::exists(toml_file))) {
    toml::table parsed;
    try {
      parsed = toml::parse_file(toml_file);
    } catch (const toml::parse_error& error) {
      return InvalidArgument(
          "invalid_config",
          fmt::format("{}: {} (line {})", toml_file,
                      std::string(error.description()),
                      error.source().begin.line));
    }
    for (const Setting& setting : Settings()) {
      toml::node_view<toml::node> node = parsed.at_path(setting.toml_key);
      if (!node) continue;
      std::string text;
      if (auto value = node.template value<std::string>()) {
        text = *value;
      } else if (auto number = node.template value<int64_t>()) {
        text = std::to_string(*number);
      } else {
        return InvalidArgument("invalid_config",
                               fmt::format("{} ({}): must be a string or integer",
                                           setting.toml_key, toml_file));
      }
      MC_RETURN_IF_ERROR(Apply(config, setting, text, toml_file));
    }
  }
  for (size_t index = 0; index < Settings().size(); ++index) {
    const Setting& setting = Settings()[index];
    if (app.count(setting.flag) > 0) {
      MC_RETURN_IF_ERROR(Apply(config, setting, config_flags[index], setting.flag));
    }
  }
  for (const Setting& setting : Settings()) {
    if (const char* value = std::getenv(setting.env)) {
      MC_RETURN_IF_ERROR(Apply(config, setting, value, setting.env));
    }
  }
  MC_RETURN_IF_ERROR(CheckMediaSettings(config));
  return config;
}

bool IsLoopbackHost(const std::string& host) {
  return host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
}

}  // namespace mc
