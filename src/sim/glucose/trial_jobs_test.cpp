#include "sim/glucose/trial_jobs.h"

#include <chrono>
#include <map>
#include <thread>

#include "fmt/format.h"
#include "gtest/gtest.h"
#include "sim/glucose/test_support.h"
#include "sim/glucose/trial_design.h"

namespace mc::glucose {
namespace {

using testing::Parameters;

// A trial of `patients` children (1..10) × `days` × 2 arms.
ResolvedTrial Trial(int patients, int days) {
  TrialDesign design;
  for (int i = 1; i <= patients; ++i) design.cohort.push_back(fmt::format("child#{:03d}", i));
  design.days = days;
  design.arms = {*ParseArmToml("", "standard"), *ParseArmToml("carb_ratio_scale = 0.8", "more")};
  TrialDesignLimits limits;
  limits.max_days = 365;
  limits.max_patient_days = 100000;
  return *ResolveTrialDesign(Parameters(), design, limits);
}

// Polls (the pool is asynchronous by design) until `done` or 60 s.
template <typename Predicate>
bool WaitFor(Predicate done) {
  for (int i = 0; i < 6000; ++i) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

bool Finished(const TrialJobs& jobs, int64_t owner, int64_t id) {
  auto job = jobs.Get(owner, id);
  return job.ok() && job->state != TrialJobState::kQueued &&
         job->state != TrialJobState::kRunning;
}

TEST(TrialJobsTest, RunsToDoneWithProgressAndTheResult) {
  FakeClock clock;
  TrialJobs jobs(Parameters(), clock);
  ResolvedTrial trial = Trial(3, 1);
  auto id = jobs.Submit(7, {trial.options, trial.patient_days, ""});
  ASSERT_TRUE(id.ok());
  EXPECT_EQ(*id, 1);
  auto first = jobs.Get(7, *id);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->patient_days_total, 6);
  EXPECT_EQ(first->created_unix_ms, clock.NowUnixMs());
  ASSERT_TRUE(WaitFor([&] { return Finished(jobs, 7, *id); }));
  auto done = jobs.Get(7, *id);
  ASSERT_EQ(done->state, TrialJobState::kDone) << done->error;
  EXPECT_EQ(done->patient_days_done, 6);
  EXPECT_NE(done->started_unix_ms, 0);
  ASSERT_NE(done->result, nullptr);
  EXPECT_EQ(done->result->result.patient_names.size(), 3u);
  EXPECT_EQ(done->result->result.threads, 1);  // one worker thread per job
  EXPECT_NE(done->result->outputs.patients_csv.find("child#002"), std::string::npos);
  // A finished job cannot be cancelled.
  EXPECT_EQ(ErrorCode(jobs.Cancel(7, *id)), "trial_finished");
}

TEST(TrialJobsTest, AJobIsItsOwnersOnly) {
  FakeClock clock;
  TrialJobs jobs(Parameters(), clock);
  ResolvedTrial trial = Trial(1, 1);
  auto id = jobs.Submit(7, {trial.options, trial.patient_days, ""});
  ASSERT_TRUE(id.ok());
  EXPECT_EQ(ErrorCode(jobs.Get(8, *id).status()), "trial_not_found");
  EXPECT_EQ(ErrorCode(jobs.Cancel(8, *id)), "trial_not_found");
  EXPECT_EQ(ErrorCode(jobs.Get(7, 999).status()), "trial_not_found");
}

TEST(TrialJobsTest, ListsTheOwnersJobsNewestFirst) {
  FakeClock clock;
  TrialJobs jobs(Parameters(), clock);
  ResolvedTrial trial = Trial(1, 1);
  auto first = jobs.Submit(7, {trial.options, trial.patient_days, "a"});
  auto other = jobs.Submit(8, {trial.options, trial.patient_days, "b"});
  auto second = jobs.Submit(7, {trial.options, trial.patient_days, "c"});
  ASSERT_TRUE(first.ok() && other.ok() && second.ok());
  std::vector<TrialJobSnapshot> mine = jobs.List(7);
  ASSERT_EQ(mine.size(), 2u);
  EXPECT_EQ(mine[0].id, *second);
  EXPECT_EQ(mine[1].id, *first);
  EXPECT_EQ(mine[1].description, "a");
  EXPECT_EQ(jobs.List(8).size(), 1u);
  EXPECT_TRUE(jobs.List(9).empty());
}

TEST(TrialJobsTest, CancelStopsQueuedAndRunningJobs) {
  FakeClock clock;
  TrialJobLimits limits;
  limits.max_per_owner = 5;
  TrialJobs jobs(Parameters(), clock, limits);
  ResolvedTrial big = Trial(10, 200);  // 4000 patient-days: seconds of work
  auto running = jobs.Submit(7, {big.options, big.patient_days, ""});
  auto queued = jobs.Submit(7, {big.options, big.patient_days, ""});
  ASSERT_TRUE(running.ok() && queued.ok());
  ASSERT_TRUE(WaitFor([&] { return jobs.Get(7, *running)->state == TrialJobState::kRunning; }));
  // One worker: the second job waits.
  EXPECT_EQ(jobs.Get(7, *queued)->state, TrialJobState::kQueued);
  EXPECT_TRUE(jobs.Cancel(7, *queued).ok());
  EXPECT_TRUE(jobs.Cancel(7, *running).ok());
  EXPECT_TRUE(jobs.Cancel(7, *running).ok());  // twice is fine
  for (int64_t id : {*running, *queued}) {
    auto job = jobs.Get(7, id);
    EXPECT_EQ(job->state, TrialJobState::kCancelled);
    EXPECT_EQ(job->result, nullptr);
    EXPECT_LT(job->patient_days_done, job->patient_days_total);
  }
  // The worker is free again: a new job runs to the end.
  ResolvedTrial small = Trial(1, 1);
  auto next = jobs.Submit(7, {small.options, small.patient_days, ""});
  ASSERT_TRUE(next.ok());
  ASSERT_TRUE(WaitFor([&] { return Finished(jobs, 7, *next); }));
  EXPECT_EQ(jobs.Get(7, *next)->state, TrialJobState::kDone);
}

TEST(TrialJobsTest, BoundsWhatWaitsAndWhatIsKept) {
  FakeClock clock;
  TrialJobLimits limits;
  limits.max_per_owner = 1;
  limits.max_active = 2;
  limits.max_kept = 1;
  TrialJobs jobs(Parameters(), clock, limits);
  ResolvedTrial big = Trial(10, 200);
  auto a = jobs.Submit(1, {big.options, big.patient_days, ""});
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(ErrorCode(jobs.Submit(1, {big.options, big.patient_days, ""}).status()),
            "too_many_trials");
  auto b = jobs.Submit(2, {big.options, big.patient_days, ""});
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(ErrorCode(jobs.Submit(3, {big.options, big.patient_days, ""}).status()),
            "trial_queue_full");
  ASSERT_TRUE(jobs.Cancel(1, *a).ok());
  clock.AdvanceMs(5);
  ASSERT_TRUE(jobs.Cancel(2, *b).ok());
  // Only the most recently finished job is kept.
  ResolvedTrial small = Trial(1, 1);
  auto c = jobs.Submit(3, {small.options, small.patient_days, ""});
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(ErrorCode(jobs.Get(1, *a).status()), "trial_not_found");
  EXPECT_TRUE(jobs.Get(2, *b).ok());
}

TEST(TrialJobsTest, StateNamesAreTheWireNames) {
  EXPECT_EQ(TrialJobStateName(TrialJobState::kQueued), "queued");
  EXPECT_EQ(TrialJobStateName(TrialJobState::kRunning), "running");
  EXPECT_EQ(TrialJobStateName(TrialJobState::kDone), "done");
  EXPECT_EQ(TrialJobStateName(TrialJobState::kFailed), "failed");
  EXPECT_EQ(TrialJobStateName(TrialJobState::kCancelled), "cancelled");
}

// Keeps what it is told, as the store would.
class MemoryJournal : public TrialJobJournal {
 public:
  Status Noted(const TrialJobSnapshot& job) override {
    absl::MutexLock lock(&mutex_);
    if (refuse_) return Unavailable("storage_write_failed", "disk full");
    states_[job.id] = std::string(TrialJobStateName(job.state));
    return Status();
  }
  std::map<int64_t, std::string> states() {
    absl::MutexLock lock(&mutex_);
    return states_;
  }
  void Refuse() {
    absl::MutexLock lock(&mutex_);
    refuse_ = true;
  }

