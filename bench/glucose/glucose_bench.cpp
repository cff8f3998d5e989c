// Speed of the glucose engine: patient-days per second for the scalar
// integrator (one patient at a time) and the batch integrator (SIMD lanes,
// several patients per thread), each on 1 and 2 threads, on a 30-patient x
// DAYS trial (basal-bolus, random meals, Dexcom, Insulet). Each figure is
// the best of three runs (the build machine is shared; the load average
// before and after is written down). Also checks that both engines give the
// same per-patient results. Besides wall time it records the CPU time the
// process used: on a loaded machine, patient-days per CPU-second (times the
// cores) says what the cores would do if they were free.
// Usage: glucose_bench PARAMS_DIR OUT_JSON [DAYS=365] [ATOL=1e-9] [ENGINES=scalar,batch]
// (ENGINES=batch measures only the batch engine, e.g. under perf).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include "nlohmann/json.hpp"
#include "sim/glucose/lane_math.h"
#include "sim/glucose/params.h"
#include "sim/glucose/trial.h"

namespace {

using namespace mc::glucose;

std::string CpuModel() {
  std::ifstream in("/proc/cpuinfo");
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("model name", 0) == 0) return line.substr(line.find(':') + 2);
  }
  return "unknown";
}

bool CpuHasAvx2() {
#if defined(__x86_64__) && defined(__GNUC__)
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#else
  return false;
#endif
}

std::string LoadAverage() {
  std::ifstream in("/proc/loadavg");
  std::string text;
  std::getline(in, text);
  return text;
}

double ProcessCpuSeconds() {
  timespec now{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + 1e-9 * static_cast<double>(now.tv_nsec);
}

struct Measured {
  double best_wall_s = 1e300;
  double best_cpu_s = 1e300;  // CPU time of the whole process (all threads)
  std::vector<double> walls;
  mc::StatusOr<TrialResult> last = mc::InvalidArgument("bench", "not run");
};

Measured Measure(const ParameterSet& parameters, TrialOptions options, int repeats) {
  Measured measured;
  for (int i = 0; i < repeats; ++i) {
    const double cpu_before = ProcessCpuSeconds();
    measured.last = RunTrial(parameters, options);
    if (!measured.last.ok()) return measured;
    measured.best_cpu_s = std::min(measured.best_cpu_s, ProcessCpuSeconds() - cpu_before);
    measured.walls.push_back(measured.last->wall_seconds);
    measured.best_wall_s = std::min(measured.best_wall_s, measured.last->wall_seconds);
  }
  return measured;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: glucose_bench PARAMS_DIR OUT_JSON [DAYS] [ATOL]\n");
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
  const double patient_days = 30.0 * days;
  const std::string load_before = LoadAverage();

  nlohmann::json runs = nlohmann::json::array();
  double rhs_per_day = 0;
  double batch_two_threads = 0, scalar_one_thread = 0;
  std::vector<TrialResult> results;
  const std::string engines = argc > 5 ? argv[5] : "scalar,batch";
  for (TrialEngine engine : {TrialEngine::kScalar, TrialEngine::kBatch}) {
    const bool batch = engine == TrialEngine::kBatch;
    if (engines.find(batch ? "batch" : "scalar") == std::string::npos) continue;
    for (int threads : {1, 2}) {
      TrialOptions run = options;
      run.engine = engine;
      run.threads = threads;
      Measured measured = Measure(*parameters, run, 3);
      if (!measured.last.ok()) {
        std::fprintf(stderr, "error: %s\n", mc::MessageOf(measured.last.status()).c_str());
        return 1;
      }
      const double rate = patient_days / measured.best_wall_s;
      runs.push_back({{"engine", batch ? "batch" : "scalar"},
                      {"threads", threads},
                      {"patient_days", patient_days},
                      {"wall_s_best", measured.best_wall_s},
                      {"wall_s_all", measured.walls},
                      {"patient_days_per_s", rate},
                      {"cpu_s_best", measured.best_cpu_s},
                      {"patient_days_per_cpu_s", patient_days / measured.best_cpu_s}});
      if (batch && threads == 2) batch_two_threads = rate;
      if (!batch && threads == 1) scalar_one_thread = rate;
      rhs_per_day = static_cast<double>(measured.last->rhs_evaluations) / patient_days;
      if (threads == 1) results.push_back(*measured.last);
    }
  }
  // Both engines must agree (they do bit for bit; 0.01 mg/dL is the promise).
  double worst_mean_difference = 0;
  for (size_t i = 0; results.size() == 2 && i < results[0].results.size(); ++i) {
    worst_mean_difference =
        std::max(worst_mean_difference, std::fabs(results[0].results[i].metrics.mean_mg_dl -
                                                  results[1].results[i].metrics.mean_mg_dl));
  }

  nlohmann::json json;
  json["benchmark"] = "glucose engine (UVA/Padova S2008, dopri5 rtol 1e-6 atol 1e-9)";
  json["scenario"] = "30 patients (10 adults, 10 adolescents, 10 children) x " +
                     std::to_string(days) +
                     " days, basal-bolus, random daily meals, Dexcom CGM, Insulet pump";
  json["runs"] = runs;
  json["batch_lanes"] = mc::glucose::internal::kLaneCount;
  json["target_patient_days_per_s_2_cores"] = 25000;
  json["batch_2_threads_patient_days_per_s"] = batch_two_threads;
  json["batch_vs_scalar_max_mean_bg_difference_mg_dl"] = worst_mean_difference;
  json["rhs_evaluations_per_patient_day"] = rhs_per_day;
  json["reference_python_s_per_patient_day"] = 1.5;
  json["speedup_vs_reference_per_core_scalar"] = scalar_one_thread * 1.5;
  json["machine"] = {{"cpu", CpuModel()},
                     {"cores", static_cast<int>(std::thread::hardware_concurrency())},
                     {"avx2_fma", CpuHasAvx2()},
                     {"load_average_before", load_before},
                     {"load_average_after", LoadAverage()},
                     {"compiler", std::string("g++ ") + __VERSION__}};
  std::ofstream out(argv[2]);
  out << json.dump(2) << "\n";
  std::printf("%s\n", json.dump(2).c_str());
  return out ? 0 : 1;
}
