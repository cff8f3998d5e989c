#include "app/tissue_cli.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fstream>
#include <iostream>
#include <memory>

#include "app/cli_usage_error.h"
#include "fmt/format.h"
#include "nlohmann/json.hpp"
#include "sim/tissue/cantilever.h"
#include "sim/tissue/pad_scene.h"

namespace mc {
namespace {

namespace tissue = ::mc::tissue;

[[noreturn]] void Fail(const std::string& message) { FailUsage(message); }

// Opens `path` for writing before any work, so a bad --json fails fast.
std::ofstream OpenJson(const std::string& path) {
  std::ofstream out(path, std::ios::trunc);
  if (!out) Fail(fmt::format("--json: cannot write {}", path));
  return out;
}

void WriteJson(std::ofstream& out, const std::string& path,
               const nlohmann::json& json) {
  out << json.dump(2) << "\n";
  out.flush();
  if (!out) Fail(fmt::format("--json: writing {} failed", path));
}

struct CantileverFlags {
  tissue::CantileverOptions options;
  std::string json;
};

void RunCantileverCommand(const CantileverFlags& flags) {
  std::ofstream out = OpenJson(flags.json);
  auto result = tissue::RunCantilever(flags.options);
  if (!result.ok()) Fail(MessageOf(result.status()));
  const tissue::CantileverOptions& o = flags.options;
  nlohmann::json json = {
      {"tip_deflection_m", result->tip_deflection_m},
      {"euler_bernoulli_m", result->euler_bernoulli_m},
      {"relative_error", result->relative_error},
      {"tip_speed_m_s", result->tip_speed_m_s},
      {"tets", result->tets},
      {"substeps", result->substeps},
      {"substep_s", result->substep_s},
      {"iterations", o.iterations},
      {"beam",
       {{"length_m", o.length_m},
        {"height_m", o.height_m},
        {"width_m", o.width_m},
        {"youngs_pa", o.material.youngs_pa},
        {"poisson", o.material.poisson},
        {"density_kg_m3", o.material.density_kg_m3}}}};
  WriteJson(out, flags.json, json);
  std::cout << fmt::format(
      "tip deflection {:.6g} m, Euler-Bernoulli {:.6g} m ({:+.1f}%), {} "
      "tetrahedra\n",
      result->tip_deflection_m, result->euler_bernoulli_m,
      100 * result->relative_error, result->tets);
}

struct BenchFlags {
  int tets = 0;
  int iterations = 1;
  double seconds = 0;
  std::string json;
};

void RunBenchCommand(const BenchFlags& flags) {
  if (!(flags.seconds >= 0.1 && flags.seconds <= 600)) {
    Fail("--seconds must be between 0.1 and 600");
  }
  std::ofstream out = OpenJson(flags.json);
  auto scene = tissue::MakePadScene(flags.tets, flags.iterations);
  if (!scene.ok()) Fail(MessageOf(scene.status()));
  tissue::TissueState state = tissue::RestState(scene->model);
  using Clock = std::chrono::steady_clock;
  const auto start = Clock::now();
  const auto deadline =
      start + std::chrono::duration_cast<Clock::duration>(
                  std::chrono::duration<double>(flags.seconds));
  int steps = 0;
  auto now = start;
  while (now < deadline) {
    state = tissue::Step(scene->model, state, tissue::PressInputs(steps),
                         tissue::kPadStepS, scene->options);
    ++steps;
    now = Clock::now();
  }
  const double elapsed = std::chrono::duration<double>(now - start).count();
  const double steps_per_s = steps / elapsed;
  double lowest_y = 1;
  for (const auto& p : state.positions_m) lowest_y = std::min(lowest_y, p.y());
  nlohmann::json json = {
      {"tets", scene->model.elements.size()},
      {"vertices", scene->model.mesh.rest_positions_m.size()},
      {"steps", steps},
      {"seconds", elapsed},
      {"steps_per_s", steps_per_s},
      {"step_s", tissue::kPadStepS},
      {"substeps", scene->options.substeps},
      {"iterations", scene->options.iterations},
      {"finite", std::isfinite(lowest_y)}};
  WriteJson(out, flags.json, json);
  std::cout << fmt::format(
      "{} tetrahedra: {:.1f} steps/s ({} steps of {} ms, {} substeps x {} "
      "iterations, one thread)\n",
      scene->model.elements.size(), steps_per_s, steps,
      tissue::kPadStepS * 1000, scene->options.substeps,
      scene->options.iterations);
}

}  // namespace

void RegisterTissueCommands(CLI::App& root) {
  CLI::App* tissue_app =
      root.add_subcommand("tissue", "Soft-tissue engine checks (docs/tissue.md)");
  tissue_app->require_subcommand(1);

  auto cantilever = std::make_shared<CantileverFlags>();
  CLI::App* c = tissue_app->add_subcommand(
      "cantilever", "Tip deflection of a clamped beam under gravity, at rest");
  tissue::CantileverOptions& o = cantilever->options;
  c->add_option("--length-m", o.length_m, "Beam length (m)")->required();
  c->add_option("--height-m", o.height_m, "Beam height (m), bending direction")
      ->required();
  c->add_option("--width-m", o.width_m, "Beam width (m)")->required();
  c->add_option("--youngs-pa", o.material.youngs_pa, "Young's modulus (Pa)")
      ->required();
  c->add_option("--poisson", o.material.poisson, "Poisson's ratio")->required();
  c->add_option("--density", o.material.density_kg_m3, "Density (kg/m^3)")
      ->required();
  c->add_option("--iterations", o.iterations,
                "Gauss-Seidel sweeps per substep (default 10)");
  c->add_option("--json", cantilever->json, "Result file")->required();
  c->callback([cantilever] { RunCantileverCommand(*cantilever); });

  auto bench = std::make_shared<BenchFlags>();
  CLI::App* b = tissue_app->add_subcommand(
      "bench", "Steps per second of a pressed tissue pad on one thread");
  b->add_option("--tets", bench->tets, "About how many tetrahedra")->required();
  b->add_option("--iterations", bench->iterations,
                "Gauss-Seidel sweeps per substep (default 1)");
  b->add_option("--seconds", bench->seconds, "How long to run (s)")->required();
  b->add_option("--json", bench->json, "Result file")->required();
  b->callback([bench] { RunBenchCommand(*bench); });
}

}  // namespace mc
