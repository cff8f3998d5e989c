// The attendance record of group rooms, for their host (issue 16: "nothing
// said in a group is stored; attendance is"): the rooms a host opened, and
// for each who came in and left when, read back from the audit log, where
// the room routes wrote it (api_groups_internal.h). It outlives the room.
// Reading it is itself audited.
#include <algorithm>
#include <map>

#include "core/clock.h"
#include "net/api_context.h"
#include "net/api_groups.h"
#include "net/api_groups_internal.h"
#include "records/audit_log.h"

namespace mc {

using api::Authenticate;
using api::Caller;
using api::Intent;
using nlohmann::json;

namespace {

constexpr int64_t kMaxRows = 500;

StatusOr<AuditLog*> Log(ApiServices& services) {
  if (services.audit == nullptr)
    return Unavailable("attendance_unavailable",
                       "no attendance record is kept here");
  return services.audit;
}

// The rooms `host` opened, newest first (at most 100).
StatusOr<std::vector<AuditRow>> Hosted(AuditLog& log, int64_t host) {
  AuditFilter filter;
  filter.actor_user_id = host;
  filter.action = group_api::kCreated;
  filter.outcome = "success";
  filter.limit = 100;
  return log.Search(filter);
}

std::string TitleOf(const AuditRow& created) {
  constexpr std::string_view kPrefix = "title: ";
  return created.purpose.rfind(kPrefix, 0) == 0
             ? created.purpose.substr(kPrefix.size())
             : created.purpose;
}

std::string RoomIdOf(const AuditRow& row) {
  return row.resource.substr(group_api::RoomResource("").size());
}

StatusOr<HttpResponse> ListHosted(ApiServices& services,
                                  const HttpRequest& request,
                                  const PathParams&) {
  MC_ASSIGN_OR_RETURN(Caller caller,
                      Authenticate(services, request, Intent::kRead));
  MC_ASSIGN_OR_RETURN(AuditLog * log, Log(services));
  MC_ASSIGN_OR_RETURN(std::vector<AuditRow> rows,
                      Hosted(*log, caller.actor.user_id));
  json rooms = json::array();
  for (const AuditRow& row : rows)
    rooms.push_back({{"id", RoomIdOf(row)},
                     {"title", TitleOf(row)},
                     {"opened_at", FormatIsoUtc(row.time_unix_ms)}});
  return HttpResponse::Json(200, {{"rooms", rooms}});
}

// One stay in the room: from a join to a leave, a removal or the end.
struct Stay {
  int64_t user_id = 0;
  int64_t joined_ms = 0;
  int64_t left_ms = 0;  // 0: no departure recorded (still inside)
  std::string how;      // "left", "removed", "room ended", ""
};

std::vector<Stay> StaysOf(const std::vector<AuditRow>& oldest_first) {
  std::vector<Stay> stays;
  std::map<int64_t, size_t> open;  // user id -> index in stays
  for (const AuditRow& row : oldest_first) {
    const int64_t member = group_api::UserIdOf(row.purpose);
    if (row.action == group_api::kJoin) {
      open[member] = stays.size();
      stays.push_back({member, row.time_unix_ms, 0, ""});
    } else if (row.action == group_api::kLeave ||
               row.action == group_api::kRemove) {
      auto found = open.find(member);
      if (found == open.end()) continue;
      stays[found->second].left_ms = row.time_unix_ms;
      stays[found->second].how =
          row.action == group_api::kLeave ? "left" : "removed";
      open.erase(found);
    } else if (row.action == group_api::kEnd) {
      for (const auto& [user, index] : open) {
        stays[index].left_ms = row.time_unix_ms;
        stays[index].how = "room ended";
      }
      open.clear();
    }
  }
  return stays;
}

StatusOr<HttpResponse> Attendance(ApiServices& services,
                                  const HttpRequest& request,
                                  const PathParams& params) {
  MC_ASSIGN_OR_RETURN(Caller caller,
                      Authenticate(services, request, Intent::kRead));
  MC_ASSIGN_OR_RETURN(AuditLog * log, Log(services));
  const std::string& id = params.at("id");
  // Only the room's host: whoever opened it.
  AuditFilter created;
  created.action = group_api::kCreated;
  created.resource = group_api::RoomResource(id);
  created.limit = 1;
  MC_ASSIGN_OR_RETURN(std::vector<AuditRow> opened, log->Search(created));
  if (opened.empty() || opened[0].actor_user_id != caller.actor.user_id)
    return NotFound("group_not_found", "no group room of yours has that id");
  AuditFilter filter;
  filter.action = "group.";
  filter.resource = group_api::RoomResource(id);
  filter.limit = kMaxRows;
  MC_ASSIGN_OR_RETURN(std::vector<AuditRow> rows, log->Search(filter));
  std::reverse(rows.begin(), rows.end());
  MC_RETURN_IF_ERROR(group_api::AuditGroup(services, caller.actor,
                                           "group.attendance.read", id));

  std::map<int64_t, std::string> names;
  const Actor system{0, "system"};
  if (auto users = services.accounts.ListUsers(system); users.ok())
    for (const UserRow& user : *users)
      names[user.id] =
          user.display_name.empty() ? user.login : user.display_name;
  json stays = json::array();
  for (const Stay& stay : StaysOf(rows)) {
    stays.push_back(
        {{"user_id", stay.user_id},
         {"name",
          names.count(stay.user_id) ? names[stay.user_id] : "a former account"},
         {"joined_at", FormatIsoUtc(stay.joined_ms)},
         {"left_at",
          stay.left_ms != 0 ? json(FormatIsoUtc(stay.left_ms)) : json(nullptr)},
         {"how", stay.how.empty() ? json(nullptr) : json(stay.how)}});
  }
  const bool ended = std::any_of(
      rows.begin(), rows.end(),
      [](const AuditRow& row) { return row.action == group_api::kEnd; });
  return HttpResponse::Json(
      200, {{"id", id},
            {"title", TitleOf(opened[0])},
            {"opened_at", FormatIsoUtc(opened[0].time_unix_ms)},
            {"ended", ended},
            {"stays", stays}});
}

}  // namespace

void AddGroupAttendanceRoutes(Router& router, ApiServices& services) {
  router.Add("GET", "/api/group-attendance", api::Route(services, ListHosted));
  router.Add("GET", "/api/group-attendance/{id}",
             api::Route(services, Attendance));
}

}  // namespace mc
