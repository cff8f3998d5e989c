#include "net/api_skills.h"

#include <string>

#include "core/clock.h"
#include "net/api_context.h"
#include "skills/attempt_events.h"
#include "skills/training_record.h"

namespace mc {

using nlohmann::json;

namespace {

// Metrics and up to kMaxAttemptEvents events of about 40 bytes each.
constexpr size_t kMaxAttemptBytes = 1000 * 1000;

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

json RatingJson(const SkillAttemptRow& row) {
  if (row.rating_total == 0) return nullptr;
  return {{"items", json::parse(row.rating_items_json, nullptr, false)},
          {"total", row.rating_total},
          {"comment", row.rating_comment},
          {"rater", row.rater_name}};
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
          {"proficient", row.proficient},
          {"rating", RatingJson(row)}};
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
    return ResourceExhausted("body_too_large", "an attempt is at most 1 MB");
  }
  MC_ASSIGN_OR_RETURN(json body, api::JsonBody(request));
  MC_RETURN_IF_ERROR(api::CheckKeys(
      body,
      {"time_ms", "drops", "rings_placed", "path_mm", "idle_ms", "events"},
      ""));
  std::string events = "[]";
  if (body.contains("events")) {
    MC_ASSIGN_OR_RETURN(events, skills::CheckedEvents(body.at("events")));
  }
  skills::AttemptMetrics metrics;
  MC_ASSIGN_OR_RETURN(metrics.time_ms, Count(body, "time_ms"));
  MC_ASSIGN_OR_RETURN(metrics.drops, Count(body, "drops"));
  MC_ASSIGN_OR_RETURN(metrics.rings_placed, Count(body, "rings_placed"));
  MC_ASSIGN_OR_RETURN(metrics.path_mm, Count(body, "path_mm"));
  MC_ASSIGN_OR_RETURN(metrics.idle_ms, Count(body, "idle_ms"));
  MC_ASSIGN_OR_RETURN(SkillAttemptRow row,
                      access.training->Record(access.viewer, params.at("task"),
                                              metrics, std::move(events)));
  return HttpResponse::Json(201, AttemptJson(row));
}

// One attempt with its recorded events, for a replay.
StatusOr<HttpResponse> GetAttempt(ApiServices& services,
                                  const HttpRequest& request,
                                  const PathParams& params) {
  MC_ASSIGN_OR_RETURN(SkillsCaller access,
                      Access(services, request, api::Intent::kRead));
  MC_ASSIGN_OR_RETURN(int64_t id,
                      api::PathId(params.at("id"), "attempt_not_found"));
  MC_ASSIGN_OR_RETURN(
      SkillAttemptRow row,
      access.training->Find(access.viewer, params.at("task"), id));
  json body = AttemptJson(row);
  body["events"] = json::parse(row.events_json, nullptr, false);
  return HttpResponse::Json(200, body);
}

StatusOr<HttpResponse> RateAttempt(ApiServices& services,
                                   const HttpRequest& request,
                                   const PathParams& params) {
  MC_ASSIGN_OR_RETURN(SkillsCaller access,
                      Access(services, request, api::Intent::kChange));
  MC_ASSIGN_OR_RETURN(int64_t id,
                      api::PathId(params.at("id"), "attempt_not_found"));
  MC_ASSIGN_OR_RETURN(json body, api::JsonBody(request));
  MC_RETURN_IF_ERROR(api::CheckKeys(body, {"items", "comment"}, ""));
  MC_ASSIGN_OR_RETURN(
      std::string comment,
      api::StringField(body, "comment", skills::kMaxRatingCommentBytes));
  const json listed = body.contains("items") ? body.at("items") : json();
  if (!listed.is_array()) {
    return InvalidArgument("invalid_field", "items must be an array");
  }
  std::vector<int64_t> items;
  for (const json& item : listed) {
    if (!item.is_number_integer()) {
      return InvalidArgument("invalid_field", "items must be whole numbers");
    }
    items.push_back(item.get<int64_t>());
  }
  MC_ASSIGN_OR_RETURN(SkillAttemptRow row,
                      access.training->Rate(access.viewer, params.at("task"),
                                            id, items, comment));
  return HttpResponse::Json(200, AttemptJson(row));
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
  router.Add("GET", "/api/skills/{task}/attempts/{id}",
             api::Route(services, GetAttempt));
  router.Add("PUT", "/api/skills/{task}/attempts/{id}/rating",
             api::Route(services, RateAttempt));
}

}  // namespace mc
