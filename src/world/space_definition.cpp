#include "world/space_definition.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "fmt/format.h"
#include "world/protocol.h"
#include "world/space_field.h"
#include "world/space_furniture.h"

namespace mc::world {
namespace {

using internal::Field;
using nlohmann::json;

bool IsValidId(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

bool Within(const Box3& outer, const Box3& inner) {
  return Contains(outer, inner.min) && Contains(outer, inner.max);
}

StatusOr<AccessPolicy> ParsePolicy(const Field& field) {
  MC_ASSIGN_OR_RETURN(std::string name, field.String());
  if (name == "public") return AccessPolicy::kPublic;
  if (name == "staff") return AccessPolicy::kStaff;
  if (name == "members-only") return AccessPolicy::kMembersOnly;
  if (name == "invite") return AccessPolicy::kInvite;
  return field.Fail("must be one of public, staff, members-only, invite");
}

// "voice" on a zone or the space; `fallback` when absent.
StatusOr<VoicePolicy> ParseVoice(const Field& parent, VoicePolicy fallback) {
  if (!parent.Has("voice")) return fallback;
  const Field field = parent.At("voice");
  MC_ASSIGN_OR_RETURN(std::string name, field.String());
  if (name == "open") return VoicePolicy::kOpen;
  if (name == "off") return VoicePolicy::kOff;
  if (name == "staff") return VoicePolicy::kStaff;
  return field.Fail("must be one of open, off, staff");
}

VoicePolicy ZoneKindVoice(std::string_view kind) {
  if (kind == "waiting" || kind == "consult") return VoicePolicy::kOff;
  if (kind == "staff") return VoicePolicy::kStaff;
  return VoicePolicy::kOpen;
}

StatusOr<Side> ParseSide(const Field& field) {
  MC_ASSIGN_OR_RETURN(std::string name, field.String());
  if (name == "north") return Side::kNorth;
  if (name == "south") return Side::kSouth;
  if (name == "east") return Side::kEast;
  if (name == "west") return Side::kWest;
  return field.Fail("must be one of north, south, east, west");
}

std::string_view SideName(Side side) {
  switch (side) {
    case Side::kNorth:
      return "north";
    case Side::kSouth:
      return "south";
    case Side::kEast:
      return "east";
    case Side::kWest:
      return "west";
  }
  return "north";
}

float SideLength(const Box3& box, Side side) {
  return (side == Side::kNorth || side == Side::kSouth) ? box.max.x - box.min.x
                                                        : box.max.z - box.min.z;
}

StatusOr<Zone> ParseZone(const Field& field) {
  Zone zone;
  MC_ASSIGN_OR_RETURN(zone.id, field.At("id").String());
  if (!IsValidId(zone.id))
    return field.At("id").Fail("must match [a-z0-9-]{1,64}");
  MC_ASSIGN_OR_RETURN(zone.name, field.OptionalString("name"));
  MC_ASSIGN_OR_RETURN(zone.kind, field.OptionalString("kind"));
  MC_ASSIGN_OR_RETURN(zone.box, field.At("box").Box());
  MC_ASSIGN_OR_RETURN(zone.walled, field.OptionalBool("walled"));
  MC_ASSIGN_OR_RETURN(zone.icon, internal::OptionalIcon(field));
  MC_ASSIGN_OR_RETURN(zone.voice, ParseVoice(field, ZoneKindVoice(zone.kind)));
  if (field.Has("doors")) {
    const Field doors = field.At("doors");
    MC_RETURN_IF_ERROR(doors.Array());
    for (size_t i = 0; i < doors.value().size(); ++i) {
      const Field entry = doors.At(i);
      Door door;
      MC_ASSIGN_OR_RETURN(door.side, ParseSide(entry.At("side")));
      MC_ASSIGN_OR_RETURN(door.offset_m, entry.At("offset").Number());
      MC_ASSIGN_OR_RETURN(door.width_m, entry.At("width").Number());
      const float length = SideLength(zone.box, door.side);
      if (door.width_m <= 0.5f)
        return entry.At("width").Fail("must be over 0.5 m");
      if (door.offset_m - door.width_m / 2 < 0 ||
          door.offset_m + door.width_m / 2 > length) {
        return entry.At("offset").Fail(
            fmt::format("the opening must lie within the {} side ({} m long)",
                        SideName(door.side), length));
      }
      zone.doors.push_back(door);
    }
  }
  return zone;
}

StatusOr<Segment2> ParseWallSegment(const Field& field) {
  Segment2 wall;
  MC_ASSIGN_OR_RETURN(wall.from, field.At("from").Point2());
  MC_ASSIGN_OR_RETURN(wall.to, field.At("to").Point2());
  if (wall.from.x == wall.to.x && wall.from.z == wall.to.z) {
    return field.Fail("from and to must differ");
  }
  return wall;
}

Status ParseWalls(const Field& field, SpaceDefinition& space) {
  MC_RETURN_IF_ERROR(field.Array());
  for (size_t i = 0; i < field.value().size(); ++i) {
    const Field entry = field.At(i);
    if (entry.Has("box")) {
      // A solid block on the floor plan, e.g. a pillar or a desk.
      const Field box = entry.At("box");
      Vec2 min, max;
      MC_ASSIGN_OR_RETURN(min, box.At("min").Point2());
      MC_ASSIGN_OR_RETURN(max, box.At("max").Point2());
      if (!(min.x < max.x && min.z < max.z))
        return box.Fail("min must be below max");
      const Vec2 corners[4] = {min, {max.x, min.z}, max, {min.x, max.z}};
      for (int k = 0; k < 4; ++k) {
        space.walls.push_back({corners[k], corners[(k + 1) % 4]});
      }
    } else {
      MC_ASSIGN_OR_RETURN(Segment2 wall, ParseWallSegment(entry));
      space.walls.push_back(wall);
    }
  }
  return Status();
}

StatusOr<Portal> ParsePortal(const Field& field) {
  Portal portal;
  MC_ASSIGN_OR_RETURN(portal.id, field.At("id").String());
  if (!IsValidId(portal.id))
    return field.At("id").Fail("must match [a-z0-9-]{1,64}");
  MC_ASSIGN_OR_RETURN(portal.name, field.OptionalString("name"));
  MC_ASSIGN_OR_RETURN(portal.box, field.At("box").Box());
  MC_ASSIGN_OR_RETURN(portal.target, field.At("target").String());
  if (field.Has("target_spawn")) {
    const json& value = field.At("target_spawn").value();
    if (!value.is_number_integer() || value.get<int>() < 0) {
      return field.At("target_spawn").Fail("must be a non-negative integer");
    }
    portal.target_spawn = value.get<int>();
  }
  MC_ASSIGN_OR_RETURN(portal.colour, internal::OptionalColour(field));
  MC_ASSIGN_OR_RETURN(portal.icon, internal::OptionalIcon(field));
  return portal;
}

Status ParseBody(const Field& root, SpaceDefinition& space) {
  if (!root.value().is_object()) return root.Fail("must be a JSON object");
  static const std::set<std::string> kKnown = {
      "id",           "name",     "department", "description", "policy",
      "capacity",     "template", "bounds",     "zones",       "walls",
      "spawn_points", "portals",  "simulation", "instancing",  "colour",
      "icon",         "furniture", "voice",      "setting"};
  for (const auto& [key, value] : root.value().items()) {
    if (!kKnown.count(key)) return root.At(key.c_str()).Fail("unknown field");
  }
  MC_ASSIGN_OR_RETURN(space.id, root.At("id").String());
  if (!IsValidId(space.id))
    return root.At("id").Fail("must match [a-z0-9-]{1,64}");
  MC_ASSIGN_OR_RETURN(space.name, root.At("name").String());
  MC_ASSIGN_OR_RETURN(space.department, root.OptionalString("department"));
  MC_ASSIGN_OR_RETURN(space.description, root.OptionalString("description"));
  MC_ASSIGN_OR_RETURN(space.colour, internal::OptionalColour(root));
  MC_ASSIGN_OR_RETURN(space.icon, internal::OptionalIcon(root));
  MC_ASSIGN_OR_RETURN(space.policy, ParsePolicy(root.At("policy")));
  MC_ASSIGN_OR_RETURN(space.voice, ParseVoice(root, VoicePolicy::kOpen));
  MC_ASSIGN_OR_RETURN(space.is_template, root.OptionalBool("template"));
  MC_ASSIGN_OR_RETURN(space.simulation, root.OptionalString("simulation"));
  if (!space.simulation.empty() && space.simulation != "glucose")
    return root.At("simulation").Fail("must be \"glucose\" when present");
  MC_ASSIGN_OR_RETURN(space.setting, root.OptionalString("setting"));
  if (!space.setting.empty() && space.setting != "beach" &&
      space.setting != "forest")
    return root.At("setting").Fail("must be \"beach\" or \"forest\"");
  {
    MC_ASSIGN_OR_RETURN(const std::string instancing,
                        root.OptionalString("instancing"));
    if (instancing == "personal") {
      space.instancing = Instancing::kPersonal;
    } else if (!instancing.empty() && instancing != "shared") {
      return root.At("instancing")
          .Fail("must be \"shared\" or \"personal\" when present");
    }
  }
  {
    const Field capacity = root.At("capacity");
    if (!capacity.value().is_number_integer() ||
        capacity.value().get<int64_t>() < 1 ||
        capacity.value().get<int64_t>() > 100000) {
      return capacity.Fail("must be an integer from 1 to 100000");
    }
    space.capacity = capacity.value().get<int>();
  }
  MC_ASSIGN_OR_RETURN(space.bounds, root.At("bounds").Box());
  const Vec3 extent = {space.bounds.max.x - space.bounds.min.x,
                       space.bounds.max.y - space.bounds.min.y,
                       space.bounds.max.z - space.bounds.min.z};
  if (std::max({extent.x, extent.y, extent.z}) > protocol::kMaxSpaceExtentM) {
    return root.At("bounds").Fail(
        fmt::format("must be at most {} m on every axis (1 cm quantization)",
                    protocol::kMaxSpaceExtentM));
  }
  if (root.Has("zones")) {
    const Field zones = root.At("zones");
    MC_RETURN_IF_ERROR(zones.Array());
    std::set<std::string> ids;
    for (size_t i = 0; i < zones.value().size(); ++i) {
      MC_ASSIGN_OR_RETURN(Zone zone, ParseZone(zones.At(i)));
      if (!Within(space.bounds, zone.box))
        return zones.At(i).At("box").Fail("must lie inside bounds");
      if (!ids.insert(zone.id).second)
        return zones.At(i).At("id").Fail("duplicate zone id");
      space.zones.push_back(std::move(zone));
    }
  }
  if (root.Has("walls"))
    MC_RETURN_IF_ERROR(ParseWalls(root.At("walls"), space));
  {
    const Field spawns = root.At("spawn_points");
    MC_RETURN_IF_ERROR(spawns.Array());
    if (spawns.value().empty())
      return spawns.Fail("needs at least one spawn point");
    for (size_t i = 0; i < spawns.value().size(); ++i) {
      const Field entry = spawns.At(i);
      SpawnPoint spawn;
      MC_ASSIGN_OR_RETURN(spawn.position, entry.At("position").Point3());
      if (entry.Has("yaw_deg")) {
        MC_ASSIGN_OR_RETURN(spawn.yaw_deg, entry.At("yaw_deg").Number());
      }
      if (!Contains(space.bounds, spawn.position)) {
        return entry.At("position").Fail("must lie inside bounds");
      }
      space.spawn_points.push_back(spawn);
    }
  }
  if (root.Has("portals")) {
    const Field portals = root.At("portals");
    MC_RETURN_IF_ERROR(portals.Array());
    std::set<std::string> ids;
    for (size_t i = 0; i < portals.value().size(); ++i) {
      MC_ASSIGN_OR_RETURN(Portal portal, ParsePortal(portals.At(i)));
      if (!Within(space.bounds, portal.box))
        return portals.At(i).At("box").Fail("must lie inside bounds");
      if (!ids.insert(portal.id).second)
        return portals.At(i).At("id").Fail("duplicate portal id");
      space.portals.push_back(std::move(portal));
    }
  }
  if (root.Has("furniture")) {
    MC_ASSIGN_OR_RETURN(
        space.furniture,
        internal::ParseFurniture(root.At("furniture"), space.bounds));
  }
  return Status();
}

json Point(const Vec3& v) { return json::array({v.x, v.y, v.z}); }
json Point(const Vec2& v) { return json::array({v.x, v.z}); }
json BoxJson(const Box3& box) {
  return {{"min", Point(box.min)}, {"max", Point(box.max)}};
}

}  // namespace

std::string_view AccessPolicyName(AccessPolicy policy) {
  switch (policy) {
    case AccessPolicy::kPublic:
      return "public";
    case AccessPolicy::kStaff:
      return "staff";
    case AccessPolicy::kMembersOnly:
      return "members-only";
    case AccessPolicy::kInvite:
      return "invite";
  }
  return "public";
}

std::string_view VoicePolicyName(VoicePolicy policy) {
  switch (policy) {
    case VoicePolicy::kOpen:
      return "open";
    case VoicePolicy::kOff:
      return "off";
    case VoicePolicy::kStaff:
      return "staff";
  }
  return "open";
}

VoicePolicy VoicePolicyAt(const SpaceDefinition& space, const Vec3& position) {
  const Zone* best = nullptr;
  float best_area = 0;
  for (const Zone& zone : space.zones) {
    const Box3& box = zone.box;
    if (position.x < box.min.x || position.x > box.max.x ||
        position.z < box.min.z || position.z > box.max.z)
      continue;
    const float area = (box.max.x - box.min.x) * (box.max.z - box.min.z);
    if (best == nullptr || area < best_area) {
      best = &zone;
      best_area = area;
    }
  }
  return best != nullptr ? best->voice : space.voice;
}

std::vector<Segment2> ZoneWalls(const Zone& zone) {
  std::vector<Segment2> walls;
  if (!zone.walled) return walls;
  const Box3& b = zone.box;
  struct SideLine {
    Side side;
    Vec2 from;
    Vec2 to;
  };
  const SideLine sides[4] = {
      {Side::kSouth, {b.min.x, b.min.z}, {b.max.x, b.min.z}},
      {Side::kNorth, {b.min.x, b.max.z}, {b.max.x, b.max.z}},
      {Side::kWest, {b.min.x, b.min.z}, {b.min.x, b.max.z}},
      {Side::kEast, {b.max.x, b.min.z}, {b.max.x, b.max.z}},
  };
  for (const SideLine& line : sides) {
    const bool along_x = line.side == Side::kNorth || line.side == Side::kSouth;
    const float start = along_x ? line.from.x : line.from.z;
    const float length =
        along_x ? line.to.x - line.from.x : line.to.z - line.from.z;
    // Openings on this side, sorted, as [begin, end) offsets.
    std::vector<std::pair<float, float>> openings;
    for (const Door& door : zone.doors) {
      if (door.side != line.side) continue;
      openings.emplace_back(door.offset_m - door.width_m / 2,
                            door.offset_m + door.width_m / 2);
    }
    std::sort(openings.begin(), openings.end());
    float cursor = 0;
    auto emit = [&](float from, float to) {
      if (to - from < 1e-3f) return;
      if (along_x) {
        walls.push_back(
            {{start + from, line.from.z}, {start + to, line.from.z}});
      } else {
        walls.push_back(
            {{line.from.x, start + from}, {line.from.x, start + to}});
      }
    };
    for (const auto& [begin, end] : openings) {
      emit(cursor, begin);
      cursor = std::max(cursor, end);
    }
    emit(cursor, length);
  }
  return walls;
}

StatusOr<SpaceDefinition> ParseSpaceDefinition(std::string_view json_text,
                                               std::string_view source) {
  json root = json::parse(json_text.begin(), json_text.end(), nullptr,
                          /*allow_exceptions=*/false);
  if (root.is_discarded()) {
    return InvalidArgument("bad_space",
                           fmt::format("{}: not valid JSON", source));
  }
  SpaceDefinition space;
  space.source = std::string(source);
  MC_RETURN_IF_ERROR(ParseBody(Field(source, root, ""), space));
  space.collision_walls = space.walls;
  for (const Zone& zone : space.zones) {
    for (const Segment2& wall : ZoneWalls(zone))
      space.collision_walls.push_back(wall);
  }
  for (const Furniture& item : space.furniture) {
    if (!item.solid) continue;
    for (const Segment2& wall : FurnitureOutline(item))
      space.collision_walls.push_back(wall);
  }
  return space;
}

StatusOr<std::vector<SpaceDefinition>> LoadSpaceDirectory(
    const std::string& directory) {
  namespace fs = std::filesystem;
  std::error_code error;
  if (!fs::is_directory(directory, error)) {
    return NotFound(
        "no_spaces",
        fmt::format("spaces directory {} does not exist", directory));
  }
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(directory, error)) {
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  if (files.empty()) {
    return NotFound(
        "no_spaces",
        fmt::format("no space definitions (*.json) in {}", directory));
  }
  std::vector<SpaceDefinition> spaces;
  std::map<std::string, size_t> by_id;
  for (const fs::path& file : files) {
    std::ifstream in(file);
    std::stringstream text;
    text << in.rdbuf();
    if (!in) {
      return InvalidArgument("bad_space",
                             fmt::format("{}: cannot read", file.string()));
    }
    MC_ASSIGN_OR_RETURN(SpaceDefinition space,
                        ParseSpaceDefinition(text.str(), file.string()));
    if (!by_id.emplace(space.id, spaces.size()).second) {
      return InvalidArgument(
          "bad_space",
          fmt::format("{}: id: \"{}\" is already defined by {}", file.string(),
                      space.id, spaces[by_id[space.id]].source));
    }
    spaces.push_back(std::move(space));
  }
  for (const SpaceDefinition& space : spaces) {
    for (size_t i = 0; i < space.portals.size(); ++i) {
      const Portal& portal = space.portals[i];
      auto target = by_id.find(portal.target);
      if (target == by_id.end()) {
        return InvalidArgument(
            "bad_space", fmt::format("{}: portals[{}].target: no space \"{}\"",
                                     space.source, i, portal.target));
      }
      const SpaceDefinition& destination = spaces[target->second];
      if (portal.target_spawn >=
          static_cast<int>(destination.spawn_points.size())) {
        return InvalidArgument(
            "bad_space",
            fmt::format(
                "{}: portals[{}].target_spawn: \"{}\" has {} spawn points",
                space.source, i, portal.target,
                destination.spawn_points.size()));
      }
    }
  }
  return spaces;
}

std::string DefaultSpacesDirectory() {
  namespace fs = std::filesystem;
  if (const char* env = std::getenv("METACLINIC_SPACES")) return env;
  std::error_code error;
  if (fs::is_directory("spaces", error)) return "spaces";
  if (const char* source = std::getenv("METACLINIC_SOURCE_DIR")) {
    return std::string(source) + "/spaces";
  }
  return std::string(METACLINIC_SOURCE_DIR_DEFAULT) + "/spaces";
}

std::string SpaceDefinitionJson(const SpaceDefinition& space) {
  json zones = json::array();
  for (const Zone& zone : space.zones) {
    json doors = json::array();
    for (const Door& door : zone.doors) {
      doors.push_back({{"side", SideName(door.side)},
                       {"offset", door.offset_m},
                       {"width", door.width_m}});
    }
    zones.push_back({{"id", zone.id},
                     {"name", zone.name},
                     {"kind", zone.kind},
                     {"box", BoxJson(zone.box)},
                     {"walled", zone.walled},
                     {"doors", doors},
                     {"voice", VoicePolicyName(zone.voice)}});
    if (!zone.icon.empty()) zones.back()["icon"] = zone.icon;
  }
  auto segments = [](const std::vector<Segment2>& walls) {
    json out = json::array();
    for (const Segment2& wall : walls) {
      out.push_back({{"from", Point(wall.from)}, {"to", Point(wall.to)}});
    }
    return out;
  };
  json spawns = json::array();
  for (const SpawnPoint& spawn : space.spawn_points) {
    spawns.push_back(
        {{"position", Point(spawn.position)}, {"yaw_deg", spawn.yaw_deg}});
  }
  json portals = json::array();
  for (const Portal& portal : space.portals) {
    portals.push_back({{"id", portal.id},
                       {"name", portal.name},
                       {"box", BoxJson(portal.box)},
                       {"target", portal.target},
                       {"target_spawn", portal.target_spawn}});
    if (!portal.colour.empty()) portals.back()["colour"] = portal.colour;
    if (!portal.icon.empty()) portals.back()["icon"] = portal.icon;
  }
  json out = {{"id", space.id},
              {"name", space.name},
              {"department", space.department},
              {"description", space.description},
              {"policy", AccessPolicyName(space.policy)},
              {"voice", VoicePolicyName(space.voice)},
              {"capacity", space.capacity},
              {"template", space.is_template},
              {"bounds", BoxJson(space.bounds)},
              {"zones", zones},
              {"walls", segments(space.walls)},
              {"collision_walls", segments(space.collision_walls)},
              {"spawn_points", spawns},
              {"portals", portals},
              {"furniture", internal::FurnitureJson(space.furniture)}};
  if (!space.colour.empty()) out["colour"] = space.colour;
  if (!space.icon.empty()) out["icon"] = space.icon;
  if (!space.simulation.empty()) out["simulation"] = space.simulation;
  if (!space.setting.empty()) out["setting"] = space.setting;
  if (space.instancing == Instancing::kPersonal) out["instancing"] = "personal";
  return out.dump();
}

}  // namespace mc::world
