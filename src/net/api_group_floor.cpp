// Who may speak in a group room, over REST (docs/api.md "Group rooms"):
// a member raises or lowers their own hand, leaves, or reports someone to
// the host; the host gives the talking stick or takes it back, or starts and
// stops the breathing pacer everyone sees. Each answers
// with the room as the caller sees it. The rules are media::GroupRooms'.
#include <optional>
#include <utility>

#include "net/api_context.h"
#include "net/api_groups.h"
#include "net/api_groups_internal.h"

namespace mc {

using api::Authenticate;
using api::Caller;
using api::Intent;
using group_api::GroupJson;
using group_api::Groups;
using group_api::MemberKey;
using nlohmann::json;

namespace {

// Authenticates, runs `act` with the room service, the caller's member key
// and the body, and answers with the room as the caller now sees it (a
// member who left may no longer see it: then {"left": true}).
template <typename Act>
StatusOr<HttpResponse> Floor(ApiServices& services, const HttpRequest& request,
                             const PathParams& params, Act act) {
  MC_ASSIGN_OR_RETURN(Caller caller,
                      Authenticate(services, request, Intent::kChange));
  MC_ASSIGN_OR_RETURN(media::GroupRooms * groups, Groups(services));
  json body = json::object();
  if (!request.body.empty()) {
    MC_ASSIGN_OR_RETURN(body, api::JsonBody(request));
  }
  const std::string self = MemberKey(caller.actor.user_id);
  MC_RETURN_IF_ERROR(act(*groups, params.at("id"), caller, self, body));
  MC_ASSIGN_OR_RETURN(media::Group group, groups->Get(params.at("id"), self));
  return HttpResponse::Json(200, GroupJson(group, self, *groups));
}

// body.user_id: a member's account id (null only where `allow_null`).
StatusOr<std::string> MemberField(const json& body, bool allow_null) {
  const json value = body.value("user_id", json(nullptr));
  if (value.is_null() && allow_null) return std::string();
  if (!value.is_number_integer() || value.get<int64_t>() <= 0)
    return InvalidArgument("invalid_field",
                           "user_id is a member's account number");
  return MemberKey(value.get<int64_t>());
}

StatusOr<HttpResponse> Hand(ApiServices& services, const HttpRequest& request,
                            const PathParams& params) {
  return Floor(
      services, request, params,
      [](media::GroupRooms& groups, const std::string& id, const Caller&,
         const std::string& self, const json& body) -> Status {
        MC_ASSIGN_OR_RETURN(bool raised, group_api::BoolField(body, "raised"));
        return groups.RaiseHand(id, self, raised);
      });
}

StatusOr<HttpResponse> Stick(ApiServices& services, const HttpRequest& request,
                             const PathParams& params) {
  return Floor(
      services, request, params,
      [](media::GroupRooms& groups, const std::string& id, const Caller&,
         const std::string& self, const json& body) -> Status {
        MC_ASSIGN_OR_RETURN(std::string holder, MemberField(body, true));
        return groups.GiveStick(id, self, holder);
      });
}

// The reason goes to the host only; the audit log records that a report
// was made and about whom, never its words.
StatusOr<HttpResponse> Report(ApiServices& services, const HttpRequest& request,
                              const PathParams& params) {
  return Floor(services, request, params,
               [&](media::GroupRooms& groups, const std::string& id,
                   const Caller& caller, const std::string& self,
                   const json& body) -> Status {
                 MC_ASSIGN_OR_RETURN(std::string about,
                                     MemberField(body, false));
                 MC_ASSIGN_OR_RETURN(
                     std::string reason,
                     api::StringField(body, "reason", media::kMaxReasonBytes));
                 MC_RETURN_IF_ERROR(groups.Report(id, self, about, reason));
                 return group_api::AuditGroup(services, caller.actor,
                                              group_api::kReport, id, about);
               });
}

// body: {"pattern": "resonance" | "sighing" | "box", "phase_seconds": [..]}
// starts the shared pacer (again); {"pattern": null} stops it. The rules are
// GroupRooms::SetPacer's.
StatusOr<std::optional<media::GroupPacer>> PacerBody(const json& body) {
  const json pattern = body.value("pattern", json(nullptr));
  if (pattern.is_null()) return std::optional<media::GroupPacer>();
  if (!pattern.is_string())
    return InvalidArgument("invalid_pattern",
                           "pattern is resonance, sighing or box");
  media::GroupPacer pacer{pattern.get<std::string>(), {}};
  const json seconds = body.value("phase_seconds", json(nullptr));
  if (!seconds.is_array() || seconds.size() > 8)
    return InvalidArgument("invalid_phase_seconds",
                           "phase_seconds is a list of seconds per phase");
  for (const json& value : seconds) {
    if (!value.is_number())
      return InvalidArgument("invalid_phase_seconds",
                             "each phase's seconds is a number");
    pacer.phase_seconds.push_back(value.get<double>());
  }
  return std::optional<media::GroupPacer>(std::move(pacer));
}

StatusOr<HttpResponse> Pacer(ApiServices& services, const HttpRequest& request,
                             const PathParams& params) {
  return Floor(
      services, request, params,
      [](media::GroupRooms& groups, const std::string& id, const Caller&,
         const std::string& self, const json& body) -> Status {
        MC_ASSIGN_OR_RETURN(std::optional<media::GroupPacer> pacer,
                            PacerBody(body));
        return groups.SetPacer(id, self, std::move(pacer));
      });
}

StatusOr<HttpResponse> Left(ApiServices& services, const HttpRequest& request,
                            const PathParams& params) {
  MC_ASSIGN_OR_RETURN(Caller caller,
                      Authenticate(services, request, Intent::kChange));
  MC_ASSIGN_OR_RETURN(media::GroupRooms * groups, Groups(services));
  const std::string self = MemberKey(caller.actor.user_id);
  MC_ASSIGN_OR_RETURN(bool departed, groups->Left(params.at("id"), self));
  if (departed)
    MC_RETURN_IF_ERROR(group_api::AuditGroup(
        services, caller.actor, group_api::kLeave, params.at("id"), self));
  return HttpResponse::Json(200, {{"left", true}});
}

}  // namespace

void AddGroupFloorRoutes(Router& router, ApiServices& services) {
  router.Add("POST", "/api/groups/{id}/hand", api::Route(services, Hand));
  router.Add("POST", "/api/groups/{id}/stick", api::Route(services, Stick));
  router.Add("POST", "/api/groups/{id}/report", api::Route(services, Report));
  router.Add("POST", "/api/groups/{id}/left", api::Route(services, Left));
  router.Add("POST", "/api/groups/{id}/pacer", api::Route(services, Pacer));
}

}  // namespace mc
