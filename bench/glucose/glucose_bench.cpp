// Speed of the glucose engine: patient-days per second on one thread and on
// all cores, RHS evaluations per patient-day, and the wall time of a
// 30-patient x 365-day trial (basal-bolus, random meals, Dexcom, Insulet).
// Usage: glucose_bench PARAMS_DIR OUT_JSON [DAYS=365] [ATOL=1e-9]
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include "nlohmann/json.hpp"
#include "sim/glucose/params.h"
#include "sim/glucose/trial.h"

namespace {

std::string CpuModel() {
  std::ifstream in("/proc/cpuinfo");
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("model name", 0) == 0) return line.substr(line.find(':') + 2);
  }
  return "unknown";
}

std::string LoadAverage() {
  std::ifstream in("/proc/loadavg");
  std::string text;
  std::getline(in, text);
  return text;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace mc::glucose;
  if (argc < 3) {
    std::fprintf(stderr, "usage: glucose_bench PARAMS_DIR OUT_JSON [DAYS]\n");
    return 2;
  }
  int days = argc > 3 ? std::atoi(argv[3]) : 365;
  auto parameters = LoadParameterSet(argv[1]);
  if (!parameters.ok()) {
    std::fprintf(stderr, "error: %s\n", mc::MessageOf(parameters.status()).c_str());
    return 2;
  }
  TrialOptions options;
  options.days = days;
  if (argc > 4) options.integrator.absolute_tolerance = std::atof(argv[4]);
  options.arms = {*ParseArmToml("controller = \"basal-bolus\"", "basal-bolus")};
  std::string load_before = LoadAverage();

  // One thread: 30 patients x 30 days.
  TrialOptions single = options;
  single.days = std::min(days, 30);
  single.threads = 1;
  auto one = RunTrial(*parameters, single);
  if (!one.ok()) return 1;
  double single_days = 30.0 * single.days;
  double single_rate = single_days / one->wall_seconds;

  // All cores: the full 30 x DAYS trial.
  int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  options.threads = cores;
  auto all = RunTrial(*parameters, options);
  if (!all.ok()) return 1;
  double all_days = 30.0 * days;

  nlohmann::json json;
  json["benchmark"] = "glucose engine (UVA/Padova S2008, dopri5 rtol 1e-6 atol 1e-9)";
  json["scenario"] = "30 patients (10 adults, 10 adolescents, 10 children), basal-bolus, "
                     "random daily meals, Dexcom CGM, Insulet pump";
  json["single_thread"] = {{"patient_days", single_days},
                           {"wall_s", one->wall_seconds},
                           {"patient_days_per_s", single_rate}};
  json["all_cores"] = {{"threads", all->threads},
                       {"patient_days", all_days},
                       {"wall_s", all->wall_seconds},
                       {"patient_days_per_s", all_days / all->wall_seconds}};
  json["rhs_evaluations_per_patient_day"] =
      static_cast<double>(all->rhs_evaluations) / all_days;
  json["trial_30x365_wall_s"] = days == 365 ? nlohmann::json(all->wall_seconds) : nlohmann::json();
  json["reference_python_s_per_patient_day"] = 1.5;
  json["speedup_vs_reference_per_core"] = single_rate * 1.5;
  json["machine"] = {{"cpu", CpuModel()},
                     {"cores", cores},
                     {"load_average_before", load_before},
                     {"compiler", std::string("g++ ") + __VERSION__}};
  std::ofstream out(argv[2]);
  out << json.dump(2) << "\n";
  std::printf("%s\n", json.dump(2).c_str());
  return out ? 0 : 1;
}
