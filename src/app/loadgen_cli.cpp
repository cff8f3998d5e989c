#include "app/loadgen_cli.h"

#include <fstream>
#include <iostream>
#include <memory>

#include "fmt/format.h"
#include "tools/loadgen/loadgen.h"

namespace mc {

void RegisterLoadgenCommand(CLI::App& root) {
  auto options = std::make_shared<loadgen::LoadgenOptions>();
  auto json_file = std::make_shared<std::string>();
  CLI::App* command = root.add_subcommand(
      "loadgen", "Drive N bots against /ws of a server started with --bench");
  command
      ->add_option("--url", options->url,
                   "WebSocket URL, e.g. ws://127.0.0.1:8080/ws")
      ->required();
  command->add_option("--bots", options->bots, "number of bots")
      ->check(CLI::Range(1, 100000));
  command->add_option("--space", options->space, "space id to join")
      ->capture_default_str();
  command->add_option("--seconds", options->seconds, "measured duration")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  command->add_option("--rate", options->rate_hz, "poses per bot per second")
      ->check(CLI::Range(0.1, 120.0))
      ->capture_default_str();
  command
      ->add_option("--connect-concurrency", options->connect_concurrency,
                   "bots connecting at once")
      ->check(CLI::Range(1, 10000))
      ->capture_default_str();
  command
      ->add_option("--connect-timeout", options->connect_timeout_s,
                   "seconds allowed for all bots to connect")
      ->capture_default_str();
  command->add_option("--json", *json_file, "write the report as JSON to FILE");
  command->callback([options, json_file] {
    auto report = loadgen::RunLoadgen(*options);
    if (!report.ok()) {
      std::cerr << "error: " << MessageOf(report.status()) << "\n";
      throw CLI::RuntimeError(2);
    }
    const loadgen::LoadgenReport& r = *report;
    std::cout << fmt::format(
        "bots {} connected {} failed {} closed-with-error {} error-frames {}\n"
        "window {:.1f} s (connect phase {:.1f} s)\n"
        "per bot: sent {:.1f} msg/s {:.0f} B/s, received {:.1f} msg/s {:.0f} "
        "B/s "
        "({:.1f} snapshots/s)\n"
        "pose->snapshot latency p50 {:.1f} ms p99 {:.1f} ms ({} samples)\n",
        r.bots, r.connected, r.failed, r.closed_with_error, r.error_messages,
        r.seconds, r.connect_seconds, r.sent_messages_per_second,
        r.sent_bytes_per_second, r.received_messages_per_second,
        r.received_bytes_per_second, r.snapshots_per_second, r.latency_ms_p50,
        r.latency_ms_p99, r.latency_samples);
    for (const auto& problem : r.error_samples)
      std::cout << "problem: " << problem << "\n";
    if (!json_file->empty()) {
      std::ofstream out(*json_file);
      out << loadgen::LoadgenReportJson(r) << "\n";
      if (!out) {
        std::cerr << "error: cannot write " << *json_file << "\n";
        throw CLI::RuntimeError(2);
      }
    }
    if (!r.ok()) throw CLI::RuntimeError(1);
  });
}

}  // namespace mc
