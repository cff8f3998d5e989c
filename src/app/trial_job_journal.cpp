#include "app/trial_job_journal.h"

#include <spdlog/spdlog.h>

namespace mc {

using glucose::TrialJobSnapshot;
using glucose::TrialJobState;

namespace {

constexpr char kRestartedWords[] =
    "The server restarted while this trial was queued or running, and its work was lost. "
    "Start it again.";

bool Unfinished(const std::string& state) { return state == "queued" || state == "running"; }

}  // namespace

Status StoreTrialJobJournal::Noted(const TrialJobSnapshot& job) {
  const bool queued = job.state == TrialJobState::kQueued;
  TrialJobRow row{job.id,
                  job.owner,
                  std::string(glucose::TrialJobStateName(job.state)),
                  job.reason,
                  job.created_unix_ms,
                  job.finished_unix_ms,
                  job.patient_days_total,
                  queued ? job.description : ""};
  Status written = store_.PutTrialJob(row);
  if (!written.ok() && !queued) {
    spdlog::warn("trial {}: could not write down that it finished ({})", job.id, ErrorCode(written));
  }
  return written;
}

StatusOr<glucose::TrialJobHistory> StoreTrialJobJournal::Recover(int64_t now_unix_ms, int keep) {
  MC_ASSIGN_OR_RETURN(std::vector<TrialJobRow> rows, store_.ListTrialJobs());  // newest first
  glucose::TrialJobHistory history;
  std::vector<int64_t> forget;
  int ended_now = 0;
  for (size_t i = 0; i < rows.size(); ++i) {
    TrialJobRow& row = rows[i];
    if (i == 0) history.next_id = row.id + 1;
    if (Unfinished(row.state)) {
      row.state = "failed";
      row.reason = glucose::kServerRestartedReason;
      row.finished_unix_ms = now_unix_ms;
      MC_RETURN_IF_ERROR(store_.PutTrialJob(row));
      ++ended_now;
    }
    const bool ended_by_restart = row.reason == glucose::kServerRestartedReason;
    if (ended_by_restart && static_cast<int>(history.interrupted.size()) < keep) {
      TrialJobSnapshot job;
      job.id = row.id;
      job.owner = row.owner_user_id;
      job.state = TrialJobState::kFailed;
      job.patient_days_total = row.patient_days_total;
      job.created_unix_ms = row.created_unix_ms;
      job.finished_unix_ms = row.finished_unix_ms;
      job.description = row.design;
      job.error = kRestartedWords;
      job.reason = row.reason;
      history.interrupted.push_back(std::move(job));
    } else if (i != 0) {
      forget.push_back(row.id);
    }
  }
  if (!forget.empty()) MC_RETURN_IF_ERROR(store_.DeleteTrialJobs(forget));
  if (ended_now > 0) {
    spdlog::warn("{} trial job(s) were queued or running when the server stopped: they read "
                 "\"failed\" (server_restarted)",
                 ended_now);
  }
  return history;
}

}  // namespace mc
