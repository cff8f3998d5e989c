#include "sim/glucose/trial.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>

#include "fmt/format.h"
#include "sim/glucose/batch_simulation.h"
#include "sim/glucose/random.h"
#include "sim/glucose/simulation.h"

namespace mc::glucose {
namespace {

constexpr int kMinutesPerDay = 1440;

// FNV-1a: stable across platforms, unlike std::hash.
uint64_t NameHash(const std::string& name) {
  uint64_t hash = 0xcbf29ce484222325ULL;
  for (unsigned char c : name) hash = (hash ^ c) * 0x100000001b3ULL;
  return hash;
}

class TrialObserver : public SimulationObserver {
 public:
  TrialObserver(int minutes, AmbulatoryProfile* profile) : minutes_(minutes), profile_(profile) {}
  void OnMinute(const MinuteRecord& record) override {
    if (record.t_min >= minutes_) return;
    metrics.Add(record.bg_mg_dl);
    profile_->Add(record.t_min % kMinutesPerDay, record.bg_mg_dl);
    insulin_u += record.insulin_u_per_min;
    carbs_g += record.meal_g;
  }
  MetricsAccumulator metrics;
  double insulin_u = 0, carbs_g = 0;

 private:
  int minutes_;
  AmbulatoryProfile* profile_;
};

// One patient × arm run of a trial, with what it accumulates.
struct TrialJob {
  // `profile`: the running thread's profile of the job's arm (histograms
  // add up in any order, and one per thread keeps the cache warm).
  TrialJob(int minutes, AmbulatoryProfile* profile) : observer(minutes, profile) {}
  size_t index = 0;  // into TrialResult::results
  size_t arm = 0;
  const VirtualPatient* patient = nullptr;
  SimulationOptions options;
  TrialObserver observer;
};

// Feeds a trial's runs to SimulateBatch and keeps each alive while it runs.
class TrialJobSource : public SimulationJobSource {
 public:
  using Take = std::function<std::unique_ptr<TrialJob>()>;
  using Finish = std::function<void(const TrialJob&, const StatusOr<SimulationSummary>&)>;
  TrialJobSource(Take take, Finish finish) : take_(std::move(take)), finish_(std::move(finish)) {}

  bool Next(SimulationJob* job) override {
    std::unique_ptr<TrialJob> next = take_();
    if (next == nullptr) return false;
    job->patient = next->patient;
    job->options = next->options;
    job->observer = &next->observer;
    job->id = next->index;
    running_[next->index] = std::move(next);
    return true;
  }
  void Done(const SimulationJob& job, StatusOr<SimulationSummary> result) override {
    auto it = running_.find(job.id);
    finish_(*it->second, result);
    running_.erase(it);
  }

