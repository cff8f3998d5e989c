#include "sim/glucose/trial_jobs.h"

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>

#include "fmt/format.h"

namespace mc::glucose {

struct TrialJobs::Job {
  int64_t id = 0;
  int64_t owner = 0;
  TrialOptions options;
  int64_t patient_days_total = 0;
  std::string description;
  std::atomic<int64_t> patient_days_done{0};
  std::atomic<bool> cancel{false};
  // The rest is guarded by TrialJobs::mutex_.
  TrialJobState state = TrialJobState::kQueued;
  int64_t created_unix_ms = 0, started_unix_ms = 0, finished_unix_ms = 0;
  int64_t started_monotonic_ms = 0, finished_monotonic_ms = 0;
  std::string error, reason;
  std::shared_ptr<const TrialJobResult> result;
};

namespace {

bool Finished(TrialJobState state) {
  return state == TrialJobState::kDone || state == TrialJobState::kFailed ||
         state == TrialJobState::kCancelled;
}

Status JobNotFound(int64_t id) {
  return NotFound("trial_not_found",
                  fmt::format("no trial {} (jobs are kept in memory: a restart ends them)", id));
}

// Trials yield to the realtime tick and the HTTP threads: nice 10 for this
// thread only (Linux applies nice per thread). Best effort.
void LowerThisThreadsPriority() {
  const auto thread_id = static_cast<id_t>(syscall(SYS_gettid));
  (void)setpriority(PRIO_PROCESS, thread_id, 10);
}

}  // namespace

std::string_view TrialJobStateName(TrialJobState state) {
  switch (state) {
    case TrialJobState::kQueued: return "queued";
    case TrialJobState::kRunning: return "running";
    case TrialJobState::kDone: return "done";
    case TrialJobState::kFailed: return "failed";
    case TrialJobState::kCancelled: return "cancelled";
  }
  return "failed";
}

TrialJobs::TrialJobs(const ParameterSet& parameters, const Clock& clock, TrialJobLimits limits,
                     TrialJobJournal* journal, TrialJobHistory history)
    : parameters_(parameters), clock_(clock), limits_(limits), journal_(journal) {
  {
    absl::MutexLock lock(&mutex_);
    next_id_ = std::max<int64_t>(1, history.next_id);
    // Their order among finished jobs: oldest first, before any of this run.
    int64_t order = clock_.MonotonicMs() - static_cast<int64_t>(history.interrupted.size());
    std::sort(history.interrupted.begin(), history.interrupted.end(),
              [](const TrialJobSnapshot& a, const TrialJobSnapshot& b) { return a.id < b.id; });
    for (const TrialJobSnapshot& earlier : history.interrupted) {
      auto job = std::make_shared<Job>();
      job->id = earlier.id;
      job->owner = earlier.owner;
      job->state = TrialJobState::kFailed;
      job->patient_days_total = earlier.patient_days_total;
      job->description = earlier.description;
      job->created_unix_ms = earlier.created_unix_ms;
      job->finished_unix_ms = earlier.finished_unix_ms;
      job->finished_monotonic_ms = order++;
      job->error = earlier.error;
      job->reason = earlier.reason;
      next_id_ = std::max(next_id_, job->id + 1);
      jobs_[job->id] = std::move(job);
    }
    first_id_ = next_id_;
    ForgetOldFinished();
  }
  const int threads = std::clamp(limits_.worker_threads, 1, 16);
  for (int i = 0; i < threads; ++i) workers_.emplace_back([this] { WorkerLoop(); });
}

TrialJobs::~TrialJobs() {
  {
    absl::MutexLock lock(&mutex_);
    stopping_ = true;
    for (auto& [id, job] : jobs_) job->cancel.store(true);
    wake_.SignalAll();
  }
  for (std::thread& worker : workers_) worker.join();
}

StatusOr<int64_t> TrialJobs::Submit(int64_t owner, Submission submission) {
  absl::MutexLock lock(&mutex_);
  int active = 0, mine = 0;
  for (const auto& [id, job] : jobs_) {
    if (Finished(job->state)) continue;
    ++active;
    if (job->owner == owner) ++mine;
  }
  if (mine >= limits_.max_per_owner) {
    return ResourceExhausted(
        "too_many_trials",
        fmt::format("you have {} trials queued or running; wait for one or cancel it", mine));
  }
  if (active >= limits_.max_active) {
    return ResourceExhausted("trial_queue_full",
                             "the trial queue is full; try again in a few minutes");
  }
  auto job = std::make_shared<Job>();
  job->id = next_id_++;
  job->owner = owner;
  job->options = std::move(submission.options);
  job->options.threads = 1;
  job->patient_days_total = std::max<int64_t>(1, submission.patient_days_total);
  job->description = std::move(submission.description);
  job->created_unix_ms = clock_.NowUnixMs();
  if (journal_ != nullptr) {
    // Written down before it is queued: a restart must find every job it
    // may interrupt. The id stays used even when the journal refuses.
    MC_RETURN_IF_ERROR(journal_->Noted(SnapshotOf(*job)));
  }
  jobs_[job->id] = job;
  queue_.push_back(job);
  wake_.Signal();
  ForgetOldFinished();
  return job->id;
}

StatusOr<TrialJobSnapshot> TrialJobs::Get(int64_t owner, int64_t id) const {
  absl::MutexLock lock(&mutex_);
  auto found = jobs_.find(id);
  if (found == jobs_.end() || found->second->owner != owner) return JobNotFound(id);
  return SnapshotOf(*found->second);
}

TrialJobs::Counts TrialJobs::CountJobs() const {
  absl::MutexLock lock(&mutex_);
  Counts counts;
  counts.submitted = next_id_ - first_id_;
  for (const auto& [id, job] : jobs_) {
    switch (job->state) {
      case TrialJobState::kQueued: ++counts.queued; break;
      case TrialJobState::kRunning: ++counts.running; break;
      case TrialJobState::kDone: ++counts.done; break;
      case TrialJobState::kFailed: ++counts.failed; break;
      case TrialJobState::kCancelled: ++counts.cancelled; break;
    }
  }
  return counts;
}

std::vector<TrialJobSnapshot> TrialJobs::List(int64_t owner) const {
  absl::MutexLock lock(&mutex_);
  std::vector<TrialJobSnapshot> mine;
  for (auto job = jobs_.rbegin(); job != jobs_.rend(); ++job) {
    if (job->second->owner == owner) mine.push_back(SnapshotOf(*job->second));
  }
  return mine;
}

Status TrialJobs::Cancel(int64_t owner, int64_t id) {
  {
    absl::MutexLock lock(&mutex_);
    auto found = jobs_.find(id);
    if (found == jobs_.end() || found->second->owner != owner) return JobNotFound(id);
    Job& job = *found->second;
    if (job.state == TrialJobState::kCancelled) return Status();
    if (job.state == TrialJobState::kDone || job.state == TrialJobState::kFailed) {
      return FailedPrecondition("trial_finished",
                                fmt::format("trial {} has already {}", id,
                                            TrialJobStateName(job.state)));
    }
    job.cancel.store(true);
    job.state = TrialJobState::kCancelled;
    job.finished_unix_ms = clock_.NowUnixMs();
    job.finished_monotonic_ms = clock_.MonotonicMs();
    queue_.erase(std::remove(queue_.begin(), queue_.end(), found->second), queue_.end());
  }
  NoteFinished(id);
  return Status();
}

void TrialJobs::NoteFinished(int64_t id) {
  if (journal_ == nullptr) return;
  TrialJobSnapshot snapshot;
  {
    absl::MutexLock lock(&mutex_);
    auto found = jobs_.find(id);
    if (found == jobs_.end()) return;
    snapshot = SnapshotOf(*found->second);
  }
  (void)journal_->Noted(snapshot);
}

void TrialJobs::WorkerLoop() {
  LowerThisThreadsPriority();
  while (true) {
    std::shared_ptr<Job> job;
    {
      absl::MutexLock lock(&mutex_);
      while (!stopping_ && queue_.empty()) wake_.Wait(&mutex_);
      if (stopping_) return;
      job = queue_.front();
      queue_.pop_front();
      job->state = TrialJobState::kRunning;
      job->started_unix_ms = clock_.NowUnixMs();
      job->started_monotonic_ms = clock_.MonotonicMs();
    }
    Run(job);
  }
}

void TrialJobs::Run(const std::shared_ptr<Job>& job) {
  Job* raw = job.get();
  job->options.cancel = &job->cancel;
  job->options.on_progress = [raw](int patient_days) {
    raw->patient_days_done.fetch_add(patient_days);
  };
  StatusOr<TrialResult> result = RunTrial(parameters_, job->options);
  std::shared_ptr<TrialJobResult> finished;
  if (result.ok()) {
    finished = std::make_shared<TrialJobResult>();
    finished->outputs = RenderTrialOutputs(*result);
    finished->result = *std::move(result);
  }
  {
    absl::MutexLock lock(&mutex_);
    if (job->state == TrialJobState::kCancelled) return;  // Cancel set the times and noted it
    // Stopped by the destructor: the journal keeps the job unfinished, so
    // the next start reports that the restart ended it.
    if (stopping_) return;
    job->finished_unix_ms = clock_.NowUnixMs();
    job->finished_monotonic_ms = clock_.MonotonicMs();
    if (finished != nullptr) {
      job->state = TrialJobState::kDone;
      job->result = std::move(finished);
    } else {
      job->state = TrialJobState::kFailed;
      job->error = MessageOf(result.status());
      job->reason = "trial_error";
    }
    ForgetOldFinished();
  }
  NoteFinished(job->id);
}

void TrialJobs::ForgetOldFinished() {
  std::vector<std::pair<int64_t, int64_t>> finished;  // (finished at, id)
  for (const auto& [id, job] : jobs_) {
    if (Finished(job->state)) finished.emplace_back(job->finished_monotonic_ms, id);
  }
  const auto keep = static_cast<size_t>(std::max(0, limits_.max_kept));
  if (finished.size() <= keep) return;
  std::sort(finished.begin(), finished.end());
  for (size_t i = 0; i + keep < finished.size(); ++i) jobs_.erase(finished[i].second);
}

TrialJobSnapshot TrialJobs::SnapshotOf(const Job& job) const {
  TrialJobSnapshot snapshot;
  snapshot.id = job.id;
  snapshot.owner = job.owner;
  snapshot.state = job.state;
  snapshot.patient_days_total = job.patient_days_total;
  snapshot.patient_days_done = std::min(job.patient_days_done.load(), job.patient_days_total);
  snapshot.created_unix_ms = job.created_unix_ms;
  snapshot.started_unix_ms = job.started_unix_ms;
  snapshot.finished_unix_ms = job.finished_unix_ms;
  if (job.started_monotonic_ms != 0) {
    const int64_t end =
        Finished(job.state) ? job.finished_monotonic_ms : clock_.MonotonicMs();
    snapshot.running_ms = std::max<int64_t>(0, end - job.started_monotonic_ms);
  }
  snapshot.description = job.description;
  snapshot.error = job.error;
  snapshot.reason = job.reason;
  snapshot.result = job.result;
  return snapshot;
}

}  // namespace mc::glucose
