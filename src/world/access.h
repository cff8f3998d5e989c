// Who may enter a space: the space's AccessPolicy against the client's role
// and membership. Pure functions; thread-safe.
#pragma once

#include <string>

#include "core/status.h"
#include "world/protocol.h"
#include "world/realtime_gateway.h"
#include "world/space_definition.h"

namespace mc::world {

// The key a member list holds for `client`: "user:<id>" for an account,
// "guest:<purpose>" for a visit-link guest (e.g. "guest:appointment:42"),
// "" for anyone else (bench bots), who can never be a member.
std::string MemberKeyFor(const ClientIdentity& client);

// OK when `client` may enter `space`, else PermissionDenied with a stable
// code: "bots_public_only", "staff_only", "members_only", "invite_only",
// "space_is_template"; or ResourceExhausted "space_full" when `population`
// has reached the capacity.
Status CheckJoin(const SpaceDefinition& space, const ClientIdentity& client,
                 bool is_member, int population);

// How the client is shown to others in snapshots.
protocol::EntityKind EntityKindFor(const ClientIdentity& client);

}  // namespace mc::world
