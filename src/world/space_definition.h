// Space definitions: the data in spaces/*.json that says what a space is
// (bounds, rooms, walls, spawn points, portals, who may enter, how many).
//
// A definition is immutable once loaded and is shared by the world's tick
// and by HTTP handlers (GET /api/spaces). Loading validates everything and
// names the file and field of the first problem. docs/world.md describes the
// format. Functions here are pure and thread-safe.
#pragma once

#include <string>
#include <vector>

#include "core/status.h"
#include "world/geometry.h"
#include "world/space_furniture.h"

namespace mc::world {

enum class AccessPolicy {
  kPublic,       // anyone, guests and bench bots included
  kStaff,        // clinician, nurse, therapist, admin
  kMembersOnly,  // only the instance's members (see World::CreatePrivateSpace)
  kInvite,       // staff, plus people invited (World::AddMember)
};

std::string_view AccessPolicyName(AccessPolicy policy);

// Who may talk in proximity voice where a person stands ("voice" in the
// file, on a zone or the whole space): anyone with voice on, nobody, or staff
// with staff only. A zone without it takes its kind's default: "waiting"
// and "consult" are off (patients should not overhear each other or a
// consultation), "staff" is staff only,
// every other kind open; outside every zone the space's own value applies
// (default open).
enum class VoicePolicy : uint8_t { kOpen, kOff, kStaff };
std::string_view VoicePolicyName(VoicePolicy policy);

// One side of a room's box, on the floor plan.
enum class Side { kNorth, kSouth, kEast, kWest };  // max z, min z, max x, min x

struct Door {
  Side side = Side::kNorth;
  float offset_m = 0;  // centre of the opening from the side's min corner
  float width_m = 1;
};

// A floor zone: a room when `walled` (its sides become walls, doors cut
// openings), else an area (a waiting area, a stage) with no walls.
struct Zone {
  std::string id;
  std::string name;
  std::string kind;  // waiting, consult, staff, corridor, stage, ...
  Box3 box;
  bool walled = false;
  std::vector<Door> doors;
  std::string icon;  // "" or a sign icon (IsIcon) on its door signs
  VoicePolicy voice = VoicePolicy::kOpen;  // resolved at load (see above)
};

struct SpawnPoint {
  Vec3 position;
  float yaw_deg = 0;
};

struct Portal {
  std::string id;
  std::string name;
  Box3 box;              // stepping inside (within 1 m) allows traversal
  std::string target;    // the space id it leads to
  int target_spawn = 0;  // index into the target's spawn points
  std::string colour;    // "" or "#rrggbb": its sign and wayfinding colour
  std::string icon;      // "" or a sign icon (IsIcon)
};

// "instancing" in the file: absent/"shared" or "personal".
enum class Instancing : uint8_t { kShared, kPersonal };

struct SpaceDefinition {
  std::string id;  // [a-z0-9-]{1,64}; private instances add ~<hex>
  std::string name;
  std::string department;  // "" or e.g. "cardiology"
  std::string description;
  AccessPolicy policy = AccessPolicy::kPublic;
  int capacity = 50;
  bool is_template = false;  // only instantiated by CreatePrivateSpace
  // "" or "glucose": each instance runs a BodySimulation (body_simulation.h).
  std::string simulation;
  // "" (indoors), "beach" or "forest": the browser draws the place around
  // it (ground, water, sky, far trees, ambient sound); docs/world.md.
  std::string setting;
  // kPersonal: joining the space puts each person in their own members-only
  // instance of it (World, docs/world.md "Personal instances"); the space
  // itself is never entered. Instances are kShared.
  Instancing instancing = Instancing::kShared;
  Box3 bounds;
  std::vector<Zone> zones;
  std::vector<Segment2> walls;  // explicit walls (segments and box outlines)
  std::vector<SpawnPoint> spawn_points;
  std::vector<Portal> portals;
  std::string colour;  // "" or "#rrggbb": the department's colour
  std::string icon;    // "" or the department's sign icon (IsIcon)
  VoicePolicy voice = VoicePolicy::kOpen;  // outside every zone
  // The interior the browser builds (space_furniture.h), at most
  // kMaxFurniturePerSpace items.
  std::vector<Furniture> furniture;

  // Every wall avatars may not cross: `walls` plus the outlines of walled
  // zones minus their doors, plus the outlines of solid furniture. Computed
  // at load.
  std::vector<Segment2> collision_walls;
  std::string source;  // the file it came from, for messages
};

// Parses and validates one definition from JSON text. `source` names the file
// in errors: InvalidArgument ("bad_space") "spaces/lobby.json: zones[2].box:
// min must be below max".
StatusOr<SpaceDefinition> ParseSpaceDefinition(std::string_view json_text,
                                               std::string_view source);

// Every *.json in `directory`, validated, then checked as a set: ids are
// unique and every portal leads to a defined space. NotFound ("no_spaces")
// when the directory is missing or holds no definition.
StatusOr<std::vector<SpaceDefinition>> LoadSpaceDirectory(
    const std::string& directory);

// The spaces directory: $METACLINIC_SPACES when set, else ./spaces when it
// exists, else the source tree's spaces/.
std::string DefaultSpacesDirectory();

// The definition as JSON for the browser (GET /api/spaces/{id}): the same
// shape as the file, plus "collision_walls".
std::string SpaceDefinitionJson(const SpaceDefinition& space);

// The voice policy at `position`: the smallest zone whose floor plan holds
// it, else the space's own.
VoicePolicy VoicePolicyAt(const SpaceDefinition& space, const Vec3& position);

// Outline of a walled zone as segments, with door openings cut out.
std::vector<Segment2> ZoneWalls(const Zone& zone);

}  // namespace mc::world