 private:
  Take take_;
  Finish finish_;
  std::map<size_t, std::unique_ptr<TrialJob>> running_;
};

// The named patients in order, or else the cohorts' patients in table order.
StatusOr<std::vector<const VirtualPatient*>> ResolvePatients(const ParameterSet& parameters,
                                                             const TrialOptions& options) {
  auto bad = [](std::string message) { return InvalidArgument("bad_trial", message); };
  std::vector<const VirtualPatient*> patients;
  for (const std::string& name : options.patients) {
    const VirtualPatient* patient = parameters.FindPatient(name);
    if (patient == nullptr) return bad(fmt::format("unknown patient \"{}\"", name));
    if (std::find(patients.begin(), patients.end(), patient) != patients.end()) {
      return bad(fmt::format("patient \"{}\" is listed twice", name));
    }
    patients.push_back(patient);
  }
  if (options.patients.empty()) {
    for (Cohort cohort : options.cohorts) {
      for (const VirtualPatient& patient : parameters.patients) {
        if (patient.cohort == cohort &&
            std::find(patients.begin(), patients.end(), &patient) == patients.end()) {
          patients.push_back(&patient);
        }
      }
    }
  }
  return patients;
}

// An arm's metrics pooled over its patients. Re-accumulating would need the
// samples, so per-patient results are weighted (equal sample counts per
// patient).
GlycemicMetrics PooledArmMetrics(const TrialResult& result, int arm) {
  const size_t count = result.patient_names.size();
  GlycemicMetrics pooled;
  double n = static_cast<double>(count);
  double second_moment = 0;
  for (size_t p = 0; p < count; ++p) {
    const GlycemicMetrics& m = result.At(arm, static_cast<int>(p)).metrics;
    pooled.samples += m.samples;
    pooled.mean_mg_dl += m.mean_mg_dl / n;
    second_moment += (m.sd_mg_dl * m.sd_mg_dl + m.mean_mg_dl * m.mean_mg_dl) / n;
    pooled.min_mg_dl = p == 0 ? m.min_mg_dl : std::min(pooled.min_mg_dl, m.min_mg_dl);
    pooled.max_mg_dl = std::max(pooled.max_mg_dl, m.max_mg_dl);
    pooled.tir_70_180_percent += m.tir_70_180_percent / n;
    pooled.below_70_percent += m.below_70_percent / n;
    pooled.below_54_percent += m.below_54_percent / n;
    pooled.above_180_percent += m.above_180_percent / n;
    pooled.above_250_percent += m.above_250_percent / n;
    pooled.lbgi += m.lbgi / n;
    pooled.hbgi += m.hbgi / n;
  }
  pooled.sd_mg_dl = std::sqrt(std::max(0.0, second_moment - pooled.mean_mg_dl * pooled.mean_mg_dl));
  pooled.cv_percent = pooled.mean_mg_dl > 0 ? 100 * pooled.sd_mg_dl / pooled.mean_mg_dl : 0;
  pooled.gmi_percent = 3.31 + 0.02392 * pooled.mean_mg_dl;
  pooled.risk_index = pooled.lbgi + pooled.hbgi;
  return pooled;
}

}  // namespace

void AmbulatoryProfile::Add(int minute_of_day, double bg) {
  int bin = std::clamp(minute_of_day / 5, 0, kBinsPerDay - 1);
  // Rounds half up (std::lround's half away from zero, for bg >= 0), without
  // a libm call per sample.
  int level = static_cast<int>(std::clamp(bg, 0.0, kLevels - 1.0) + 0.5);
  ++counts_[static_cast<size_t>(bin) * kLevels + level];
}

void AmbulatoryProfile::Merge(const AmbulatoryProfile& other) {
  for (size_t i = 0; i < counts_.size(); ++i) counts_[i] += other.counts_[i];
}

double AmbulatoryProfile::Percentile(int bin, double p) const {
  const uint32_t* row = &counts_[static_cast<size_t>(bin) * kLevels];
  uint64_t total = 0;
  for (int i = 0; i < kLevels; ++i) total += row[i];
  if (total == 0) return 0;
  double target = p / 100.0 * static_cast<double>(total);
  uint64_t seen = 0;
  for (int i = 0; i < kLevels; ++i) {
    seen += row[i];
    if (static_cast<double>(seen) >= target && seen > 0) return i;
  }
  return kLevels - 1;
}

double StudentT975(int df) {
  static constexpr double kTable[] = {
      0,      12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
      2.201,  2.179,  2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
      2.080,  2.074,  2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042};
  if (df < 1) return std::nan("");
  if (df <= 30) return kTable[df];
  const double z = 1.959964;
  return z + (z * z * z + z) / (4.0 * df) +
         (5 * std::pow(z, 5) + 16 * z * z * z + 3 * z) / (96.0 * df * df);
}

PairedDifference PairedDifferenceOf(const std::vector<double>& arm,
                                    const std::vector<double>& reference) {
  PairedDifference result;
  result.n = static_cast<int>(std::min(arm.size(), reference.size()));
  if (result.n == 0) return result;
  double sum = 0;
  for (int i = 0; i < result.n; ++i) sum += arm[i] - reference[i];
  result.mean = sum / result.n;
  if (result.n < 2) {
    result.ci_low = result.ci_high = result.mean;
    return result;
  }
  double squares = 0;
  for (int i = 0; i < result.n; ++i) {
    double deviation = arm[i] - reference[i] - result.mean;
    squares += deviation * deviation;
  }
  double standard_error = std::sqrt(squares / (result.n - 1) / result.n);
  double half = StudentT975(result.n - 1) * standard_error;
  result.ci_low = result.mean - half;
  result.ci_high = result.mean + half;
  return result;
}

StatusOr<TrialResult> RunTrial(const ParameterSet& parameters, const TrialOptions& options) {
  auto bad = [](std::string message) { return InvalidArgument("bad_trial", message); };
  if (options.arms.empty()) return bad("a trial needs at least one arm");
  if (options.days < 1 || options.days > 3660) {
    return bad(fmt::format("days must be 1..3660, got {}", options.days));
  }
  std::set<std::string> names;
  struct Devices {
    const SensorParams* sensor;
    std::optional<PumpParams> pump;
  };
  std::vector<Devices> devices;
  for (const ArmConfig& arm : options.arms) {
    if (arm.name.empty() || !names.insert(arm.name).second) {
      return bad(fmt::format("arm name \"{}\" is empty or repeated", arm.name));
    }
    Devices d{parameters.FindSensor(arm.sensor), std::nullopt};
    if (d.sensor == nullptr) {
      return bad(fmt::format("arm {}: unknown sensor \"{}\"", arm.name, arm.sensor));
    }
    if (arm.pump != "none") {
      const PumpParams* pump = parameters.FindPump(arm.pump);
      if (pump == nullptr) {
        return bad(fmt::format("arm {}: unknown pump \"{}\"", arm.name, arm.pump));
      }
      d.pump = *pump;
    }
    devices.push_back(d);
  }
  MC_ASSIGN_OR_RETURN(std::vector<const VirtualPatient*> patients,
                      ResolvePatients(parameters, options));
  if (patients.empty()) return bad("the chosen cohorts have no patients");

  TrialResult result;
  result.days = options.days;
  for (const ArmConfig& arm : options.arms) result.arm_names.push_back(arm.name);
  for (const VirtualPatient* patient : patients) result.patient_names.push_back(patient->params.name);
  const size_t arm_count = options.arms.size();
  const size_t job_count = arm_count * patients.size();
  result.results.resize(job_count);
  result.profiles.resize(arm_count);
  int threads = options.threads > 0 ? options.threads
                                    : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  threads = static_cast<int>(std::min<size_t>(threads, job_count));
  result.threads = threads;

  const int minutes = options.days * kMinutesPerDay;
  std::atomic<size_t> next_job{0};
  std::mutex merge_mutex;
  Status first_error;
  // Takes the next patient × arm run, or returns null when there is none
  // left or the trial is cancelled.
  auto take_job = [&](std::vector<AmbulatoryProfile>* profiles) -> std::unique_ptr<TrialJob> {
    if (options.cancel != nullptr && options.cancel->load()) return nullptr;
    size_t job = next_job.fetch_add(1);
    if (job >= job_count) return nullptr;
    const size_t arm_index = job / patients.size();
    const ArmConfig& arm = options.arms[arm_index];
    const VirtualPatient& patient = *patients[job % patients.size()];
    auto out = std::make_unique<TrialJob>(minutes, &(*profiles)[arm_index]);
    out->index = job;
    out->arm = arm_index;
    out->patient = &patient;
    // Seeds depend on the patient only: arms are paired.
    uint64_t patient_seed = DeriveSeed(options.seed, NameHash(patient.params.name));
    SimulationOptions& sim = out->options;
    sim.minutes = minutes;
    sim.scenario = arm.meals ? *arm.meals : Scenario::Random(DeriveSeed(patient_seed, 1));
    sim.controller = arm.controller;
    sim.sensor = *devices[arm_index].sensor;
    sim.pump = devices[arm_index].pump;
    sim.seed = DeriveSeed(patient_seed, 2);
    sim.integrator = options.integrator;
    return out;
  };
  auto finish_job = [&](const TrialJob& job, const StatusOr<SimulationSummary>& summary) {
    if (summary.ok() && options.on_progress) options.on_progress(options.days);
    std::lock_guard<std::mutex> lock(merge_mutex);
    if (!summary.ok()) {
      if (first_error.ok()) first_error = summary.status();
      return;
    }
    PatientArmResult& out = result.results[job.index];
    out.patient = job.patient->params.name;
    out.cohort = job.patient->cohort;
    out.arm = static_cast<int>(job.arm);
    out.metrics = job.observer.metrics.Result();
    out.insulin_u_per_day = job.observer.insulin_u / options.days;
    out.carbs_g_per_day = job.observer.carbs_g / options.days;
    out.rhs_evaluations = summary->rhs_evaluations;
  };
  auto worker = [&] {
    std::vector<AmbulatoryProfile> profiles(arm_count);
    if (options.engine == TrialEngine::kBatch) {
      TrialJobSource source([&] { return take_job(&profiles); }, finish_job);
      SimulateBatch(&source);
    } else {
      while (std::unique_ptr<TrialJob> job = take_job(&profiles)) {
        finish_job(*job, Simulate(*job->patient, job->options, &job->observer));
      }
    }
    std::lock_guard<std::mutex> lock(merge_mutex);
    for (size_t arm = 0; arm < arm_count; ++arm) result.profiles[arm].Merge(profiles[arm]);
  };
  auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> pool;
  for (int i = 1; i < threads; ++i) pool.emplace_back(worker);
  worker();
  for (auto& thread : pool) thread.join();
  result.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  MC_RETURN_IF_ERROR(first_error);
  if (options.cancel != nullptr && options.cancel->load()) {
    return WithCode(Status(StatusCode::kCancelled, "the trial was cancelled"), "trial_cancelled");
  }

  for (size_t arm = 0; arm < arm_count; ++arm) {
    result.arm_metrics.push_back(PooledArmMetrics(result, static_cast<int>(arm)));
  }
  for (const auto& r : result.results) result.rhs_evaluations += r.rhs_evaluations;
  return result;
}

}  // namespace mc::glucose
