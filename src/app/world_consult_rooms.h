// The clinic's consult rooms as the realtime world's private, members-only
// space instances: care/ asks for a room, the world enforces who may enter,
// see and hear it (docs/world.md "Private instances").
#pragma once

#include "care/visit_desk.h"
#include "world/world.h"

namespace mc {

class WorldConsultRooms final : public care::ConsultRooms {
 public:
  explicit WorldConsultRooms(world::World& world) : world_(world) {}

  // Members: the patient's account, the clinician, and the visit-link guests
  // of the appointment.
  StatusOr<std::string> Open(const care::ConsultRoomRequest& request) override;
  Status Close(const std::string& room) override;

 private:
  world::World& world_;
};

}  // namespace mc
