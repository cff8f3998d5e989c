#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <chrono>
#include <ctime>
#include <iostream>
#include <thread>

#include <spdlog/spdlog.h>

#include "app/metrics_exposition.h"
#include "app/app_context.h"
#include "app/commands.h"
#include "app/demo.h"
#include "app/trial_job_journal.h"
#include "app/world_consult_rooms.h"
#include "app/world_group_spaces.h"
#include "care/schedule_admin.h"
#include "care/visit_desk.h"
#include "fhir/fhir_service.h"
#include "fhir/rehab_service.h"
#include "records/audit_review.h"
#include "fhir/resource_validator.h"
#include "imaging/image_archive.h"
#include "imaging/review_rooms.h"
#include "core/crypto.h"
#include "core/error_map.h"
#include "media/group_rooms.h"
#include "media/janus_external.h"
#include "media/janus_http.h"
#include "media/janus_rooms.h"
#include "media/janus_supervisor.h"
#include "media/janus_tokens.h"
#include "net/http_metrics.h"
#include "net/api.h"
#include "skills/training_record.h"
#include "core/paths.h"
#include "net/http_server.h"
#include "sim/glucose/params.h"
#include "sim/glucose/trial_jobs.h"
#include "world/space_definition.h"
#include "world/world.h"

namespace mc {
namespace {

struct ServeFlags {
  std::string data_dir = "./data";
  std::string config_file;
  bool demo = false;
  bool bench = false;
  std::vector<std::string> settings;
};

int Serve(const CLI::App& command, const ServeFlags& flags) {
  const std::string toml_file =
      flags.config_file.empty() ? flags.data_dir + "/metaclinic.toml" : flags.config_file;
  auto config = ResolveServeConfig(command, flags.settings, toml_file,
                                   !flags.config_file.empty());
  if (!config.ok()) {
    std::cerr << "error: " << MessageOf(config.status()) << "\n";
    return 2;
  }
  spdlog::set_level(spdlog::level::from_str(config->log_level));
  const bool tls = !config->tls_certificate_file.empty() ||
                   !config->tls_private_key_file.empty();
  if (tls && (config->tls_certificate_file.empty() ||
              config->tls_private_key_file.empty())) {
    std::cerr << "error: TLS needs both --tls-cert and --tls-key\n";
    return 2;
  }
  if (!IsLoopbackHost(config->host) && !tls) {
    std::cerr << "error: refusing to listen on " << config->host
              << " without TLS; give --tls-cert and --tls-key, or use a "
                 "loopback address behind a TLS proxy\n";
    return 2;
  }

  // Signals are taken by one thread with sigwait, so no handler runs on an
  // arbitrary thread; every thread created below inherits the mask.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  auto app = OpenApp(flags.data_dir, *config);
  if (!app.ok()) {
    std::cerr << "error: " << MessageOf(app.status()) << "\n";
    return 1;
  }
  if (flags.demo) {
    Status seeded = SeedDemo(**app, std::cout);
    if (ErrorCode(seeded) == "store_not_empty") {
      spdlog::info("demo: the store already holds data; not seeding");
    } else if (!seeded.ok()) {
      std::cerr << "error: demo seeding failed: " << MessageOf(seeded) << "\n";
      return 1;
    }
  }

  auto spaces = world::LoadSpaceDirectory(world::DefaultSpacesDirectory());
  if (!spaces.ok()) {
    std::cerr << "error: " << MessageOf(spaces.status()) << "\n";
    return 1;
  }
  world::WorldOptions world_options;
  {
    // The body explorer's virtual patients, loaded before the tick starts.
    const std::string directory = ShareDir() + "/uva-padova";
    auto parameters = glucose::LoadParameterSet(directory);
    if (parameters.ok()) {
      world_options.glucose_parameters =
          std::make_shared<const glucose::ParameterSet>(*std::move(parameters));
    } else {
      spdlog::error("body explorer simulation disabled: cannot load {}: {}",
                    directory, MessageOf(parameters.status()));
    }
  }
  world::World realtime(*std::move(spaces), (*app)->clock, world_options);
  // The research lab's trial pool: one low-priority worker thread, jobs and
  // results in memory; the journal lets this start say which jobs the last
  // stop ended (docs/api.md "Research").
  StoreTrialJobJournal trial_journal(*(*app)->store);
  std::unique_ptr<glucose::TrialJobs> trial_jobs;
  if (world_options.glucose_parameters != nullptr) {
    const glucose::TrialJobLimits trial_limits;
    auto history = trial_journal.Recover((*app)->clock.NowUnixMs(), trial_limits.max_kept);
    if (!history.ok()) {
      std::cerr << "error: " << MessageOf(history.status()) << "\n";
      return 1;
    }
    trial_jobs = std::make_unique<glucose::TrialJobs>(*world_options.glucose_parameters,
                                                      (*app)->clock, trial_limits, &trial_journal,
                                                      *std::move(history));
  }

  ApiServices services{*(*app)->store, *(*app)->store, *(*app)->accounts, *(*app)->sessions,
                       *(*app)->visit_links, *(*app)->vault, config->web_root};
  services.scheduling = (*app)->scheduling.get();
  services.invitations = (*app)->invitations.get();
  care::ScheduleAdmin schedule_admin(*(*app)->store, *(*app)->store, *(*app)->audit,
                                     (*app)->clock);
  services.schedule_admin = &schedule_admin;
  services.trials = trial_jobs.get();
  // The skills lab's record of training: its own table, not the vault.
  skills::TrainingRecord training(*(*app)->store, *(*app)->store, (*app)->clock);
  services.training = &training;
  services.audit = (*app)->audit.get();
  WorldConsultRooms consult_rooms(realtime);
  care::VisitDesk visit_desk(*(*app)->store, *(*app)->store, *(*app)->vault, *(*app)->audit,
                             *(*app)->scheduling, *(*app)->visit_links, consult_rooms,
                             (*app)->clock);
  services.visits = &visit_desk;

  // Group rooms and their media server (docs/voice.md "Group rooms").
  std::unique_ptr<media::JanusSupervisor> janus;
  std::unique_ptr<media::HttpJanusRooms> janus_rooms;
  std::atomic<media::GroupRooms*> rooms_for_restart{nullptr};
  media::JanusSettings janus_settings;
  if (config->media_janus == "embedded") {
    auto install = media::FindJanus();
    if (!install.ok()) {
      spdlog::warn("group rooms run peer to peer (up to {} people): {}",
                   media::kPeerToPeerLimit, MessageOf(install.status()));
    } else {
      janus_settings = media::NewJanusSettings(flags.data_dir + "/janus");
      janus_settings.nat_1_1 = config->media_public_ip;
      janus_settings.rtp_port_range = config->media_rtp_ports;
      janus = std::make_unique<media::JanusSupervisor>(
          *install, janus_settings, [&rooms_for_restart] {
            if (media::GroupRooms* rooms = rooms_for_restart.load())
              rooms->MediaRestarted();
          });
      if (Status started = janus->Start(); !started.ok())
        spdlog::warn("janus: {} (the supervisor keeps trying)", MessageOf(started));
      janus_rooms = std::make_unique<media::HttpJanusRooms>(
          [&janus, &janus_settings] {
            return janus->ready() ? janus_settings.http_port : uint16_t{0};
          },
          [&janus_settings] {
            return media::MintJanusCoreToken(janus_settings.token_secret,
                                             std::time(nullptr) + 60);
          },
          janus_settings.room_admin_key);
    }
  }
  // An external Janus (docs/deployment.md "An external Janus"): the same
  // requests and proxy, to its private address, with the secrets it shares.
  media::JanusEndpoint external_http;
  media::JanusEndpoint external_ws;
  if (config->media_janus == "external") {
    auto http_url = media::ParseJanusUrl(config->media_janus_url, "http");
    auto ws_url = media::ParseJanusUrl(config->media_janus_ws_url, "ws");
    Status resolved = http_url.ok() ? media::ResolveJanusHost(*http_url) : http_url.status();
    if (resolved.ok()) resolved = ws_url.ok() ? media::ResolveJanusHost(*ws_url) : ws_url.status();
    if (!resolved.ok()) {
      std::cerr << "error: media.janus = external: " << MessageOf(resolved) << "\n";
      return 1;
    }
    external_http = *http_url;
    external_ws = *ws_url;
    janus_settings.token_secret = config->media_janus_token_secret;
    janus_settings.room_admin_key = config->media_janus_admin_key;
    janus_settings.websocket_port = external_ws.port;
    // Janus must check tokens, or anyone reaching it could make rooms.
    auto info = media::JanusHttp(external_http.ipv4, external_http.port,
                                 external_http.path + "/info", nullptr);
    if (!info.ok()) {
      spdlog::warn("external janus at {}:{} is not answering yet ({}); group rooms say so "
                   "until it does",
                   external_http.host, external_http.port, MessageOf(info.status()));
    } else if (!info->value("auth_token", false)) {
      std::cerr << "error: the external Janus at " << external_http.host << ":"
                << external_http.port
                << " does not check tokens: set token_auth = true and token_auth_secret "
                   "in its janus.jcfg (docs/deployment.md \"An external Janus\")\n";
      return 1;
    } else {
      spdlog::info("janus: external at {}:{} (version {})", external_http.host,
                   external_http.port, info->value("version_string", "?"));
    }
    janus_rooms = std::make_unique<media::HttpJanusRooms>(
        [&external_http] { return external_http.port; },
        [&janus_settings] {
          return media::MintJanusCoreToken(janus_settings.token_secret,
                                           std::time(nullptr) + 60);
        },
        janus_settings.room_admin_key, external_http.ipv4, external_http.path);
  }
  WorldGroupSpaces group_spaces(realtime);
  media::GroupRooms group_rooms(
      group_spaces, janus_rooms.get(),
      [secret = janus_settings.token_secret](int64_t expiry) {
        return media::MintJanusCoreToken(secret, expiry);
      },
      RandomBytes(32), (*app)->clock);
  rooms_for_restart.store(&group_rooms);
  services.groups = &group_rooms;
  const auto schema_started = std::chrono::steady_clock::now();
  auto resource_validator = fhir::ResourceValidator::Shared();
  if (!resource_validator.ok()) {
    std::cerr << "error: " << MessageOf(resource_validator.status()) << "\n";
    return 1;
  }
  spdlog::info("FHIR R4 schema loaded in {} ms",
               std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::steady_clock::now() - schema_started)
                   .count());
  fhir::FhirService fhir_service(*(*app)->store, *(*app)->store, *(*app)->vault,
                                 *(*app)->audit, (*app)->clock, **resource_validator,
                                 (*app)->scheduling.get());
  services.fhir = &fhir_service;
  fhir::RehabService rehab_service(*(*app)->store, *(*app)->vault, *(*app)->audit, (*app)->clock,
                                   **resource_validator);
  services.rehab = &rehab_service;
  imaging::ImageArchive image_archive(*(*app)->vault);
  imaging::ReviewRooms review_rooms;
  services.images = &image_archive;
  services.reviews = &review_rooms;
  AuditReview audit_review(*(*app)->audit);
  services.audit_review = &audit_review;
  // Crisis help and STUN/TURN: the configuration's values are the defaults
  // the admin console may override (docs/deployment.md).
  DeploymentValues deployment_defaults;
  deployment_defaults.rtc.stun_urls = config->rtc_stun_urls;
  deployment_defaults.rtc.turn_urls = config->rtc_turn_urls;
  deployment_defaults.rtc.turn_secret = config->rtc_turn_secret;
  std::vector<std::string> crisis_lines = config->safety_crisis_lines;
  // The demo's lines are plainly fictional (555-01xx numbers are reserved for fiction).
  if (crisis_lines.empty() && flags.demo) crisis_lines = DemoCrisisLines();
  for (const std::string& text : crisis_lines) {
    auto line = ParseCrisisLine(text);
    if (!line.ok()) {
      std::cerr << "error: " << MessageOf(line.status()) << "\n";
      return 1;
    }
    deployment_defaults.crisis_lines.push_back(*std::move(line));
  }
  DeploymentSettings deployment_settings(*(*app)->store, (*app)->audit.get(), (*app)->clock,
                                         std::move(deployment_defaults));
  if (Status loaded = deployment_settings.Load(); !loaded.ok()) {
    std::cerr << "error: " << MessageOf(loaded) << "\n";
    return 1;
  }
  services.settings = &deployment_settings;
  services.bench_mode = flags.bench;
  services.system.version = METACLINIC_VERSION;
  services.system.started_unix_ms = (*app)->clock.NowUnixMs();
  services.system.media_state = [&janus, &config]() -> std::string {
    if (janus != nullptr) {
      return janus->ready() ? "embedded Janus: ready" : "embedded Janus: starting or restarting";
    }
    return config->media_janus == "embedded"
               ? "no Janus installed: group rooms run peer to peer"
               : "group rooms: " + config->media_janus;
  };
  services.world = &realtime;
  services.bench_stats = [&realtime] { return realtime.StatsJson(); };
  if (flags.bench) spdlog::warn("BENCH MODE: bot sessions can be minted without a password");
  HttpMetrics http_metrics;
  MetricsSources metrics_sources{&http_metrics, &realtime, (*app)->store.get(),
                                 (*app)->accounts.get(), trial_jobs.get(),
                                 services.system.version, services.system.started_unix_ms};
  services.metrics_text = [&metrics_sources] { return MetricsExposition(metrics_sources); };
  services.metrics_token = config->metrics_token;
  Router router = BuildRouter(services);
  HttpServerOptions options;
  options.host = config->host == "localhost" ? "127.0.0.1" : config->host;
  options.port = config->port;
  options.tls_certificate_file = config->tls_certificate_file;
  options.tls_private_key_file = config->tls_private_key_file;
  options.body_limit_bytes = static_cast<size_t>(config->body_limit_bytes);
  options.upload_limit_bytes = static_cast<size_t>(config->upload_limit_bytes);
  options.request_timeout_ms = static_cast<int>(config->request_timeout_seconds * 1000);
  options.io_threads = static_cast<int>(config->io_threads);
  options.realtime_threads = static_cast<int>(config->realtime_threads);
  options.worker_threads = static_cast<int>(config->worker_threads);
  options.gateway = &realtime;
  options.janus_port = [&janus, &janus_settings, external = janus_rooms && !janus] {
    if (external) return janus_settings.websocket_port;
    return janus && janus->ready() ? janus_settings.websocket_port : uint16_t{0};
  };
  if (config->media_janus == "external") {
    options.janus_ipv4 = external_ws.ipv4;
    options.janus_path = external_ws.path;
  }
  options.connection_limits = {config->sockets_per_session, config->sockets_per_account};
  options.on_request = [&http_metrics](std::string_view method, std::string_view route,
                                       int status, double seconds) {
    http_metrics.Observe(method, route, status, seconds);
  };
  auto server = HttpServer::Create(
      options, [&router](const HttpRequest& request) { return router.Handle(request); },
      [&services](const HttpRequest& request) {
        return AuthorizeWebSocket(services, request);
      });
  if (!server.ok()) {
    std::cerr << "error: " << MessageOf(server.status()) << "\n";
    return 1;
  }
  const std::string url = fmt::format("{}://{}:{}", (*server)->tls() ? "https" : "http",
                                      options.host, (*server)->port());
  spdlog::info("listening on {} (data in {})", url, flags.data_dir);
  std::cout << "MetaClinic listening on " << url << std::endl;

