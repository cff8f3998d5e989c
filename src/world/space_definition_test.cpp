#include "world/space_definition.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "testing/temp_dir.h"

namespace mc::world {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

std::string SourceDir() {
  if (const char* dir = std::getenv("METACLINIC_SOURCE_DIR")) return dir;
  return METACLINIC_SOURCE_DIR_FALLBACK;
}

json Minimal() {
  return json::parse(R"({
    "id": "room", "name": "Room", "policy": "public", "capacity": 10,
    "bounds": {"min": [-10, 0, -10], "max": [10, 4, 10]},
    "spawn_points": [{"position": [0, 0, 0]}]
  })");
}

std::string ErrorOf(const json& space) {
  auto parsed = ParseSpaceDefinition(space.dump(), "spaces/room.json");
  if (parsed.ok()) return "ok";
  EXPECT_EQ(ErrorCode(parsed.status()), "bad_space");
  return MessageOf(parsed.status());
}

TEST(SpaceDefinition, DemoHospitalLoadsAndIsComplete) {
  auto spaces = LoadSpaceDirectory(SourceDir() + "/spaces");
  ASSERT_TRUE(spaces.ok()) << MessageOf(spaces.status());
  std::map<std::string, const SpaceDefinition*> by_id;
  for (const auto& space : *spaces) by_id[space.id] = &space;
  ASSERT_TRUE(by_id.count("lobby"));
  const SpaceDefinition& lobby = *by_id["lobby"];
  EXPECT_GE(lobby.capacity, 10000);
  for (const char* department :
       {"cardiology", "dermatology", "endocrinology", "mental-health",
        "rehabilitation", "education"}) {
    SCOPED_TRACE(department);
    EXPECT_TRUE(
        std::any_of(lobby.portals.begin(), lobby.portals.end(),
                    [&](const Portal& p) { return p.target == department; }));
    ASSERT_TRUE(by_id.count(department));
    EXPECT_EQ(by_id[std::string(department) + "-staff"]->policy,
              AccessPolicy::kStaff);
    const SpaceDefinition* consult =
        by_id[std::string(department) + "-consult"];
    ASSERT_NE(consult, nullptr);
    EXPECT_TRUE(consult->is_template);
    EXPECT_EQ(consult->policy, AccessPolicy::kMembersOnly);
    const auto& zones = by_id[department]->zones;
    EXPECT_TRUE(std::any_of(zones.begin(), zones.end(),
                            [](const Zone& z) { return z.kind == "waiting"; }));
  }
  for (const char* id : {"therapy-beach", "therapy-forest", "anatomy-hall",
                         "skills-lab", "body-explorer", "conference-room"}) {
    EXPECT_TRUE(by_id.count(id)) << id;
  }
  EXPECT_EQ(by_id["body-explorer"]->department, "education");
}

TEST(SpaceDefinition, MinimalIsValid) { EXPECT_EQ(ErrorOf(Minimal()), "ok"); }

TEST(SpaceDefinition, NotJson) {
  auto parsed = ParseSpaceDefinition("{", "spaces/x.json");
  ASSERT_FALSE(parsed.ok());
  EXPECT_THAT(MessageOf(parsed.status()),
              HasSubstr("spaces/x.json: not valid JSON"));
}

TEST(SpaceDefinition, MissingFieldNamesFileAndField) {
  json space = Minimal();
  space.erase("name");
  EXPECT_EQ(ErrorOf(space), "spaces/room.json: name: must be a string");
}

TEST(SpaceDefinition, UnknownFieldIsRejected) {
  json space = Minimal();
  space["color"] = "blue";  // the field is spelt "colour"
  EXPECT_THAT(ErrorOf(space), HasSubstr("color: unknown field"));
}

TEST(SpaceDefinition, BadId) {
  json space = Minimal();
  space["id"] = "Lobby!";
  EXPECT_THAT(ErrorOf(space), HasSubstr("id: must match"));
}

TEST(SpaceDefinition, BadPolicy) {
  json space = Minimal();
  space["policy"] = "friends";
  EXPECT_THAT(ErrorOf(space), HasSubstr("policy: must be one of"));
}

TEST(SpaceDefinition, BadCapacity) {
  json space = Minimal();
  space["capacity"] = 0;
  EXPECT_THAT(ErrorOf(space), HasSubstr("capacity: must be an integer"));
}

