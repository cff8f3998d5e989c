// OperationsStore: what the server keeps about its own running, apart from
// people and records: deployment settings changed at run time (the admin
// console's overrides of configured defaults) and the trial jobs that were
// queued or running, so that a restart can say which ones it ended.
// Part of the Store (store.h); see there for threading and the backends.
// Neither table holds patient data (trials run on synthetic patients).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"

namespace mc {

struct SettingRow {
  std::string name;   // "crisis_lines", "rtc"
  std::string value;  // JSON, validated by its owner before it is stored
  int64_t updated_by_user_id = 0;
  int64_t updated_unix_ms = 0;
};

struct TrialJobRow {
  int64_t id = 0;
  int64_t owner_user_id = 0;
  std::string state;   // the jobs' wire names: "queued", "failed", ...
  std::string reason;  // a stable code for a failed job ("server_restarted")
  int64_t created_unix_ms = 0;
  int64_t finished_unix_ms = 0;  // 0 while queued or running
  int64_t patient_days_total = 0;
  std::string design;  // the submitted design (JSON), at most 16 KiB
};

class OperationsStore {
 public:
  virtual ~OperationsStore() = default;

  // Every stored setting, by name.
  virtual StatusOr<std::vector<SettingRow>> ListSettings() = 0;
  // Inserts or replaces the setting `row.name`.
  virtual Status PutSetting(const SettingRow& row) = 0;
  // Removes the setting `name`; NotFound ("setting_not_found") when none
  // is stored.
  virtual Status DeleteSetting(const std::string& name) = 0;

  // Inserts or replaces the job `row.id`.
  virtual Status PutTrialJob(const TrialJobRow& row) = 0;
  // Every job written down, newest (highest id) first.
  virtual StatusOr<std::vector<TrialJobRow>> ListTrialJobs() = 0;
  // Forgets the jobs `ids` (absent ids are fine).
  virtual Status DeleteTrialJobs(const std::vector<int64_t>& ids) = 0;
};

}  // namespace mc
