// Group rooms over REST (docs/api.md "Group rooms", docs/voice.md): staff
// who may host open a room for people by login; members list their rooms,
// get credentials for the media server, and the host mutes, removes, locks,
// brings on stage and ends. The rules are media::GroupRooms'.
#pragma once

#include "net/api.h"
#include "net/router.h"

namespace mc {

void AddGroupRoutes(Router& router, ApiServices& services);

}  // namespace mc