TEST(SpaceDefinition, InvertedBounds) {
  json space = Minimal();
  space["bounds"]["min"][0] = 20;
  EXPECT_THAT(ErrorOf(space), HasSubstr("bounds: min must be below max"));
}

TEST(SpaceDefinition, BoundsTooLargeForCentimetreQuantization) {
  json space = Minimal();
  space["bounds"]["max"][0] = 1000;
  EXPECT_THAT(ErrorOf(space), HasSubstr("bounds: must be at most 655 m"));
}

TEST(SpaceDefinition, NonNumberCoordinate) {
  json space = Minimal();
  space["bounds"]["max"][1] = "high";
  EXPECT_THAT(ErrorOf(space), HasSubstr("bounds.max[1]: must be a number"));
}

TEST(SpaceDefinition, NoSpawnPoints) {
  json space = Minimal();
  space["spawn_points"] = json::array();
  EXPECT_THAT(ErrorOf(space), HasSubstr("spawn_points: needs at least one"));
}

TEST(SpaceDefinition, SpawnOutsideBounds) {
  json space = Minimal();
  space["spawn_points"][0]["position"] = {50, 0, 0};
  EXPECT_THAT(ErrorOf(space),
              HasSubstr("spawn_points[0].position: must lie inside bounds"));
}

TEST(SpaceDefinition, ZoneOutsideBounds) {
  json space = Minimal();
  space["zones"] =
      json::parse(R"([{"id": "a", "box": {"min": [0,0,0], "max": [30,3,3]}}])");
  EXPECT_THAT(ErrorOf(space),
              HasSubstr("zones[0].box: must lie inside bounds"));
}

TEST(SpaceDefinition, DuplicateZone) {
  json space = Minimal();
  space["zones"] =
      json::parse(R"([{"id": "a", "box": {"min": [0,0,0], "max": [3,3,3]}},
                                   {"id": "a", "box": {"min": [0,0,0], "max": [3,3,3]}}])");
  EXPECT_THAT(ErrorOf(space), HasSubstr("zones[1].id: duplicate zone id"));
}

TEST(SpaceDefinition, DoorOutsideItsSide) {
  json space = Minimal();
  space["zones"] = json::parse(R"([{"id": "a", "walled": true,
      "box": {"min": [0,0,0], "max": [4,3,4]},
      "doors": [{"side": "north", "offset": 3.8, "width": 1}]}])");
  EXPECT_THAT(
      ErrorOf(space),
      HasSubstr("zones[0].doors[0].offset: the opening must lie within"));
}

TEST(SpaceDefinition, BadDoorSide) {
  json space = Minimal();
  space["zones"] = json::parse(R"([{"id": "a", "walled": true,
      "box": {"min": [0,0,0], "max": [4,3,4]},
      "doors": [{"side": "up", "offset": 2, "width": 1}]}])");
  EXPECT_THAT(ErrorOf(space),
              HasSubstr("zones[0].doors[0].side: must be one of"));
}

TEST(SpaceDefinition, DegenerateWall) {
  json space = Minimal();
  space["walls"] = json::parse(R"([{"from": [1, 1], "to": [1, 1]}])");
  EXPECT_THAT(ErrorOf(space), HasSubstr("walls[0]: from and to must differ"));
}

TEST(SpaceDefinition, PortalOutsideBounds) {
  json space = Minimal();
  space["portals"] = json::parse(R"([{"id": "p", "target": "room",
      "box": {"min": [0,0,0], "max": [30,3,3]}}])");
  EXPECT_THAT(ErrorOf(space),
              HasSubstr("portals[0].box: must lie inside bounds"));
}

TEST(SpaceDefinition, WalledZoneBecomesWallsWithDoorGaps) {
  Zone zone;
  zone.walled = true;
  zone.box = {{0, 0, 0}, {4, 3, 4}};
  zone.doors.push_back({Side::kNorth, 2, 1});
  const auto walls = ZoneWalls(zone);
  EXPECT_EQ(walls.size(), 5u);  // north split in two
  // Walking north through the door's centre crosses nothing.
  for (const auto& wall : walls)
    EXPECT_FALSE(PathCrossesWall({2, 3.5f}, {2, 4.5f}, wall));
  // Walking north through the wall beside the door crosses one.
  int crossed = 0;
  for (const auto& wall : walls)
    crossed += PathCrossesWall({0.5f, 3.5f}, {0.5f, 4.5f}, wall);
  EXPECT_EQ(crossed, 1);
}

