#include "skills/training_record.h"

#include "core/roles.h"
#include "nlohmann/json.hpp"

namespace mc::skills {
namespace {

StatusOr<const TaskRules*> Task(const std::string& id) {
  const TaskRules* rules = FindTask(id);
  if (rules == nullptr)
    return NotFound("unknown_task", "no such skills lab task");
  return rules;
}

Status Denied() {
  return PermissionDenied("access_denied",
                          "only the learner and educators may see this record");
}

}  // namespace

StatusOr<SkillAttemptRow> TrainingRecord::Record(const Viewer& learner,
                                                 const std::string& task,
                                                 const AttemptMetrics& metrics,
                                                 std::string events_json) {
  MC_ASSIGN_OR_RETURN(const TaskRules* rules, Task(task));
  if (!Can(learner.role, Capability::kSimulate)) {
    return PermissionDenied("access_denied",
                            "this account cannot train in the skills lab");
  }
  MC_RETURN_IF_ERROR(ValidateMetrics(*rules, metrics));
  const Score score = ScoreAttempt(*rules, metrics);
  SkillAttemptRow row;
  row.user_id = learner.user_id;
  row.task = std::string(rules->id);
  row.finished_unix_ms = clock_.NowUnixMs();
  row.time_ms = metrics.time_ms;
  row.drops = metrics.drops;
  row.rings_placed = metrics.rings_placed;
  row.path_mm = metrics.path_mm;
  row.idle_ms = metrics.idle_ms;
  row.score_ms = score.score_ms;
  row.completed = score.completed;
  row.proficient = score.proficient;
  row.events_json = std::move(events_json);
  MC_ASSIGN_OR_RETURN(row.id, store_.AddSkillAttempt(row));
  return row;
}

StatusOr<TrainingRecord::History> TrainingRecord::Attempts(
    const Viewer& viewer, const std::string& task,
    const std::string& learner_login) {
  MC_ASSIGN_OR_RETURN(const TaskRules* rules, Task(task));
  const bool educator = Can(viewer.role, Capability::kTeachSkills);
  StatusOr<UserRow> user = learner_login.empty()
                               ? users_.FindUserById(viewer.user_id)
                               : users_.FindUserByLogin(learner_login);
  if (!user.ok()) {
    // Someone who may not read others' records learns nothing of who exists.
    if (!educator) return Denied();
    return NotFound("learner_not_found", "no such learner");
  }
  if (user->id != viewer.user_id && !educator) return Denied();
  History history;
  history.learner = {user->id, user->login, user->display_name};
  MC_ASSIGN_OR_RETURN(history.attempts,
                      store_.ListSkillAttempts(user->id, std::string(rules->id),
                                               kMaxListedAttempts));
  return history;
}

StatusOr<SkillAttemptRow> TrainingRecord::Find(const Viewer& viewer,
                                               const std::string& task,
                                               int64_t attempt_id) {
  MC_ASSIGN_OR_RETURN(const TaskRules* rules, Task(task));
  StatusOr<SkillAttemptRow> row = store_.FindSkillAttempt(attempt_id);
  if (!row.ok() || row->task != rules->id ||
      (row->user_id != viewer.user_id &&
       !Can(viewer.role, Capability::kTeachSkills))) {
    return NotFound("attempt_not_found", "no such attempt");
  }
  return row;
}

StatusOr<SkillAttemptRow> TrainingRecord::Rate(
    const Viewer& educator, const std::string& task, int64_t attempt_id,
    const std::vector<int64_t>& items, const std::string& comment) {
  MC_ASSIGN_OR_RETURN(const TaskRules* rules, Task(task));
  if (!Can(educator.role, Capability::kTeachSkills)) return Denied();
  if (items.size() != kOsatsItems) {
    return InvalidArgument("invalid_rating", "a rating has seven OSATS items");
  }
  SkillRatingRow rating;
  nlohmann::json scores = nlohmann::json::array();
  for (int64_t item : items) {
    if (item < 1 || item > 5) {
      return InvalidArgument("invalid_rating",
                             "each OSATS item is scored 1 to 5");
    }
    rating.total += item;
    scores.push_back(item);
  }
  if (comment.size() > kMaxRatingCommentBytes) {
    return InvalidArgument("invalid_rating", "a comment is at most 2000 bytes");
  }
  MC_ASSIGN_OR_RETURN(SkillAttemptRow row,
                      Find(educator, std::string(rules->id), attempt_id));
  rating.attempt_id = row.id;
  rating.rater_user_id = educator.user_id;
  rating.items_json = scores.dump();
  rating.comment = comment;
  rating.rated_unix_ms = clock_.NowUnixMs();
  MC_RETURN_IF_ERROR(store_.PutSkillRating(rating));
  return Find(educator, std::string(rules->id), attempt_id);
}

StatusOr<std::vector<SkillLearnerRow>> TrainingRecord::Learners(
    const Viewer& viewer, const std::string& task) {
  MC_ASSIGN_OR_RETURN(const TaskRules* rules, Task(task));
  if (!Can(viewer.role, Capability::kTeachSkills)) return Denied();
  return store_.ListSkillLearners(std::string(rules->id));
}

}  // namespace mc::skills
