#include "app/trial_job_journal.h"

#include <gtest/gtest.h>

#include "store/sqlite_store.h"
#include "testing/temp_dir.h"

namespace mc {
namespace {

using glucose::TrialJobSnapshot;
using glucose::TrialJobState;

TrialJobSnapshot Job(int64_t id, TrialJobState state) {
  TrialJobSnapshot job;
  job.id = id;
  job.owner = 40 + id;
  job.state = state;
  job.patient_days_total = 10 * id;
  job.created_unix_ms = 1000 * id;
  job.description = "{\"days\":1}";
  return job;
}

TEST(StoreTrialJobJournalTest, ARestartEndsWhatWasQueuedOrRunningAndIdsGoOn) {
  testing::TempDir dir;
  auto store = *SqliteStore::Open(dir.File("db"));
  StoreTrialJobJournal journal(*store);
  for (int64_t id : {1, 2, 3, 4}) ASSERT_TRUE(journal.Noted(Job(id, TrialJobState::kQueued)).ok());
  ASSERT_TRUE(journal.Noted(Job(1, TrialJobState::kDone)).ok());
  ASSERT_TRUE(journal.Noted(Job(4, TrialJobState::kCancelled)).ok());

  auto history = journal.Recover(99000, 32);
  ASSERT_TRUE(history.ok()) << history.status();
  EXPECT_EQ(history->next_id, 5);
  ASSERT_EQ(history->interrupted.size(), 2u);
  const TrialJobSnapshot& newest = history->interrupted[0];
  EXPECT_EQ(newest.id, 3);
  EXPECT_EQ(newest.owner, 43);
  EXPECT_EQ(newest.state, TrialJobState::kFailed);
  EXPECT_EQ(newest.reason, "server_restarted");
  EXPECT_EQ(newest.finished_unix_ms, 99000);
  EXPECT_EQ(newest.patient_days_total, 30);
  EXPECT_EQ(newest.description, "{\"days\":1}");
  EXPECT_NE(newest.error.find("restarted"), std::string::npos);

  // A second restart keeps them (and the newest row, for the ids); the job
  // that finished before is forgotten.
  auto again = journal.Recover(120000, 1);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->next_id, 5);
  ASSERT_EQ(again->interrupted.size(), 1u);
  EXPECT_EQ(again->interrupted[0].finished_unix_ms, 99000);
  std::vector<int64_t> ids;
  auto rows = store->ListTrialJobs();
  ASSERT_TRUE(rows.ok());
  for (const TrialJobRow& row : *rows) ids.push_back(row.id);
  EXPECT_EQ(ids, (std::vector<int64_t>{4, 3}));
}

}  // namespace
}  // namespace mc
