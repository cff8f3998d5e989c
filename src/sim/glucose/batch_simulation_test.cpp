#include "sim/glucose/batch_simulation.h"

#include <cmath>
#include <map>
#include <memory>
#include <vector>

#include "gtest/gtest.h"
#include "sim/glucose/lane_math.h"
#include "sim/glucose/test_support.h"
#include "sim/glucose/trial.h"

namespace mc::glucose {
namespace {

using testing::Parameters;
using testing::RandomDays;


// Every minute's BG, CGM and insulin, and the full state every hour.
class Recorder : public SimulationObserver {
 public:
  bool WantsState(int t_min) const override { return t_min % 60 == 0; }
  void OnMinute(const MinuteRecord& record) override {
    bg.push_back(record.bg_mg_dl);
    cgm.push_back(record.cgm_mg_dl);
    insulin.push_back(record.insulin_u_per_min);
    if (record.state != nullptr) states.push_back(*record.state);
  }
  std::vector<double> bg, cgm, insulin;
  std::vector<State> states;
};

struct BatchRun {
  const VirtualPatient* patient;
  SimulationOptions options;
  Recorder recorder;
  std::optional<StatusOr<SimulationSummary>> result;
};

class Source : public SimulationJobSource {
 public:
  explicit Source(std::vector<std::unique_ptr<BatchRun>>* runs) : runs_(runs) {}
  bool Next(SimulationJob* job) override {
    if (next_ >= runs_->size()) return false;
    BatchRun& run = *(*runs_)[next_];
    job->patient = run.patient;
    job->options = run.options;
    job->observer = &run.recorder;
    job->id = next_++;
    return true;
  }
  void Done(const SimulationJob& job, StatusOr<SimulationSummary> result) override {
    (*runs_)[job.id]->result = std::move(result);
  }

