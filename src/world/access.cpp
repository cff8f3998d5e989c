#include "world/access.h"

#include "core/roles.h"
#include "fmt/format.h"

namespace mc::world {

std::string MemberKeyFor(const ClientIdentity& client) {
  if (client.user_id > 0) return fmt::format("user:{}", client.user_id);
  if (client.role == kGuestRole && !client.guest_purpose.empty()) {
    return "guest:" + client.guest_purpose;
  }
  return "";
}

Status CheckJoin(const SpaceDefinition& space, const ClientIdentity& client,
                 bool is_member, int population) {
  if (space.is_template) {
    return PermissionDenied("space_is_template",
                            fmt::format("\"{}\" is a template; join one of its "
                                        "instances",
                                        space.id));
  }
  if (client.role == "bot" && space.policy != AccessPolicy::kPublic) {
    return PermissionDenied("bots_public_only",
                            "bench bots may only enter public spaces");
  }
  switch (space.policy) {
    case AccessPolicy::kPublic:
      break;
    case AccessPolicy::kStaff:
      if (!IsStaffRole(client.role)) {
        return PermissionDenied(
            "staff_only", fmt::format("{} is for staff only", space.name));
      }
      break;
    case AccessPolicy::kMembersOnly:
      if (!is_member) {
        return PermissionDenied(
            "members_only",
            fmt::format("{} is for its members only", space.name));
      }
      break;
    case AccessPolicy::kInvite:
      if (!is_member && !IsStaffRole(client.role)) {
        return PermissionDenied(
            "invite_only", fmt::format("{} needs an invitation", space.name));
      }
      break;
  }
  if (population >= space.capacity) {
    return ResourceExhausted(
        "space_full",
        fmt::format("{} is full ({} people)", space.name, space.capacity));
  }
  return Status();
}

protocol::EntityKind EntityKindFor(const ClientIdentity& client) {
  if (client.role == "bot") return protocol::EntityKind::kBot;
  if (client.role == kGuestRole) return protocol::EntityKind::kGuest;
  if (IsStaffRole(client.role)) return protocol::EntityKind::kStaff;
  return protocol::EntityKind::kPerson;
}

}  // namespace mc::world
