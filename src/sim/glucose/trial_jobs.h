// Trial jobs: in-silico trials (trial.h) run in the background for the REST
// API (docs/api.md "Research"). A job is submitted, waits in a queue, runs on
// one of a small, fixed pool of worker threads (1 by default, started by the
// constructor at a lower scheduling priority), reports progress in
// patient-days and can be cancelled at any time.
//
// Jobs and their results live in memory. A TrialJobJournal (handed in, may
// be null) is told when a job is queued and when it finishes, so that the
// next start can hand back the jobs a restart ended (TrialJobHistory): they
// read "failed" with reason "server_restarted", and ids never repeat. A job
// that finished before the restart is unknown afterwards (not_found
// "trial_not_found").
//
// Bounds: at most `max_active` jobs queued or running in all, `max_per_owner`
// per owner (resource_exhausted "trial_queue_full" / "too_many_trials"); the
// `max_kept` most recent finished jobs are kept, older ones are forgotten.
// Callers bound each job's size (trial_design.h).
//
// Visibility: a job is its owner's. Get/Cancel of a job that is not the
// caller's answer exactly as for an id that does not exist.
//
// Threading: every method is thread-safe and returns without waiting for a
// trial to run. The destructor cancels what is queued or running and joins
// the workers.
#pragma once

#include <absl/base/thread_annotations.h>
#include <absl/synchronization/mutex.h>

#include <atomic>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "core/clock.h"
#include "core/status.h"
#include "sim/glucose/output.h"
#include "sim/glucose/params.h"
#include "sim/glucose/trial.h"

namespace mc::glucose {

enum class TrialJobState { kQueued, kRunning, kDone, kFailed, kCancelled };
// "queued", "running", "done", "failed", "cancelled" (wire names).
std::string_view TrialJobStateName(TrialJobState state);

struct TrialJobLimits {
  int worker_threads = 1;  // 1..16
  int max_active = 8;
  int max_per_owner = 2;
  int max_kept = 32;
};

// A finished trial: the engine's result and its rendered outputs.
struct TrialJobResult {
  TrialResult result;
  TrialOutputs outputs;
};

// What a job looks like at one moment (a copy; the result is shared and
// immutable).
struct TrialJobSnapshot {
  int64_t id = 0;
  int64_t owner = 0;
  TrialJobState state = TrialJobState::kQueued;
  int64_t patient_days_done = 0;
  int64_t patient_days_total = 0;
  int64_t created_unix_ms = 0;
  int64_t started_unix_ms = 0;   // 0 until it runs
  int64_t finished_unix_ms = 0;  // 0 until done, failed or cancelled
  int64_t running_ms = 0;        // monotonic time spent running so far
  std::string description;       // as submitted
  std::string error;             // failed: the reason, in words
  std::string reason;            // failed: a stable code ("trial_error", "server_restarted")
  std::shared_ptr<const TrialJobResult> result;  // done only
};

// Where jobs are written down (app/trial_job_journal.h keeps them in the
// store). Noted is called with the job's new state, queued (inside Submit,
// with the pool's lock held so that no worker can take the job first: keep
// it short; an error refuses the job) or finished (done, failed, cancelled;
// outside the lock; an error is only logged by the journal). Calls for one
// job come in that order. A job the destructor stops is not noted as
// finished: the next start reports that the restart ended it.
class TrialJobJournal {
 public:
  virtual ~TrialJobJournal() = default;
  virtual Status Noted(const TrialJobSnapshot& job) = 0;
};

// What an earlier run of the server left: the jobs its end interrupted
// (failed, reason "server_restarted", no result), kept like finished jobs,
// and the first id this run may use.
struct TrialJobHistory {
  int64_t next_id = 1;
  std::vector<TrialJobSnapshot> interrupted;
};

inline constexpr char kServerRestartedReason[] = "server_restarted";

class TrialJobs {
 public:
  // `parameters` and `clock` (and `journal`, when not null) must outlive
  // this object.
  TrialJobs(const ParameterSet& parameters, const Clock& clock, TrialJobLimits limits = {},
            TrialJobJournal* journal = nullptr, TrialJobHistory history = {});
  ~TrialJobs();
  TrialJobs(const TrialJobs&) = delete;
  TrialJobs& operator=(const TrialJobs&) = delete;

  // What a caller submits. `options`' threads, on_progress and cancel are
  // replaced (a job runs on one worker thread); `patient_days_total` is the
  // job's size for progress; `description` is kept and handed back as is
  // (the API keeps the design's JSON there).
  struct Submission {
    TrialOptions options;
    int64_t patient_days_total = 0;
    std::string description;
  };
  // Queues the job; returns its id (1, 2, ...). Errors: resource_exhausted
  // "trial_queue_full", "too_many_trials".
  StatusOr<int64_t> Submit(int64_t owner, Submission submission);

  // not_found "trial_not_found".
  StatusOr<TrialJobSnapshot> Get(int64_t owner, int64_t id) const;

  // Jobs by state now (all owners; finished ones only while kept), and
  // jobs submitted since start, for GET /metrics.
  struct Counts {
    int64_t queued = 0, running = 0, done = 0, failed = 0, cancelled = 0;
    int64_t submitted = 0;
  };
  Counts CountJobs() const;

  // The owner's jobs still known (queued, running and the kept finished
  // ones), newest first; empty when there are none.
  std::vector<TrialJobSnapshot> List(int64_t owner) const;

  const ParameterSet& parameters() const { return parameters_; }

  // Cancels a queued or running job (a running one stops after its current
  // patient × arm run; its state reads "cancelled" at once). Cancelling a
  // cancelled job is ok. Errors: not_found "trial_not_found",
  // failed_precondition "trial_finished" (done or failed).
  Status Cancel(int64_t owner, int64_t id);

 private:
  struct Job;
  void WorkerLoop();
  // Tells the journal that `job` finished. REQUIRES: mutex_ not held.
  void NoteFinished(int64_t id);
  void Run(const std::shared_ptr<Job>& job);
  void ForgetOldFinished() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);
  TrialJobSnapshot SnapshotOf(const Job& job) const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);

  const ParameterSet& parameters_;
  const Clock& clock_;
  const TrialJobLimits limits_;
  TrialJobJournal* const journal_;
  mutable absl::Mutex mutex_;
  absl::CondVar wake_;
  bool stopping_ ABSL_GUARDED_BY(mutex_) = false;
  int64_t next_id_ ABSL_GUARDED_BY(mutex_) = 1;
  int64_t first_id_ ABSL_GUARDED_BY(mutex_) = 1;  // this run's first

  std::map<int64_t, std::shared_ptr<Job>> jobs_ ABSL_GUARDED_BY(mutex_);
  std::deque<std::shared_ptr<Job>> queue_ ABSL_GUARDED_BY(mutex_);
  std::vector<std::thread> workers_;
};

}  // namespace mc::glucose