class SpaceDirectory : public ::testing::Test {
 protected:
  void Write(const std::string& name, const json& space) {
    std::ofstream(directory_.File(name)) << space.dump();
  }
  mc::testing::TempDir directory_;
};

TEST_F(SpaceDirectory, MissingDirectory) {
  auto spaces = LoadSpaceDirectory(directory_.File("nope"));
  ASSERT_FALSE(spaces.ok());
  EXPECT_EQ(ErrorCode(spaces.status()), "no_spaces");
}

TEST_F(SpaceDirectory, EmptyDirectory) {
  EXPECT_EQ(ErrorCode(LoadSpaceDirectory(directory_.path()).status()),
            "no_spaces");
}

TEST_F(SpaceDirectory, DuplicateIdAcrossFiles) {
  Write("a.json", Minimal());
  Write("b.json", Minimal());
  auto spaces = LoadSpaceDirectory(directory_.path());
  ASSERT_FALSE(spaces.ok());
  EXPECT_THAT(MessageOf(spaces.status()),
              HasSubstr("b.json: id: \"room\" is already defined"));
}

TEST_F(SpaceDirectory, PortalToUnknownSpace) {
  json space = Minimal();
  space["portals"] = json::parse(R"([{"id": "p", "target": "nowhere",
      "box": {"min": [0,0,0], "max": [1,1,1]}}])");
  Write("a.json", space);
  auto spaces = LoadSpaceDirectory(directory_.path());
  EXPECT_THAT(MessageOf(spaces.status()),
              HasSubstr("portals[0].target: no space \"nowhere\""));
}

TEST_F(SpaceDirectory, PortalToMissingSpawn) {
  json space = Minimal();
  space["portals"] =
      json::parse(R"([{"id": "p", "target": "room", "target_spawn": 3,
      "box": {"min": [0,0,0], "max": [1,1,1]}}])");
  Write("a.json", space);
  auto spaces = LoadSpaceDirectory(directory_.path());
  EXPECT_THAT(MessageOf(spaces.status()), HasSubstr("portals[0].target_spawn"));
}

TEST(SpaceDefinition, InstancingIsSharedOrPersonal) {
  json space = Minimal();
  auto parsed = ParseSpaceDefinition(space.dump(), "spaces/room.json");
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->instancing, Instancing::kShared);
  space["instancing"] = "personal";
  parsed = ParseSpaceDefinition(space.dump(), "spaces/room.json");
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->instancing, Instancing::kPersonal);
  EXPECT_THAT(SpaceDefinitionJson(*parsed),
              HasSubstr(R"("instancing":"personal")"));
  space["instancing"] = "everyone";
  EXPECT_THAT(ErrorOf(space), HasSubstr("instancing"));
}

// Stepping back from where you arrive must not walk you out of the body
// explorer: its exit is well away from every spawn point.
TEST(SpaceDefinition, TheBodyExplorersExitIsAwayFromWhereYouArrive) {
  auto spaces = LoadSpaceDirectory(SourceDir() + "/spaces");
  ASSERT_TRUE(spaces.ok()) << MessageOf(spaces.status());
  const auto body =
      std::find_if(spaces->begin(), spaces->end(),
                   [](const auto& s) { return s.id == "body-explorer"; });
  ASSERT_NE(body, spaces->end());
  EXPECT_EQ(body->instancing, Instancing::kPersonal);
  for (const Portal& portal : body->portals) {
    for (const SpawnPoint& spawn : body->spawn_points) {
      const Vec3 nearest{
          std::clamp(spawn.position.x, portal.box.min.x, portal.box.max.x),
          spawn.position.y,
          std::clamp(spawn.position.z, portal.box.min.z, portal.box.max.z)};
      EXPECT_GT(Distance(spawn.position, nearest), 10.0f) << portal.id;
    }
  }
}

TEST(SpaceDefinition, JsonForTheBrowserHasTheFileShapePlusCollisionWalls) {
  auto spaces = LoadSpaceDirectory(SourceDir() + "/spaces");
  ASSERT_TRUE(spaces.ok());
  for (const auto& space : *spaces) {
    const json out = json::parse(SpaceDefinitionJson(space));
    EXPECT_EQ(out["id"], space.id);
    EXPECT_EQ(out["collision_walls"].size(), space.collision_walls.size());
    EXPECT_EQ(out["portals"].size(), space.portals.size());
  }
}

}  // namespace
}  // namespace mc::world
