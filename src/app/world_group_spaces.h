// Group rooms' spaces as the realtime world's members-only instances of
// the group-room template (docs/voice.md "Group rooms"): media/ asks, the
// world enforces who may enter, see and hear the room.
#pragma once

#include "media/group_rooms.h"
#include "world/world.h"

namespace mc {

class WorldGroupSpaces final : public media::GroupSpaces {
 public:
  explicit WorldGroupSpaces(world::World& world) : world_(world) {}
  StatusOr<std::string> Open(const std::string& template_space,
                             const std::vector<std::string>& members) override {
    return world_.CreatePrivateSpace(template_space, members);
  }
  Status AddMember(const std::string& space, const std::string& member) override {
    return world_.AddMember(space, member);
  }
  Status RemoveMember(const std::string& space, const std::string& member) override {
    return world_.RemoveMember(space, member);
  }
  Status Close(const std::string& space) override {
    return world_.ClosePrivateSpace(space);
  }
  Status NameMember(const std::string& space, const std::string& member,
                    const std::string& name) override {
    return world_.NameMember(space, member, name);
  }

 private:
  world::World& world_;
};

}  // namespace mc
