// TrainingStore: the skills lab's record of training (docs/skills.md):
// each scored attempt at a task, per learner. Training data, not patient
// data: kept in its own table, apart from the vault, and read by the
// learner and educators (skills/training_record.h decides who). Part of the
// Store (store.h); the skills module is handed only this part.
//
// Threading: every method is thread-safe and may block on disk I/O.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"

namespace mc {

// One finished attempt. Times in milliseconds, lengths in millimetres.
struct SkillAttemptRow {
  int64_t id = 0;
  int64_t user_id = 0;
  std::string task;  // "peg-transfer"
  int64_t finished_unix_ms = 0;
  int64_t time_ms = 0;
  int64_t drops = 0;
  int64_t rings_placed = 0;
  int64_t path_mm = 0;
  int64_t idle_ms = 0;
  int64_t score_ms = 0;
  bool completed = false;
  bool proficient = false;
  // The recorded instrument events as JSON (docs/skills.md "Replay");
  // filled by AddSkillAttempt's caller and FindSkillAttempt only.
  std::string events_json = "[]";
  // The educator's OSATS rating, when there is one (rating_total > 0).
  int64_t rating_total = 0;
  std::string rating_items_json;  // seven scores 1..5, e.g. "[3,4,3,3,2,4,3]"
  std::string rating_comment;
  std::string rater_name;
};

// An educator's OSATS rating of one attempt (seven items, 1..5 each).
struct SkillRatingRow {
  int64_t attempt_id = 0;
  int64_t rater_user_id = 0;
  std::string items_json;
  int64_t total = 0;
  std::string comment;
  int64_t rated_unix_ms = 0;
};

// A learner with at least one attempt.
struct SkillLearnerRow {
  int64_t user_id = 0;
  std::string login;
  std::string display_name;
  int64_t attempts = 0;
  int64_t last_unix_ms = 0;
};

class TrainingStore {
 public:
  virtual ~TrainingStore() = default;

  // Inserts `attempt` (id ignored) and returns its id. InvalidArgument
  // ("unknown_user") when user_id names no user.
  virtual StatusOr<int64_t> AddSkillAttempt(const SkillAttemptRow& attempt) = 0;
  // `user_id`'s attempts at `task` with their ratings but without their
  // events, oldest first, at most `limit` (the newest `limit` when there
  // are more).
  virtual StatusOr<std::vector<SkillAttemptRow>> ListSkillAttempts(
      int64_t user_id, const std::string& task, int64_t limit) = 0;
  // One attempt with its events and rating; NotFound ("attempt_not_found").
  virtual StatusOr<SkillAttemptRow> FindSkillAttempt(int64_t id) = 0;
  // Inserts or replaces the rating of rating.attempt_id. NotFound
  // ("attempt_not_found") when there is no such attempt.
  virtual Status PutSkillRating(const SkillRatingRow& rating) = 0;
  // Everyone with an attempt at `task`, most recent attempt first.
  virtual StatusOr<std::vector<SkillLearnerRow>> ListSkillLearners(
      const std::string& task) = 0;
};

}  // namespace mc
