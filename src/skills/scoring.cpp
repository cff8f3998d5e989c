#include "skills/scoring.h"

#include <algorithm>
#include <array>
#include <string>

namespace mc::skills {
namespace {

constexpr std::array<TaskRules, 1> kTasks = {{
    {"peg-transfer", "Peg transfer", 300'000, 300'000, 10'000, 6, 48'000, 0},
}};

Status OutOfRange(std::string_view what, int64_t high) {
  return Unprocessable(
      "invalid_metrics",
      std::string(what) + " must be between 0 and " + std::to_string(high));
}

}  // namespace

const TaskRules* FindTask(std::string_view id) {
  for (const TaskRules& task : kTasks) {
    if (task.id == id) return &task;
  }
  return nullptr;
}

Status ValidateMetrics(const TaskRules& rules, const AttemptMetrics& metrics) {
  if (metrics.time_ms < 0 || metrics.time_ms > rules.time_limit_ms) {
    return OutOfRange("time_ms", rules.time_limit_ms);
  }
  if (metrics.drops < 0 || metrics.drops > 1000)
    return OutOfRange("drops", 1000);
  if (metrics.rings_placed < 0 || metrics.rings_placed > rules.rings) {
    return OutOfRange("rings_placed", rules.rings);
  }
  if (metrics.path_mm < 0 || metrics.path_mm > 10'000'000) {
    return OutOfRange("path_mm", 10'000'000);
  }
  if (metrics.idle_ms < 0 || metrics.idle_ms > metrics.time_ms) {
    return OutOfRange("idle_ms", metrics.time_ms);
  }
  return Status();
}

Score ScoreAttempt(const TaskRules& rules, const AttemptMetrics& metrics) {
  Score score;
  score.completed = metrics.rings_placed >= rules.rings &&
                    metrics.time_ms < rules.time_limit_ms;
  if (score.completed) {
    score.score_ms =
        std::max<int64_t>(0, rules.cutoff_ms - metrics.time_ms -
                                 rules.drop_penalty_ms * metrics.drops);
  }
  score.proficient = score.completed &&
                     metrics.time_ms <= rules.proficient_time_ms &&
                     metrics.drops <= rules.proficient_drops;
  return score;
}

}  // namespace mc::skills
