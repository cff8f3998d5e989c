#include "app/world_consult_rooms.h"

#include "world/access.h"

namespace mc {

StatusOr<std::string> WorldConsultRooms::Open(const care::ConsultRoomRequest& request) {
  std::vector<std::string> members;
  const auto member = [](int64_t user_id, const std::string& purpose) {
    ClientIdentity identity;
    identity.user_id = user_id;
    identity.role = user_id == 0 ? "guest" : "member";
    identity.guest_purpose = purpose;
    return world::MemberKeyFor(identity);
  };
  if (request.patient_user_id != 0) members.push_back(member(request.patient_user_id, ""));
  members.push_back(member(request.clinician_user_id, ""));
  if (!request.guest_purpose.empty()) members.push_back(member(0, request.guest_purpose));
  return world_.CreatePrivateSpace(request.template_space, members);
}

Status WorldConsultRooms::Close(const std::string& room) {
  return world_.ClosePrivateSpace(room);
}

}  // namespace mc
