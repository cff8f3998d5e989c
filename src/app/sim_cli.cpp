#include "app/sim_cli.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "app/cli_usage_error.h"
#include "fmt/format.h"
#include "sim/glucose/csv_table.h"
#include "sim/glucose/output.h"
#include "sim/glucose/params.h"
#include "sim/glucose/random.h"
#include "sim/glucose/simulation.h"
#include "sim/glucose/trial.h"

namespace mc {
namespace {

namespace glucose = ::mc::glucose;

[[noreturn]] void Fail(const std::string& message) { FailUsage(message); }

void FailOn(const Status& status) {
  if (!status.ok()) Fail(MessageOf(status));
}

// --params, else ./share/uva-padova, else $METACLINIC_SOURCE_DIR/share/uva-padova,
// else the source tree the binary was built from.
std::string ResolveParamsDirectory(const std::string& flag) {
  if (!flag.empty()) return flag;
  std::error_code error;
  if (std::filesystem::exists("share/uva-padova/vpatient_params.csv", error)) {
    return "share/uva-padova";
  }
  if (const char* source = std::getenv("METACLINIC_SOURCE_DIR")) {
    std::string dir = std::string(source) + "/share/uva-padova";
    if (std::filesystem::exists(dir + "/vpatient_params.csv", error)) return dir;
  }
  return glucose::BuiltInParamsDirectory();
}

glucose::ParameterSet LoadParameters(const std::string& flag) {
  std::string directory = ResolveParamsDirectory(flag);
  auto set = glucose::LoadParameterSet(directory);
  if (!set.ok()) {
    Fail(fmt::format("{} (parameter folder: {}; set it with --params DIR)",
                     MessageOf(set.status()), directory));
  }
  return *std::move(set);
}

// CSV with header t_min,meal_g,insulin_u_per_min, one row per minute from 0.
std::vector<glucose::MinuteInputs> ReadInputsFile(const std::string& path) {
  auto table = glucose::CsvTable::Read(path);
  FailOn(table.status());
  size_t columns[3];
  const char* names[] = {"t_min", "meal_g", "insulin_u_per_min"};
  for (int i = 0; i < 3; ++i) {
    auto column = table->Column(names[i]);
    FailOn(column.status());
    columns[i] = *column;
  }
  std::vector<glucose::MinuteInputs> inputs;
  for (size_t row = 0; row < table->row_count(); ++row) {
    double values[3];
    for (int i = 0; i < 3; ++i) {
      auto value = table->Number(row, columns[i]);
      FailOn(value.status());
      values[i] = *value;
    }
    if (values[0] != static_cast<double>(row)) {
      Fail(fmt::format("{}: data row {}: t_min must be {} (one row per minute from 0), got {}",
                       path, row + 1, row, values[0]));
    }
    if (values[1] < 0 || values[2] < 0 || values[2] > 100) {
      Fail(fmt::format("{}: data row {}: meal_g must be >= 0 and insulin_u_per_min in 0..100",
                       path, row + 1));
    }
    inputs.push_back({values[1], values[2]});
  }
  if (inputs.empty()) Fail(fmt::format("{}: no input rows", path));
  return inputs;
}

struct SimGlucoseFlags {
  std::string patient;
  double hours = 24;
  std::string meals;
  std::string controller = "none";
  std::string inputs;
  uint64_t seed = 1;
  int every = 1;
  std::string out;
  std::string plot;
  std::string sensor = "Dexcom";
  std::string pump = "Insulet";
  std::string params;
  std::string data = "./data";
};

void RunSimGlucose(const SimGlucoseFlags& flags) {
  glucose::ParameterSet parameters = LoadParameters(flags.params);
  const glucose::VirtualPatient* patient = parameters.FindPatient(flags.patient);
  if (patient == nullptr) {
    std::string known;
    for (const auto& p : parameters.patients) known += (known.empty() ? "" : ", ") + p.params.name;
    Fail(fmt::format("unknown patient \"{}\" (known: {})", flags.patient, known));
  }
  double minutes = flags.hours * 60;
  if (!(minutes >= 1) || minutes > glucose::kMaxSimulationMinutes ||
      minutes != std::floor(minutes)) {
    Fail(fmt::format("--hours must give a whole number of minutes between 1 and {} hours",
                     glucose::kMaxSimulationMinutes / 60));
  }
  if (flags.every < 1) Fail("--every must be >= 1");
  glucose::SimulationOptions options;
  options.minutes = static_cast<int>(minutes);
  options.seed = flags.seed;
  auto kind = glucose::ParseControllerKind(flags.controller);
  FailOn(kind.status());
  options.controller.kind = *kind;
  const glucose::SensorParams* sensor = parameters.FindSensor(flags.sensor);
  if (sensor == nullptr) Fail(fmt::format("unknown sensor \"{}\"", flags.sensor));
  options.sensor = *sensor;
  if (flags.pump != "none") {
    const glucose::PumpParams* pump = parameters.FindPump(flags.pump);
    if (pump == nullptr) Fail(fmt::format("unknown pump \"{}\" (or none)", flags.pump));
    options.pump = *pump;
  }
  if (flags.meals.empty() || flags.meals == "random") {
    options.scenario = glucose::Scenario::Random(glucose::DeriveSeed(flags.seed, 1));
  } else if (flags.meals == "none") {
    options.scenario = glucose::Scenario::None();
  } else {
    auto scenario = glucose::Scenario::ParseDaily(flags.meals);
    FailOn(scenario.status());
    options.scenario = *scenario;
  }
  std::vector<glucose::MinuteInputs> replay;
  if (!flags.inputs.empty()) {
    replay = ReadInputsFile(flags.inputs);
    options.replay = &replay;
  }
  auto trace = glucose::SimulateTrace(*patient, options, flags.every);
  FailOn(trace.status());

  std::ostringstream csv;
  glucose::WriteTraceCsv(*trace, csv);
  if (flags.out == "-") {
    std::cout << csv.str();
  } else {
    FailOn(glucose::WriteTextFile(flags.out, csv.str()));
  }
  if (!flags.plot.empty()) {
    std::ostringstream svg;
    glucose::WriteTraceSvg(*trace, fmt::format("{}, {} h", flags.patient, flags.hours), svg);
    FailOn(glucose::WriteTextFile(flags.plot, svg.str()));
  }
  if (flags.out != "-") {
    glucose::MetricsAccumulator metrics;
    for (const auto& row : trace->rows) metrics.Add(row.record.bg_mg_dl);
    auto m = metrics.Result();
    std::cout << fmt::format(
        "{}: {} rows to {}; BG min {:.1f}, mean {:.1f}, max {:.1f} mg/dL, TIR {:.1f}%\n",
        flags.patient, trace->rows.size(), flags.out, m.min_mg_dl, m.mean_mg_dl, m.max_mg_dl,
        m.tir_70_180_percent);
  }
}

struct TrialFlags {
  std::string cohorts = "adults,adolescents,children";
  std::string patients;
  int days = 1;
  std::vector<std::string> arms;
  int threads = 0;
  uint64_t seed = 1;
  std::string out;
  std::string params;
  std::string data = "./data";
};

void RunTrialCommand(const TrialFlags& flags) {
  glucose::ParameterSet parameters = LoadParameters(flags.params);
  glucose::TrialOptions options;
  options.cohorts.clear();
  std::stringstream cohorts(flags.cohorts);
  for (std::string word; std::getline(cohorts, word, ',');) {
    if (word.empty()) continue;
    auto cohort = glucose::ParseCohort(word);
    FailOn(cohort.status());
    options.cohorts.push_back(*cohort);
  }
  if (options.cohorts.empty()) Fail("--cohort needs at least one of adults, adolescents, children");
  std::stringstream patients(flags.patients);
  for (std::string name; std::getline(patients, name, ',');) {
    if (!name.empty()) options.patients.push_back(name);
  }
  if (flags.days < 1 || flags.days > 3660) Fail("--days must be 1..3660");
  if (flags.threads < 0 || flags.threads > 1024) Fail("--threads must be 0..1024 (0: all cores)");
  options.days = flags.days;
  options.threads = flags.threads;
  options.seed = flags.seed;
  for (const std::string& spec : flags.arms) {
    size_t equals = spec.find('=');
    if (equals == std::string::npos || equals == 0 || equals + 1 == spec.size()) {
      Fail(fmt::format("--arm \"{}\": expected NAME=FILE", spec));
    }
    auto arm = glucose::LoadArmFile(spec.substr(equals + 1), spec.substr(0, equals));
    FailOn(arm.status());
    options.arms.push_back(*std::move(arm));
  }
  auto result = glucose::RunTrial(parameters, options);
  FailOn(result.status());
  FailOn(glucose::WriteTrialOutputs(*result, flags.out));
  std::cout << fmt::format("{} patients x {} days x {} arms in {:.2f} s ({:.0f} patient-days/s); "
                           "wrote {}/report.html\n",
                           result->patient_names.size(), result->days, result->arm_names.size(),
                           result->wall_seconds,
                           result->results.size() * result->days / std::max(1e-9, result->wall_seconds),
                           flags.out);
  for (size_t arm = 0; arm < result->arm_names.size(); ++arm) {
    const auto& m = result->arm_metrics[arm];
    std::cout << fmt::format("  {}: mean {:.1f} mg/dL, TIR {:.1f}%, <70 {:.2f}%, >180 {:.1f}%\n",
                             result->arm_names[arm], m.mean_mg_dl, m.tir_70_180_percent,
                             m.below_70_percent, m.above_180_percent);
  }
}

}  // namespace

void RegisterSimCommands(CLI::App& root) {
  CLI::App* sim = root.add_subcommand("sim", "Run medical simulations");
  sim->require_subcommand(1);
  CLI::App* glucose_cmd =
      sim->add_subcommand("glucose", "Simulate one virtual patient (UVA/Padova T1D model)");
  auto sim_flags = std::make_shared<SimGlucoseFlags>();
  glucose_cmd->add_option("--patient", sim_flags->patient, "Subject, e.g. adult#001")->required();
  glucose_cmd->add_option("--hours", sim_flags->hours, "Simulated hours")->capture_default_str();
  glucose_cmd->add_option("--meals", sim_flags->meals,
                          "Daily meals HH:MM=grams,... (or random, none; default random)");
  glucose_cmd->add_option("--controller", sim_flags->controller, "none | basal-bolus")
      ->capture_default_str();
  glucose_cmd->add_option("--inputs", sim_flags->inputs,
                          "Replay CSV t_min,meal_g,insulin_u_per_min instead of a controller");
  glucose_cmd->add_option("--seed", sim_flags->seed, "Random seed")->capture_default_str();
  glucose_cmd->add_option("--every", sim_flags->every, "Write every MIN minutes")
      ->capture_default_str();
  glucose_cmd->add_option("--out", sim_flags->out, "Output CSV (- for stdout)")->required();
  glucose_cmd->add_option("--plot", sim_flags->plot, "Also write an SVG plot");
  glucose_cmd->add_option("--sensor", sim_flags->sensor, "CGM: Dexcom, GuardianRT, Navigator")
      ->capture_default_str();
  glucose_cmd->add_option("--pump", sim_flags->pump, "Pump: Insulet, Cozmo, none")
      ->capture_default_str();
  glucose_cmd->add_option("--params", sim_flags->params,
                          "Parameter folder (default share/uva-padova)");
  glucose_cmd->add_option("--data", sim_flags->data, "Data folder (unused by sim)")
      ->capture_default_str();
  glucose_cmd->callback([sim_flags] { RunSimGlucose(*sim_flags); });

  CLI::App* trial = root.add_subcommand("trial", "Run an in-silico trial on a virtual cohort");
  auto trial_flags = std::make_shared<TrialFlags>();
  trial->add_option("--cohort", trial_flags->cohorts, "adults,adolescents,children")
      ->capture_default_str();
  trial->add_option("--patients", trial_flags->patients,
                    "child#001,adult#002,... (instead of --cohort; the API's cohort by id)");
  trial->add_option("--days", trial_flags->days, "Simulated days per patient")
      ->capture_default_str();
  trial->add_option("--arm", trial_flags->arms, "NAME=FILE (TOML), repeat per arm")
      ->required()
      ->take_all();
  trial->add_option("--threads", trial_flags->threads, "Worker threads (0: all cores)")
      ->capture_default_str();
  trial->add_option("--seed", trial_flags->seed, "Random seed")->capture_default_str();
  trial->add_option("--out", trial_flags->out, "Output folder")->required();
  trial->add_option("--params", trial_flags->params, "Parameter folder (default share/uva-padova)");
  trial->add_option("--data", trial_flags->data, "Data folder (unused by trial)")
      ->capture_default_str();
  trial->callback([trial_flags] { RunTrialCommand(*trial_flags); });
}

}  // namespace mc
