// StoreTrialJobJournal: the research lab's trial jobs written down in the
// store (OperationsStore's trial_jobs), so that a restart says which jobs
// it ended instead of forgetting them (docs/api.md "Research").
//
// A job is written when queued (id, owner, size, design) and again when it
// finishes (its final state; the design is then dropped). At the next
// start, Recover marks every job still queued or running "failed" with
// reason "server_restarted" and hands those back for the trial pool to
// keep (glucose::TrialJobHistory), with the next free id.
//
// Threading: thread-safe (the store is).
#pragma once

#include <cstdint>

#include "sim/glucose/trial_jobs.h"
#include "store/operations_store.h"

namespace mc {

class StoreTrialJobJournal final : public glucose::TrialJobJournal {
 public:
  explicit StoreTrialJobJournal(OperationsStore& store) : store_(store) {}

  // Queued: the store's error refuses the job. Finished: an error is logged
  // (the job then reads as ended by the next restart).
  Status Noted(const glucose::TrialJobSnapshot& job) override;

  // Ends the jobs an earlier run left unfinished (finished at `now_unix_ms`)
  // and returns them, with those an earlier restart ended, newest `keep`
  // at most; forgets the other rows but the newest (it keeps ids unique).
  StatusOr<glucose::TrialJobHistory> Recover(int64_t now_unix_ms, int keep);

 private:
  OperationsStore& store_;
};

}  // namespace mc
