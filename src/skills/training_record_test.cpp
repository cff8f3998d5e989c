#include "skills/training_record.h"

#include <gtest/gtest.h>

#include <memory>

#include "skills/attempt_events.h"
#include "store/sqlite_store.h"
#include "testing/temp_dir.h"

namespace mc::skills {
namespace {

class TrainingRecordTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = SqliteStore::Open(dir_.File("metaclinic.db"));
    ASSERT_TRUE(opened.ok()) << opened.status();
    store_ = std::move(*opened);
    student_ = {Add("student1", "student"), "student"};
    other_ = {Add("student2", "student"), "student"};
    educator_ = {Add("educ1", "clinician"), "clinician"};
    guest_ = {Add("visitor", "researcher"), "guest"};
  }
  int64_t Add(const std::string& login, const std::string& role) {
    UserRow user;
    user.login = login;
    user.display_name = "Demo " + login;
    user.role = role;
    user.password_hash = "hash";
    return *store_->CreateUser(user);
  }
  testing::TempDir dir_;
  std::unique_ptr<SqliteStore> store_;
  FakeClock clock_;
  Viewer student_, other_, educator_, guest_;
};

TEST_F(TrainingRecordTest, RecordsScoresAndListsOwnAttemptsOldestFirst) {
  TrainingRecord record(*store_, *store_, clock_);
  auto first = record.Record(student_, "peg-transfer",
                             {.time_ms = 120'500,
                              .drops = 3,
                              .rings_placed = 6,
                              .path_mm = 4200,
                              .idle_ms = 9000});
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->score_ms, 149'500);
  EXPECT_FALSE(first->proficient);
  EXPECT_EQ(first->finished_unix_ms, clock_.NowUnixMs());
  clock_.AdvanceMs(60'000);
  auto second = record.Record(student_, "peg-transfer",
                              {.time_ms = 45'000, .rings_placed = 6});
  ASSERT_TRUE(second.ok());
  EXPECT_TRUE(second->proficient);
  EXPECT_EQ(second->score_ms, 255'000);

  auto own = record.Attempts(student_, "peg-transfer", "");
  ASSERT_TRUE(own.ok()) << own.status();
  EXPECT_EQ(own->learner.login, "student1");
  ASSERT_EQ(own->attempts.size(), 2u);
  EXPECT_EQ(own->attempts[0].score_ms, 149'500);
  EXPECT_EQ(own->attempts[0].path_mm, 4200);
  EXPECT_EQ(own->attempts[1].score_ms, 255'000);
  EXPECT_TRUE(record.Attempts(other_, "peg-transfer", "")->attempts.empty());
}

TEST_F(TrainingRecordTest, EducatorsReadAnyoneLearnersOnlyTheirOwn) {
  TrainingRecord record(*store_, *store_, clock_);
  ASSERT_TRUE(record
                  .Record(student_, "peg-transfer",
                          {.time_ms = 50'000, .rings_placed = 6})
                  .ok());
  auto seen = record.Attempts(educator_, "peg-transfer", "student1");
  ASSERT_TRUE(seen.ok());
  EXPECT_EQ(seen->attempts.size(), 1u);
  auto learners = record.Learners(educator_, "peg-transfer");
  ASSERT_TRUE(learners.ok());
  ASSERT_EQ(learners->size(), 1u);
  EXPECT_EQ((*learners)[0].login, "student1");
  EXPECT_EQ((*learners)[0].attempts, 1);

  EXPECT_EQ(
      record.Attempts(other_, "peg-transfer", "student1").status().message(),
      record.Attempts(other_, "peg-transfer", "nobody").status().message());
  EXPECT_EQ(
      ErrorCode(record.Attempts(other_, "peg-transfer", "student1").status()),
      "access_denied");
  EXPECT_EQ(ErrorCode(record.Learners(student_, "peg-transfer").status()),
            "access_denied");
  EXPECT_EQ(
      ErrorCode(record.Attempts(educator_, "peg-transfer", "nobody").status()),
      "learner_not_found");
}

TEST_F(TrainingRecordTest,
       RefusesUnknownTasksBadMetricsAndAccountsThatCannotTrain) {
  TrainingRecord record(*store_, *store_, clock_);
  EXPECT_EQ(ErrorCode(record.Record(student_, "suture", {}).status()),
            "unknown_task");
  EXPECT_EQ(
      ErrorCode(
          record.Record(student_, "peg-transfer", {.time_ms = -1}).status()),
      "invalid_metrics");
  EXPECT_EQ(
      ErrorCode(record.Record(guest_, "peg-transfer", {.time_ms = 1}).status()),
      "access_denied");
  EXPECT_EQ(ErrorCode(record.Attempts(student_, "suture", "").status()),
            "unknown_task");
  EXPECT_TRUE(record.Attempts(student_, "peg-transfer", "")->attempts.empty());
}

}  // namespace
}  // namespace mc::skills

namespace mc::skills {
namespace {

TEST_F(TrainingRecordTest, KeepsEventsForReplayAndEducatorsRateWithOsats) {
  TrainingRecord record(*store_, *store_, clock_);
  auto stored = record.Record(student_, "peg-transfer",
                              {.time_ms = 50'000, .rings_placed = 6},
                              "[[0,0,0,1,2,3],[5,1,0,1]]");
  ASSERT_TRUE(stored.ok()) << stored.status();
  auto found = record.Find(student_, "peg-transfer", stored->id);
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_EQ(found->events_json, "[[0,0,0,1,2,3],[5,1,0,1]]");
  EXPECT_EQ(found->rating_total, 0);
  EXPECT_EQ(ErrorCode(record.Find(other_, "peg-transfer", stored->id).status()),
            "attempt_not_found");
  EXPECT_EQ(
      ErrorCode(record.Find(student_, "peg-transfer", stored->id + 1).status()),
      "attempt_not_found");

  EXPECT_EQ(ErrorCode(record
                          .Rate(student_, "peg-transfer", stored->id,
                                {3, 3, 3, 3, 3, 3, 3}, "")
                          .status()),
            "access_denied");
  EXPECT_EQ(
      ErrorCode(
          record.Rate(educator_, "peg-transfer", stored->id, {3, 3, 3}, "")
              .status()),
      "invalid_rating");
  EXPECT_EQ(ErrorCode(record
                          .Rate(educator_, "peg-transfer", stored->id,
                                {3, 3, 3, 3, 3, 3, 6}, "")
                          .status()),
            "invalid_rating");
  auto rated =
      record.Rate(educator_, "peg-transfer", stored->id, {3, 4, 3, 2, 5, 4, 3},
                  "Smooth transfers; look before you lower.");
  ASSERT_TRUE(rated.ok()) << rated.status();
  EXPECT_EQ(rated->rating_total, 24);
  EXPECT_EQ(rated->rating_items_json, "[3,4,3,2,5,4,3]");
  EXPECT_EQ(rated->rater_name, "Demo educ1");
  auto again = record.Rate(educator_, "peg-transfer", stored->id,
                           {5, 5, 5, 5, 5, 5, 5}, "");
  ASSERT_TRUE(again.ok());
  auto listed = record.Attempts(student_, "peg-transfer", "");
  ASSERT_EQ(listed->attempts.size(), 1u);
  EXPECT_EQ(listed->attempts[0].rating_total, 35);
  EXPECT_EQ(listed->attempts[0].events_json, "[]");  // lists carry no events
}

TEST(AttemptEvents, AcceptsMovesAndGripsInOrderAndNamesTheFirstBadOne) {
  auto parse = [](const char* text) {
    return CheckedEvents(nlohmann::json::parse(text));
  };
  EXPECT_EQ(*parse("[[0, 0, 1, -95.5, 10, 40], [12.5, 1, 1, 1]]"),
            "[[0,0,1,-95.5,10,40],[12.5,1,1,1]]");
  EXPECT_TRUE(parse("[]").ok());
  for (const char* bad :
       {"{}", "[[0,2,0,1]]", "[[0,0,2,1,2,3]]", "[[5,1,0,1],[4,1,0,0]]",
        "[[0,0,0,1,2]]", "[[0,1,0,2]]", "[[0,0,0,1e9,0,0]]", "[[-1,1,0,1]]",
        "[[0,0,0,\"1\",0,0]]", "[5]"}) {
    EXPECT_EQ(ErrorCode(parse(bad).status()), "invalid_events") << bad;
  }
  EXPECT_NE(std::string(parse("[[0,1,0,1],[1,1,0,7]]").status().message())
                .find("events[1]"),
            std::string::npos);
}

}  // namespace
}  // namespace mc::skills
