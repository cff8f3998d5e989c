// What the group rooms' REST files share (api_groups.cpp: rooms and host
// switches; api_group_floor.cpp: hands, the talking stick, reports, leaving;
// api_group_attendance.cpp: the attendance record). Not a public header.
#pragma once

#include <cstdint>
#include <string>

#include "core/status.h"
#include "media/group_rooms.h"
#include "net/api.h"
#include "nlohmann/json.hpp"

namespace mc::group_api {

std::string MemberKey(int64_t user_id);
int64_t UserIdOf(const std::string& key);
// Unavailable ("groups_unavailable") when the server runs without them.
StatusOr<media::GroupRooms*> Groups(ApiServices& services);
// The room as `viewer` may see it: names as each member chose to show them
// (the host sees whole names), the reports only for the host, the shared
// pacer, and `rooms`' clock now (server_time_ms).
nlohmann::json GroupJson(const media::Group& group, const std::string& viewer,
                         const media::GroupRooms& rooms);

// body[name] as true or false; InvalidArgument ("invalid_field") else.
StatusOr<bool> BoolField(const nlohmann::json& body, const char* name);

// The attendance record lives in the audit log (so it outlives the room and
// the process and cannot be edited): each row's resource is
// "GroupRoom/<id>"; joins, leaves and removals name the member in purpose
// as "member:<user id>". Nothing said in a room is ever stored.
inline constexpr char kCreated[] = "group.create";
inline constexpr char kJoin[] = "group.join";
inline constexpr char kLeave[] = "group.leave";
inline constexpr char kRemove[] = "group.remove";
inline constexpr char kEnd[] = "group.end";
inline constexpr char kReport[] = "group.report";
std::string RoomResource(const std::string& id);
// Appends one row; without an audit log (tests) nothing.
Status AuditGroup(ApiServices& services, const Actor& actor,
                  const std::string& action, const std::string& id,
                  const std::string& purpose = "");

}  // namespace mc::group_api