 private:
  std::vector<std::unique_ptr<BatchRun>>* runs_;
  size_t next_ = 0;
};

// The batch integrator's trajectories against the scalar one for the whole
// cohort (30 patients, lanes refilled as runs end), three days of random
// meals under the basal-bolus controller, and a day of fixed meals with no
// controller: BG within 0.01 mg/dL (in fact identical: same steps, same
// arithmetic).
TEST(GlucoseBatchSimulationTest, MatchesScalarTrajectoriesForTheCohort) {
  std::vector<std::unique_ptr<BatchRun>> runs;
  uint64_t seed = 11;
  for (const VirtualPatient& patient : Parameters().patients) {
    auto run = std::make_unique<BatchRun>();
    run->patient = &patient;
    run->options = RandomDays(3, seed++, ControllerKind::kBasalBolus);
    runs.push_back(std::move(run));
  }
  for (const char* name : {"child#001", "adolescent#002", "adult#003"}) {
    auto run = std::make_unique<BatchRun>();
    run->patient = Parameters().FindPatient(name);
    run->options = RandomDays(1, 1, ControllerKind::kBasalOnly);
    run->options.scenario = *Scenario::ParseDaily("07:00=50,12:00=70,18:00=80");
    runs.push_back(std::move(run));
  }
  Source source(&runs);
  SimulateBatch(&source);

  double worst = 0;
  for (const auto& run : runs) {
    const std::string& name = run->patient->params.name;
    ASSERT_TRUE(run->result.has_value() && run->result->ok()) << name;
    Recorder scalar;
    auto summary = Simulate(*run->patient, run->options, &scalar);
    ASSERT_TRUE(summary.ok());
    ASSERT_EQ(run->recorder.bg.size(), scalar.bg.size()) << name;
    ASSERT_EQ(run->recorder.bg.size(), static_cast<size_t>(run->options.minutes + 1));
    for (size_t t = 0; t < scalar.bg.size(); ++t) {
      const double difference = std::fabs(run->recorder.bg[t] - scalar.bg[t]);
      worst = std::max(worst, difference);
      ASSERT_LE(difference, 0.01) << name << " minute " << t;
      ASSERT_EQ(run->recorder.insulin[t], scalar.insulin[t]) << name << " minute " << t;
    }
    ASSERT_EQ(run->recorder.states.size(), scalar.states.size());
    for (size_t h = 0; h < scalar.states.size(); ++h) {
      for (int i = 0; i < kStateSize; ++i) {
        ASSERT_NEAR(run->recorder.states[h][i], scalar.states[h][i],
                    1e-9 * std::max(1.0, std::fabs(scalar.states[h][i])))
            << name << " hour " << h << " " << kStateNames[i];
      }
    }
    EXPECT_EQ((*run->result)->rhs_evaluations, summary->rhs_evaluations) << name;
    EXPECT_EQ((*run->result)->final_state.x, summary->final_state.x) << name;
  }
  EXPECT_EQ(worst, 0.0) << "the lanes should repeat the scalar arithmetic exactly";
}

TEST(GlucoseBatchSimulationTest, ABadJobFailsAloneAndEmptySourceReturns) {
  std::vector<std::unique_ptr<BatchRun>> runs;
  for (int minutes : {120, 0, 60}) {
    auto run = std::make_unique<BatchRun>();
    run->patient = Parameters().FindPatient("adult#001");
    run->options = RandomDays(1, 3, ControllerKind::kBasalBolus);
    run->options.minutes = minutes;
    runs.push_back(std::move(run));
  }
  Source source(&runs);
  SimulateBatch(&source);
  ASSERT_TRUE(runs[0]->result->ok());
  EXPECT_EQ(ErrorCode(runs[1]->result->status()), "bad_duration");
  ASSERT_TRUE(runs[2]->result->ok());
  EXPECT_EQ(runs[2]->recorder.bg.size(), 61u);

  std::vector<std::unique_ptr<BatchRun>> none;
  Source empty(&none);
  SimulateBatch(&empty);  // returns at once
}

TEST(GlucoseBatchSimulationTest, TrialGivesTheSameResultsBatchedAndScalar) {
  TrialOptions options;
  options.cohorts = {Cohort::kChild, Cohort::kAdult};
  options.days = 2;
  options.threads = 2;
  options.arms = {*ParseArmToml("controller = \"basal-bolus\"", "standard"),
                  *ParseArmToml("controller = \"basal-bolus\"\ncarb_ratio_scale = 0.8", "tight")};
  options.engine = TrialEngine::kScalar;
  auto scalar = RunTrial(Parameters(), options);
  options.engine = TrialEngine::kBatch;
  auto batch = RunTrial(Parameters(), options);
  ASSERT_TRUE(scalar.ok() && batch.ok());
  ASSERT_EQ(scalar->results.size(), batch->results.size());
  for (size_t i = 0; i < scalar->results.size(); ++i) {
    const PatientArmResult& a = scalar->results[i];
    const PatientArmResult& b = batch->results[i];
    EXPECT_EQ(a.patient, b.patient);
    EXPECT_EQ(a.metrics.mean_mg_dl, b.metrics.mean_mg_dl) << a.patient;
    EXPECT_EQ(a.metrics.tir_70_180_percent, b.metrics.tir_70_180_percent) << a.patient;
    EXPECT_EQ(a.insulin_u_per_day, b.insulin_u_per_day) << a.patient;
    EXPECT_EQ(a.rhs_evaluations, b.rhs_evaluations) << a.patient;
  }
  for (int bin : {0, 100, 200}) {
    EXPECT_EQ(scalar->profiles[1].Percentile(bin, 50), batch->profiles[1].Percentile(bin, 50));
  }
}

// Exp and Log (lane_math.h) against the C library, and each lane equal to
// the scalar instantiation bit for bit.
TEST(GlucoseLaneMathTest, ExpLogAccurateAndLanesMatchScalar) {
  using internal::Lanes;
  double worst_exp = 0, worst_log = 0;
  for (double x = -700; x <= 700; x += 0.0137) {
    worst_exp = std::max(worst_exp, std::fabs(internal::Exp(x) / std::exp(x) - 1));
  }
  for (double x = 1e-300; x < 1e300; x *= 1.37) {
    const double reference = std::log(x);
    worst_log = std::max(worst_log, std::fabs(internal::Log(x) - reference) /
                                        std::max(1.0, std::fabs(reference)));
  }
  EXPECT_LT(worst_exp, 5e-16);
  EXPECT_LT(worst_log, 1e-15);
  const double values[] = {-3.7, 0.25, 19.5, 41.0, -25.0, 1e-3, 7.0, -0.5};
  Lanes x{};
  for (int lane = 0; lane < internal::kLaneCount; ++lane) x[lane] = values[lane % 8];
  const Lanes e = internal::Exp(x), l = internal::Log(x * x + 1.0);
  const Lanes t = internal::TanhDifference(x, x * 0.5 - 1.0);
  for (int lane = 0; lane < internal::kLaneCount; ++lane) {
    EXPECT_EQ(e[lane], internal::Exp(x[lane]));
    EXPECT_EQ(l[lane], internal::Log(x[lane] * x[lane] + 1.0));
    EXPECT_EQ(t[lane], internal::TanhDifference(x[lane], x[lane] * 0.5 - 1.0));
  }
  EXPECT_EQ(internal::TanhDifference(25.0, -25.0), 2.0);
  for (double a = -30; a <= 30; a += 0.37) {
    for (double b : {-25.0, -3.1, -0.2, 0.0, 0.45, 2.5, 19.0, 22.0}) {
      ASSERT_NEAR(internal::TanhDifference(a, b), std::tanh(a) - std::tanh(b), 1e-15)
          << a << " " << b;
    }
  }
}

}  // namespace
}  // namespace mc::glucose
