#include "net/api_groups.h"

#include "core/clock.h"
#include "core/roles.h"
#include "media/group_rooms.h"
#include "net/api_context.h"
#include "net/api_groups_internal.h"

namespace mc {

using api::Authenticate;
using group_api::BoolField;
using group_api::GroupJson;
using group_api::Groups;
using group_api::MemberKey;
using group_api::UserIdOf;
using api::Caller;
using api::Intent;
using nlohmann::json;

namespace {

constexpr size_t kMaxMembers = 60;

// `place` (room, forest, beach; default room) and `starts_at` (ISO 8601
// UTC, from a day ago to a year ahead; absent or null: not scheduled).
StatusOr<media::GroupPlan> PlanOf(const json& body, int64_t now_ms) {
  media::GroupPlan plan;
  MC_ASSIGN_OR_RETURN(std::string place, api::StringField(body, "place", 20));
  MC_ASSIGN_OR_RETURN(plan.place,
                      media::ParseGroupPlace(place.empty() ? "room" : place));
  const json starts = body.value("starts_at", json(nullptr));
  if (starts.is_null()) return plan;
  if (!starts.is_string())
    return InvalidArgument("invalid_time", "starts_at is ISO 8601 UTC text");
  MC_ASSIGN_OR_RETURN(plan.starts_unix_ms,
                      ParseIsoUtc(starts.get<std::string>()));
  constexpr int64_t kDayMs = 24 * 3600 * 1000;
  if (plan.starts_unix_ms < now_ms - kDayMs ||
      plan.starts_unix_ms > now_ms + 366 * kDayMs)
    return InvalidArgument(
        "invalid_time", "a group starts between yesterday and a year from now");
  return plan;
}

StatusOr<HttpResponse> Create(ApiServices& services, const HttpRequest& request,
                              const PathParams&) {
  MC_ASSIGN_OR_RETURN(Caller caller, Authenticate(services, request, Intent::kChange));
  MC_ASSIGN_OR_RETURN(media::GroupRooms * groups, Groups(services));
  if (!Can(caller.actor.role, Capability::kHostGroups))
    return PermissionDenied("forbidden", "only care staff can host a group room");
  MC_ASSIGN_OR_RETURN(json body, api::JsonBody(request));
  MC_ASSIGN_OR_RETURN(std::string title, api::StringField(body, "title", 120));
  MC_ASSIGN_OR_RETURN(std::string kind_name, api::StringField(body, "kind", 20));
  MC_ASSIGN_OR_RETURN(media::GroupKind kind,
                      media::ParseGroupKind(kind_name.empty() ? "therapy" : kind_name));
  MC_ASSIGN_OR_RETURN(media::GroupPlan plan,
                      PlanOf(body, SystemClock().NowUnixMs()));
  const json logins = body.value("members", json::array());
  if (!logins.is_array() || logins.size() > kMaxMembers)
    return InvalidArgument("invalid_field",
                           "members must be a list of at most 60 logins");
  // Logins are resolved by the server itself: hosts need not manage accounts.
  const Actor system{0, "system"};
  std::vector<media::GroupMember> members;
  for (const json& login : logins) {
    if (!login.is_string() || login.get<std::string>().size() > 64)
      return InvalidArgument("invalid_field", "each member is a login");
    auto user = services.accounts.FindByLogin(system, login.get<std::string>());
    if (!user.ok() || user->disabled)
      return InvalidArgument("unknown_member",
                             "no account has the login " + login.get<std::string>());
    members.push_back({MemberKey(user->id),
                       user->display_name.empty() ? user->login : user->display_name});
  }
  const UserRow& self = caller.session.user;
  const media::GroupMember host{MemberKey(caller.actor.user_id),
                                self.display_name.empty() ? self.login : self.display_name};
  MC_ASSIGN_OR_RETURN(
      media::Group group,
      groups->Create(host, title, kind, std::move(members), plan));
  // The title is what the host finds the attendance by afterwards.
  MC_RETURN_IF_ERROR(group_api::AuditGroup(services, caller.actor, group_api::kCreated,
                                           group.id, "title: " + title));
  return HttpResponse::Json(201, GroupJson(group, host.key, *groups));
}

StatusOr<HttpResponse> List(ApiServices& services, const HttpRequest& request,
                            const PathParams&) {
  MC_ASSIGN_OR_RETURN(Caller caller, Authenticate(services, request, Intent::kRead));
  MC_ASSIGN_OR_RETURN(media::GroupRooms * groups, Groups(services));
  const std::string self = MemberKey(caller.actor.user_id);
  json out = json::array();
  if (caller.actor.user_id != 0)
    for (const media::Group& group : groups->ListFor(self))
      out.push_back(GroupJson(group, self, *groups));
  return HttpResponse::Json(200, {{"groups", out}});
}

StatusOr<HttpResponse> Show(ApiServices& services, const HttpRequest& request,
                            const PathParams& params) {
  MC_ASSIGN_OR_RETURN(Caller caller, Authenticate(services, request, Intent::kRead));
  MC_ASSIGN_OR_RETURN(media::GroupRooms * groups, Groups(services));
  const std::string self = MemberKey(caller.actor.user_id);
  MC_ASSIGN_OR_RETURN(media::Group group, groups->Get(params.at("id"), self));
  return HttpResponse::Json(200, GroupJson(group, self, *groups));
}

StatusOr<bool> OptionalBool(const json& body, const char* name) {
  if (!body.contains(name)) return false;
  if (!body[name].is_boolean())
    return InvalidArgument("invalid_field", std::string(name) + " must be true or false");
  return body[name].get<bool>();
}

// How a member chose to appear: `silhouette`, `first_name_only` (both
// optional, false).
StatusOr<media::JoinChoices> ChoicesOf(const json& body) {
  media::JoinChoices choices;
  MC_ASSIGN_OR_RETURN(choices.silhouette, OptionalBool(body, "silhouette"));
  MC_ASSIGN_OR_RETURN(choices.first_name_only, OptionalBool(body, "first_name_only"));
  return choices;
}

StatusOr<HttpResponse> Join(ApiServices& services, const HttpRequest& request,
                            const PathParams& params) {
  MC_ASSIGN_OR_RETURN(Caller caller, Authenticate(services, request, Intent::kChange));
  MC_ASSIGN_OR_RETURN(media::GroupRooms * groups, Groups(services));
  media::JoinChoices choices;
  if (!request.body.empty()) {
    MC_ASSIGN_OR_RETURN(json body, api::JsonBody(request));
    MC_ASSIGN_OR_RETURN(choices, ChoicesOf(body));
  }
  MC_ASSIGN_OR_RETURN(media::GroupTicket ticket,
                      groups->Join(params.at("id"), MemberKey(caller.actor.user_id), choices));
  json out = {{"space", ticket.space},
              {"media", ticket.janus ? "janus" : "peer_to_peer"},
              {"participant", ticket.participant}};
  if (ticket.janus) {
    out["janus"] = {{"path", "/janus"},
                    {"room", ticket.room},
                    {"core_token", ticket.core_token},
                    {"room_token", ticket.room_token},
                    {"expires_at", ticket.expires_unix_s}};
  }
  return HttpResponse::Json(200, out);
}

StatusOr<HttpResponse> Joined(ApiServices& services, const HttpRequest& request,
                              const PathParams& params) {
  MC_ASSIGN_OR_RETURN(Caller caller, Authenticate(services, request, Intent::kChange));
  MC_ASSIGN_OR_RETURN(media::GroupRooms * groups, Groups(services));
  MC_ASSIGN_OR_RETURN(bool arrived,
                      groups->Joined(params.at("id"), MemberKey(caller.actor.user_id)));
  if (arrived)
    MC_RETURN_IF_ERROR(group_api::AuditGroup(services, caller.actor, group_api::kJoin,
                                             params.at("id"),
                                             MemberKey(caller.actor.user_id)));
  return HttpResponse::Json(200, {{"joined", true}});
}

// A host action on the member in the path; `act` gets the body.
template <typename Act>
StatusOr<HttpResponse> OnMember(ApiServices& services, const HttpRequest& request,
                                const PathParams& params, Act act) {
  MC_ASSIGN_OR_RETURN(Caller caller, Authenticate(services, request, Intent::kChange));
  MC_ASSIGN_OR_RETURN(media::GroupRooms * groups, Groups(services));
  MC_ASSIGN_OR_RETURN(int64_t member, api::PathId(params.at("member"), "member_not_found"));
  json body = json::object();
  if (!request.body.empty()) {
    MC_ASSIGN_OR_RETURN(body, api::JsonBody(request));
  }
  MC_RETURN_IF_ERROR(act(*groups, params.at("id"), caller, MemberKey(member), body));
  MC_ASSIGN_OR_RETURN(media::Group group,
                      groups->Get(params.at("id"), MemberKey(caller.actor.user_id)));
  return HttpResponse::Json(200, GroupJson(group, MemberKey(caller.actor.user_id),
                                           *groups));
}

// A host switch on a member: `field` of the body, true or false.
using MemberSwitch = Status (media::GroupRooms::*)(const std::string&, const std::string&,
                                                   const std::string&, bool);
StatusOr<HttpResponse> Switch(ApiServices& services, const HttpRequest& request,
                              const PathParams& params, const char* field,
                              MemberSwitch change) {
  return OnMember(services, request, params,
                  [&](media::GroupRooms& groups, const std::string& id, const Caller& host,
                      const std::string& member, const json& body) -> Status {
                    MC_ASSIGN_OR_RETURN(bool on, BoolField(body, field));
                    return (groups.*change)(id, MemberKey(host.actor.user_id), member, on);
                  });
}

StatusOr<HttpResponse> Mute(ApiServices& services, const HttpRequest& request,
                            const PathParams& params) {
  return Switch(services, request, params, "muted", &media::GroupRooms::Mute);
}

StatusOr<HttpResponse> Stage(ApiServices& services, const HttpRequest& request,
                             const PathParams& params) {
  return Switch(services, request, params, "on_stage", &media::GroupRooms::Stage);
}

StatusOr<HttpResponse> Remove(ApiServices& services, const HttpRequest& request,
                              const PathParams& params) {
  return OnMember(services, request, params,
                  [&](media::GroupRooms& groups, const std::string& id, const Caller& host,
                      const std::string& member, const json&) -> Status {
                    MC_RETURN_IF_ERROR(groups.Remove(id, MemberKey(host.actor.user_id), member));
                    return group_api::AuditGroup(services, host.actor, group_api::kRemove, id,
                                                 member);
                  });
}

StatusOr<HttpResponse> Lock(ApiServices& services, const HttpRequest& request,
                            const PathParams& params) {
  MC_ASSIGN_OR_RETURN(Caller caller, Authenticate(services, request, Intent::kChange));
  MC_ASSIGN_OR_RETURN(media::GroupRooms * groups, Groups(services));
  MC_ASSIGN_OR_RETURN(json body, api::JsonBody(request));
  MC_ASSIGN_OR_RETURN(bool locked, BoolField(body, "locked"));
  const std::string self = MemberKey(caller.actor.user_id);
  MC_RETURN_IF_ERROR(groups->Lock(params.at("id"), self, locked));
  MC_ASSIGN_OR_RETURN(media::Group group, groups->Get(params.at("id"), self));
  return HttpResponse::Json(200, GroupJson(group, self, *groups));
}

StatusOr<HttpResponse> End(ApiServices& services, const HttpRequest& request,
                           const PathParams& params) {
  MC_ASSIGN_OR_RETURN(Caller caller, Authenticate(services, request, Intent::kChange));
  MC_ASSIGN_OR_RETURN(media::GroupRooms * groups, Groups(services));
  MC_RETURN_IF_ERROR(groups->End(params.at("id"), MemberKey(caller.actor.user_id)));
  MC_RETURN_IF_ERROR(
      group_api::AuditGroup(services, caller.actor, group_api::kEnd, params.at("id")));
  return HttpResponse::Json(200, {{"ended", params.at("id")}});
}

}  // namespace

void AddGroupRoutes(Router& router, ApiServices& services) {
  router.Add("POST", "/api/groups", api::Route(services, Create));
  router.Add("GET", "/api/groups", api::Route(services, List));
  router.Add("GET", "/api/groups/{id}", api::Route(services, Show));
  router.Add("DELETE", "/api/groups/{id}", api::Route(services, End));
  router.Add("POST", "/api/groups/{id}/join", api::Route(services, Join));
  router.Add("POST", "/api/groups/{id}/joined", api::Route(services, Joined));
  router.Add("POST", "/api/groups/{id}/lock", api::Route(services, Lock));
  router.Add("POST", "/api/groups/{id}/members/{member}/mute", api::Route(services, Mute));
  router.Add("POST", "/api/groups/{id}/members/{member}/stage", api::Route(services, Stage));
  router.Add("DELETE", "/api/groups/{id}/members/{member}", api::Route(services, Remove));
  AddGroupFloorRoutes(router, services);
  AddGroupAttendanceRoutes(router, services);
}

}  // namespace mc
