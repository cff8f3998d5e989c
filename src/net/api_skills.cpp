#include "net/api_skills.h"

#include <string>

#include "core/clock.h"
#include "net/api_context.h"
#include "skills/training_record.h"

namespace mc {

using nlohmann::json;

namespace {

constexpr size_t kMaxAttemptBytes = 1024;

struct SkillsCaller {
  api::Caller caller;
  skills::TrainingRecord* training = nullptr;
  skills::Viewer viewer;
};

StatusOr<SkillsCaller> Access(ApiServices& services, const HttpRequest& request,
                              api::Intent intent) {
  MC_ASSIGN_OR_RETURN(api::Caller caller,
                      api::Authenticate(services, request, intent));
  if (services.training == nullptr) {
    return Unavailable("skills_unavailable",
                       "the skills lab record is not running");
  }
  skills::Viewer viewer{caller.actor.user_id, caller.actor.role};
  return SkillsCaller{std::move(caller), services.training, viewer};
}

StatusOr<int64_t> Count(const json& body, const char* name) {
  if (!body.contains(name)) {
    return InvalidArgument("invalid_field", std::string(name) + " is required");
  }
  const json& value = body.at(name);
  if (!value.is_number_integer()) {
    return InvalidArgument("invalid_field",
                           std::string(name) + " must be a whole number");
  }
  return value.get<int64_t>();
}

json AttemptJson(const SkillAttemptRow& row) {
  return {{"id", row.id},
          {"task", row.task},
          {"finished_at", FormatIsoUtc(row.finished_unix_ms)},
          {"time_ms", row.time_ms},
          {"drops", row.drops},
          {"rings_placed", row.rings_placed},
          {"path_mm", row.path_mm},
          {"idle_ms", row.idle_ms},
          {"score_ms", row.score_ms},
          {"completed", row.completed},
          {"proficient", row.proficient}};
}

json TaskJson(const skills::TaskRules& rules) {
  return {{"id", rules.id},
          {"name", rules.name},
          {"cutoff_ms", rules.cutoff_ms},
          {"time_limit_ms", rules.time_limit_ms},
          {"drop_penalty_ms", rules.drop_penalty_ms},
          {"rings", rules.rings},
          {"proficiency",
           {{"time_ms", rules.proficient_time_ms},
            {"drops", rules.proficient_drops}}}};
}

StatusOr<HttpResponse> RecordAttempt(ApiServices& services,
                                     const HttpRequest& request,
                                     const PathParams& params) {
  MC_ASSIGN_OR_RETURN(SkillsCaller access,
                      Access(services, request, api::Intent::kChange));
  if (request.body.size() > kMaxAttemptBytes) {
    return ResourceExhausted("body_too_large",
                             "an attempt is at most 1024 bytes");
  }
  MC_ASSIGN_OR_RETURN(json body, api::JsonBody(request));
  MC_RETURN_IF_ERROR(api::CheckKeys(
      body, {"time_ms", "drops", "rings_placed", "path_mm", "idle_ms"}, ""));
  skills::AttemptMetrics metrics;
  MC_ASSIGN_OR_RETURN(metrics.time_ms, Count(body, "time_ms"));
  MC_ASSIGN_OR_RETURN(metrics.drops, Count(body, "drops"));
  MC_ASSIGN_OR_RETURN(metrics.rings_placed, Count(body, "rings_placed"));
  MC_ASSIGN_OR_RETURN(metrics.path_mm, Count(body, "path_mm"));
  MC_ASSIGN_OR_RETURN(metrics.idle_ms, Count(body, "idle_ms"));
  MC_ASSIGN_OR_RETURN(
      SkillAttemptRow row,
      access.training->Record(access.viewer, params.at("task"), metrics));
  return HttpResponse::Json(201, AttemptJson(row));
}

StatusOr<HttpResponse> ListAttempts(ApiServices& services,
                                    const HttpRequest& request,
                                    const PathParams& params) {
  MC_ASSIGN_OR_RETURN(SkillsCaller access,
                      Access(services, request, api::Intent::kRead));
  const std::string learner = request.QueryParam("learner");
  if (learner.size() > 64)
    return InvalidArgument("invalid_field", "learner is a login");
  MC_ASSIGN_OR_RETURN(
      skills::TrainingRecord::History history,
      access.training->Attempts(access.viewer, params.at("task"), learner));
  json attempts = json::array();
  for (const SkillAttemptRow& row : history.attempts)
    attempts.push_back(AttemptJson(row));
  return HttpResponse::Json(
      200, {{"task", TaskJson(*skills::FindTask(params.at("task")))},
            {"learner",
             {{"login", history.learner.login},
              {"name", history.learner.display_name}}},
            {"attempts", attempts}});
}

StatusOr<HttpResponse> ListLearners(ApiServices& services,
                                    const HttpRequest& request,
                                    const PathParams& params) {
  MC_ASSIGN_OR_RETURN(SkillsCaller access,
                      Access(services, request, api::Intent::kRead));
  MC_ASSIGN_OR_RETURN(
      std::vector<SkillLearnerRow> rows,
      access.training->Learners(access.viewer, params.at("task")));
  json learners = json::array();
  for (const SkillLearnerRow& row : rows) {
    learners.push_back({{"login", row.login},
                        {"name", row.display_name},
                        {"attempts", row.attempts},
                        {"last_at", FormatIsoUtc(row.last_unix_ms)}});
  }
  return HttpResponse::Json(200, {{"learners", learners}});
}

}  // namespace

void AddSkillsRoutes(Router& router, ApiServices& services) {
  router.Add("POST", "/api/skills/{task}/attempts",
             api::Route(services, RecordAttempt));
  router.Add("GET", "/api/skills/{task}/attempts",
             api::Route(services, ListAttempts));
  router.Add("GET", "/api/skills/{task}/learners",
             api::Route(services, ListLearners));
}

}  // namespace mc
