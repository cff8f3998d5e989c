// The skills lab's tasks and their scores, pure (docs/skills.md
// "Scoring"). FLS-style: a task score is a cutoff minus the time taken
// minus penalties, never below 0, and 0 when the task was not finished
// within its time limit. The browser computes the same score for its live
// display (web/src/skills/score.ts); both are held to the hand-computed
// attempts in testdata/peg_transfer_scores.json.
#pragma once

#include <cstdint>
#include <string_view>

#include "core/status.h"

namespace mc::skills {

struct TaskRules {
  std::string_view id;    // "peg-transfer"
  std::string_view name;  // "Peg transfer"
  int64_t cutoff_ms = 0;
  int64_t time_limit_ms = 0;
  int64_t drop_penalty_ms = 0;
  int64_t rings = 0;  // objects to move
  int64_t proficient_time_ms = 0;
  int64_t proficient_drops = 0;
};

// The task named `id`; nullptr for a task this server does not know.
const TaskRules* FindTask(std::string_view id);

// What the browser measured of one attempt (docs/skills.md "Metrics").
struct AttemptMetrics {
  int64_t time_ms = 0;
  int64_t drops = 0;
  int64_t rings_placed = 0;
  int64_t path_mm = 0;
  int64_t idle_ms = 0;
};

struct Score {
  bool completed = false;  // every ring placed before the time limit
  int64_t score_ms = 0;
  bool proficient = false;  // completed within the proficiency time and drops
};

// Unprocessable (422) "invalid_metrics" naming the first value out of range:
// time 0..time limit, drops 0..1000, rings 0..rings, path 0..1e7 mm, idle
// 0..time.
Status ValidateMetrics(const TaskRules& rules, const AttemptMetrics& metrics);

// REQUIRES: ValidateMetrics(rules, metrics).ok().
Score ScoreAttempt(const TaskRules& rules, const AttemptMetrics& metrics);

}  // namespace mc::skills