  std::thread signal_waiter([&signals, &server] {
    int received = 0;
    sigwait(&signals, &received);
    spdlog::info("signal {} received; shutting down", received);
    (*server)->Stop();
  });
  // A disabled account or a password reset ends the account's WebSockets too.
  (*app)->sessions->SetRevocationListener(
      [&realtime](int64_t user_id) { realtime.DisconnectUser(user_id); });
  realtime.Start();
  (*server)->Run();
  // Run only returns after Stop, which only the waiter calls.
  signal_waiter.join();
  (*app)->sessions->SetRevocationListener({});
  realtime.Stop();
  server->reset();
  trial_jobs.reset();  // cancels running trials; before the clock goes with the app
  rooms_for_restart.store(nullptr);
  if (janus) janus->Stop();
  app->reset();  // closes the store
  spdlog::info("stopped");
  return 0;
}

}  // namespace

void RegisterServeCommand(CLI::App& root, int& exit_code) {
  auto flags = std::make_shared<ServeFlags>();
  CLI::App* serve = root.add_subcommand("serve", "Start the virtual hospital server");
  serve->add_option("--data", flags->data_dir, "data directory (default ./data)");
  serve->add_option("--config", flags->config_file,
                    "TOML configuration file (default DATA/metaclinic.toml if present)");
  serve->add_flag("--demo", flags->demo,
                  "seed a demo hospital into an empty data directory");
  serve->add_flag("--bench", flags->bench,
                  "benchmark mode: lets the load generator mint bot sessions "
                  "(POST /api/bench/bot-session); never use in production");
  AddServeFlags(*serve, flags->settings);
  serve->footer(
      "Precedence: defaults < TOML file < flags < environment variables.\n"
      "Example: metaclinic serve --demo --port 0");
  serve->callback([serve, flags, &exit_code] { exit_code = Serve(*serve, *flags); });
}

}  // namespace mc