 private:
  absl::Mutex mutex_;
  std::map<int64_t, std::string> states_;
  bool refuse_ = false;
};

TEST(TrialJobsTest, TheJournalHearsOfEveryJobQueuedAndFinished) {
  FakeClock clock;
  MemoryJournal journal;
  ResolvedTrial small = Trial(1, 1), big = Trial(10, 200);
  {
    TrialJobs jobs(Parameters(), clock, {}, &journal);
    auto done = jobs.Submit(7, {small.options, small.patient_days, ""});
    auto cancelled = jobs.Submit(8, {big.options, big.patient_days, ""});
    auto running = jobs.Submit(9, {big.options, big.patient_days, ""});
    ASSERT_TRUE(done.ok() && cancelled.ok() && running.ok());
    ASSERT_TRUE(WaitFor([&] { return Finished(jobs, 7, *done); }));
    ASSERT_TRUE(jobs.Cancel(8, *cancelled).ok());
    ASSERT_TRUE(WaitFor([&] { return jobs.Get(9, *running)->state == TrialJobState::kRunning; }));
    // The destructor stops job 3: the journal still says it was not finished.
  }
  EXPECT_EQ(journal.states(), (std::map<int64_t, std::string>{{1, "done"}, {2, "cancelled"}, {3, "queued"}}));
  journal.Refuse();
  TrialJobs jobs(Parameters(), clock, {}, &journal);
  EXPECT_EQ(ErrorCode(jobs.Submit(7, {small.options, small.patient_days, ""}).status()),
            "storage_write_failed");
  EXPECT_TRUE(jobs.List(7).empty());
}

TEST(TrialJobsTest, JobsARestartEndedReadFailedWithTheirReasonAndIdsGoOn) {
  FakeClock clock;
  TrialJobHistory history;
  history.next_id = 12;
  TrialJobSnapshot earlier;
  earlier.id = 9;
  earlier.owner = 7;
  earlier.patient_days_total = 40;
  earlier.description = "{\"days\":2}";
  earlier.error = "the server restarted";
  earlier.reason = kServerRestartedReason;
  history.interrupted.push_back(earlier);
  TrialJobs jobs(Parameters(), clock, {}, nullptr, history);
  auto job = jobs.Get(7, 9);
  ASSERT_TRUE(job.ok());
  EXPECT_EQ(job->state, TrialJobState::kFailed);
  EXPECT_EQ(job->reason, "server_restarted");
  EXPECT_EQ(job->description, "{\"days\":2}");
  EXPECT_EQ(job->result, nullptr);
  EXPECT_EQ(ErrorCode(jobs.Get(8, 9).status()), "trial_not_found");
  EXPECT_EQ(ErrorCode(jobs.Cancel(7, 9)), "trial_finished");
  ResolvedTrial small = Trial(1, 1);
  auto next = jobs.Submit(7, {small.options, small.patient_days, ""});
  ASSERT_TRUE(next.ok());
  EXPECT_EQ(*next, 12);
  EXPECT_EQ(jobs.List(7).size(), 2u);
  EXPECT_EQ(jobs.CountJobs().submitted, 1);
}

}  // namespace
}  // namespace mc::glucose
