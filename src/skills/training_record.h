// TrainingRecord: the skills lab's record of training (docs/skills.md
// "Record"): a learner's scored attempts per task, over the TrainingStore.
// Training data, not patient data: it never touches the vault. Who may
// read what is decided here: a learner reads their own attempts; an
// educator (capability teach_skills) reads anyone's and lists the learners.
// The server scores every attempt itself (scoring.h); the browser's score
// is only its display.
//
// Threading: thread-safe (no state of its own beyond the store's).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/status.h"
#include "skills/scoring.h"
#include "store/training_store.h"
#include "store/user_store.h"

namespace mc::skills {

// Who asks: the signed-in account.
struct Viewer {
  int64_t user_id = 0;
  std::string role;
};

// At most this many attempts are returned per learner and task (the newest).
inline constexpr int64_t kMaxListedAttempts = 500;
// OSATS (Objective Structured Assessment of Technical Skill): seven items.
inline constexpr size_t kOsatsItems = 7;
inline constexpr size_t kMaxRatingCommentBytes = 2000;

class TrainingRecord {
 public:
  // `store`, `users` and `clock` must outlive the record.
  TrainingRecord(TrainingStore& store, UserStore& users, const Clock& clock)
      : store_(store), users_(users), clock_(clock) {}

  // Scores and stores `learner`'s attempt at `task`, finished now, with
  // its recorded events (attempt_events.h: already checked).
  // NotFound "unknown_task"; Unprocessable "invalid_metrics";
  // PermissionDenied "access_denied" for an account without `simulate`.
  StatusOr<SkillAttemptRow> Record(const Viewer& learner,
                                   const std::string& task,
                                   const AttemptMetrics& metrics,
                                   std::string events_json = "[]");

  // One attempt at `task` with its events and rating, for its learner or
  // an educator. NotFound "unknown_task" or "attempt_not_found" (also for
  // someone else's attempt, to anyone but an educator).
  StatusOr<SkillAttemptRow> Find(const Viewer& viewer, const std::string& task,
                                 int64_t attempt_id);

  // An educator's OSATS rating of an attempt (kOsatsItems scores 1..5; a
  // comment of at most kMaxRatingCommentBytes); replaces an earlier one.
  // The attempt as Find returns it. PermissionDenied "access_denied"
  // unless an educator; InvalidArgument "invalid_rating"; NotFound as Find.
  StatusOr<SkillAttemptRow> Rate(const Viewer& educator,
                                 const std::string& task, int64_t attempt_id,
                                 const std::vector<int64_t>& items,
                                 const std::string& comment);

  struct Learner {
    int64_t user_id = 0;
    std::string login;
    std::string display_name;
  };
  struct History {
    Learner learner;
    std::vector<SkillAttemptRow> attempts;  // oldest first
  };
  // The attempts at `task` of `learner_login` ("" = the viewer).
  // NotFound "unknown_task" or "learner_not_found"; PermissionDenied
  // "access_denied" when the viewer is not the learner and not an educator.
  StatusOr<History> Attempts(const Viewer& viewer, const std::string& task,
                             const std::string& learner_login);

  // Everyone with an attempt at `task`, latest first. PermissionDenied
  // "access_denied" unless the viewer is an educator.
  StatusOr<std::vector<SkillLearnerRow>> Learners(const Viewer& viewer,
                                                  const std::string& task);

 private:
  TrainingStore& store_;
  UserStore& users_;
  const Clock& clock_;
};

}  // namespace mc::skills
