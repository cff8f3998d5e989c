// Group rooms over REST (docs/api.md "Group rooms", docs/voice.md): staff
// who may host open a room for people by login; members list their rooms,
// get credentials for the media server, and the host mutes, removes, locks,
// brings on stage, gives the talking stick and ends; members raise hands
// and report to the host; attendance is kept, nothing said is. The rules are media::GroupRooms'.
#pragma once

#include "net/api.h"
#include "net/router.h"

namespace mc {

void AddGroupRoutes(Router& router, ApiServices& services);
// Raised hands, the talking stick, reports to the host, leaving
// (api_group_floor.cpp); the attendance record (api_group_attendance.cpp).
// AddGroupRoutes adds both.
void AddGroupFloorRoutes(Router& router, ApiServices& services);
void AddGroupAttendanceRoutes(Router& router, ApiServices& services);

}  // namespace mc
