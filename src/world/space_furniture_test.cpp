#include "world/space_furniture.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "world/space_definition.h"

namespace mc::world {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

json Minimal() {
  return json::parse(R"({
    "id": "room", "name": "Room", "policy": "public", "capacity": 10,
    "bounds": {"min": [-10, 0, -10], "max": [10, 4, 10]},
    "spawn_points": [{"position": [0, 0, -5]}]
  })");
}

json WithFurniture(const char* items) {
  json space = Minimal();
  space["furniture"] = json::parse(items);
  return space;
}

std::string ErrorOf(const json& space) {
  auto parsed = ParseSpaceDefinition(space.dump(), "spaces/room.json");
  if (parsed.ok()) return "ok";
  EXPECT_EQ(ErrorCode(parsed.status()), "bad_space");
  return MessageOf(parsed.status());
}

TEST(SpaceFurniture, EveryKindParsesWithDefaultSizes) {
  auto parsed = ParseSpaceDefinition(WithFurniture(R"([
        {"kind": "chair_row", "at": [0, 0, 3], "facing": 180, "count": 6},
        {"kind": "chair", "at": [1, 0, 1]},
        {"kind": "desk", "at": [2, 0, 2]},
        {"kind": "reception_desk", "at": [-5, 0, 5]},
        {"kind": "table", "at": [5, 0, 5], "text": "Suturing"},
        {"kind": "plant", "at": [9, 0, 9]},
        {"kind": "screen", "at": [0, 1.2, 9.9], "facing": 180, "shows": "queue"},
        {"kind": "window", "at": [-9.9, 1, 0], "facing": 90, "size": [4, 1.8]},
        {"kind": "floor_line", "colour": "#c0392b", "path": [[0, -9], [0, 9]]},
        {"kind": "anatomy_model", "at": [0, 0, 6]},
        {"kind": "directory", "at": [0, 0, -8]}
      ])")
                                         .dump(),
                                     "spaces/room.json");
  ASSERT_TRUE(parsed.ok()) << MessageOf(parsed.status());
  ASSERT_EQ(parsed->furniture.size(), 11u);
  const Furniture& row = parsed->furniture[0];
  EXPECT_EQ(row.kind, FurnitureKind::kChairRow);
  EXPECT_EQ(row.count, 6);
  EXPECT_FALSE(row.solid);
  EXPECT_FLOAT_EQ(parsed->furniture[2].size_m.x, 1.6f);  // desk default
  EXPECT_TRUE(parsed->furniture[2].solid);
  EXPECT_EQ(parsed->furniture[6].shows, "queue");
  EXPECT_FLOAT_EQ(parsed->furniture[7].size_m.x, 4);
  EXPECT_EQ(parsed->furniture[8].path.size(), 2u);
  // The browser gets the sizes filled in.
  const json out = json::parse(SpaceDefinitionJson(*parsed));
  EXPECT_EQ(out["furniture"][2]["size"], json::array({1.6f, 0.8f}));
  EXPECT_EQ(out["furniture"][0]["count"], 6);
  EXPECT_EQ(out["furniture"][4]["text"], "Suturing");
}

TEST(SpaceFurniture, SolidFurnitureBlocksWalkingAndOtherDoesNot) {
  auto parsed = ParseSpaceDefinition(
      WithFurniture(R"([{"kind": "table", "at": [0, 0, 0], "size": [2, 1]},
                        {"kind": "chair", "at": [5, 0, 0]},
                        {"kind": "plant", "at": [-5, 0, 0], "solid": true}])")
          .dump(),
      "spaces/room.json");
  ASSERT_TRUE(parsed.ok()) << MessageOf(parsed.status());
  EXPECT_EQ(parsed->collision_walls.size(), 8u);  // the table and the plant
  int crossed = 0;
  for (const Segment2& wall : parsed->collision_walls)
    crossed += PathCrossesWall({0, -2}, {0, 2}, wall);
  EXPECT_EQ(crossed, 2);  // through the table, in one side and out the other
  for (const Segment2& wall : parsed->collision_walls)
    EXPECT_FALSE(PathCrossesWall({5, -2}, {5, 2}, wall));  // through the chair
}

TEST(SpaceFurniture, OutlineTurnsWithFacing) {
  Furniture table;
  table.kind = FurnitureKind::kTable;
  table.at = {0, 0, 0};
  table.size_m = {4, 1};
  table.facing_deg = 90;  // width now runs along z
  float max_x = 0, max_z = 0;
  for (const Segment2& side : FurnitureOutline(table)) {
    max_x = std::max(max_x, std::abs(side.from.x));
    max_z = std::max(max_z, std::abs(side.from.z));
  }
  EXPECT_NEAR(max_x, 0.5f, 1e-4);
  EXPECT_NEAR(max_z, 2.0f, 1e-4);
}

TEST(SpaceFurniture, UnknownKind) {
  EXPECT_THAT(ErrorOf(WithFurniture(R"([{"kind": "sofa", "at": [0,0,0]}])")),
              HasSubstr("spaces/room.json: furniture[0].kind: unknown kind "
                        "\"sofa\" (one of chair_row"));
}

TEST(SpaceFurniture, UnknownField) {
  EXPECT_THAT(ErrorOf(WithFurniture(
                  R"([{"kind": "chair", "at": [0,0,0], "seat": 1}])")),
              HasSubstr("furniture[0].seat: unknown field"));
}

TEST(SpaceFurniture, OutOfBounds) {
  EXPECT_THAT(ErrorOf(WithFurniture(R"([{"kind": "chair", "at": [0,0,0]},
                                        {"kind": "plant", "at": [11,0,0]}])")),
              HasSubstr("furniture[1].at: must lie inside bounds"));
  EXPECT_THAT(ErrorOf(WithFurniture(
                  R"([{"kind": "floor_line", "colour": "#112233",
               "path": [[0,0], [0,12]]}])")),
              HasSubstr("furniture[0].path[1]: must lie inside bounds"));
}

TEST(SpaceFurniture, BadColour) {
  EXPECT_THAT(
      ErrorOf(WithFurniture(
          R"([{"kind": "floor_line", "colour": "red", "path": [[0,0],[1,1]]}])")),
      HasSubstr("furniture[0].colour: must be \"#rrggbb\""));
  EXPECT_THAT(ErrorOf(WithFurniture(
                  R"([{"kind": "floor_line", "path": [[0,0],[1,1]]}])")),
              HasSubstr("a floor_line needs a colour"));
  json space = Minimal();
  space["colour"] = "#12345g";
  EXPECT_THAT(ErrorOf(space), HasSubstr("colour: must be \"#rrggbb\""));
}

TEST(SpaceFurniture, BadIcon) {
  json space = Minimal();
  space["icon"] = "unicorn";
  EXPECT_THAT(ErrorOf(space), HasSubstr("icon: unknown icon \"unicorn\""));
  space["icon"] = "heart";
  EXPECT_EQ(ErrorOf(space), "ok");
}

TEST(SpaceFurniture, TooManyItems) {
  json space = Minimal();
  space["furniture"] = json::array();
  for (int i = 0; i <= kMaxFurniturePerSpace; ++i)
    space["furniture"].push_back({{"kind", "plant"}, {"at", {0, 0, 0}}});
  EXPECT_THAT(ErrorOf(space), HasSubstr("furniture: at most 300 items"));
}

TEST(SpaceFurniture, CountOnlyForRowsAndBounded) {
  EXPECT_THAT(ErrorOf(WithFurniture(
                  R"([{"kind": "chair_row", "at": [0,0,0], "count": 41}])")),
              HasSubstr("count: must be an integer from 1 to 40"));
  EXPECT_THAT(ErrorOf(WithFurniture(
                  R"([{"kind": "desk", "at": [0,0,0], "count": 2}])")),
              HasSubstr("only a chair_row has a count"));
}

TEST(SpaceFurniture, ScreenNeedsWhatItShows) {
  EXPECT_THAT(ErrorOf(WithFurniture(R"([{"kind": "screen", "at": [0,1,0]}])")),
              HasSubstr("furniture[0].shows: must be a string"));
  EXPECT_THAT(ErrorOf(WithFurniture(
                  R"([{"kind": "screen", "at": [0,1,0], "shows": "tv"}])")),
              HasSubstr("must be one of queue, video, slides, text"));
}

TEST(SpaceFurniture, TextAndSizeAreBounded) {
  json space = WithFurniture(R"([{"kind": "table", "at": [0,0,0]}])");
  space["furniture"][0]["text"] = std::string(81, 'x');
  EXPECT_THAT(ErrorOf(space), HasSubstr("text: must be at most 80 bytes"));
  EXPECT_THAT(ErrorOf(WithFurniture(
                  R"([{"kind": "table", "at": [0,0,0], "size": [0, 1]}])")),
              HasSubstr("size: must be [width, depth] from 0 to 40 m"));
}

TEST(SpaceFurniture, OutdoorKinds) {
  json space = WithFurniture(R"([
        {"kind": "tree", "at": [3, 0, 3], "size": [0.6, 0.6]},
        {"kind": "rock", "at": [-3, 0, 3]},
        {"kind": "log_seat", "at": [0, 0, 5], "facing": 180},
        {"kind": "trail", "path": [[0, -9], [0, 0], [4, 6]], "size": [1.4, 0]}
      ])");
  space["setting"] = "forest";
  auto parsed = ParseSpaceDefinition(space.dump(), "spaces/room.json");
  ASSERT_TRUE(parsed.ok()) << MessageOf(parsed.status());
  ASSERT_EQ(parsed->furniture.size(), 4u);
  EXPECT_EQ(parsed->setting, "forest");
  EXPECT_TRUE(parsed->furniture[0].solid);   // people walk round a tree
  EXPECT_TRUE(parsed->furniture[1].solid);   // and a rock
  EXPECT_FALSE(parsed->furniture[2].solid);  // but sit on a log
  EXPECT_FLOAT_EQ(parsed->furniture[2].size_m.x, 1.2f);
  EXPECT_EQ(parsed->furniture[3].path.size(), 3u);
  EXPECT_FALSE(parsed->furniture[3].solid);
  EXPECT_EQ(parsed->collision_walls.size(), 8u);  // the tree and the rock
  const json out = json::parse(SpaceDefinitionJson(*parsed));
  EXPECT_EQ(out["setting"], "forest");
  EXPECT_EQ(out["furniture"][3]["kind"], "trail");
  EXPECT_EQ(out["furniture"][3]["path"].size(), 3u);
}

TEST(SpaceFurniture, TrailNeedsAPathAndIsNeverSolid) {
  EXPECT_THAT(ErrorOf(WithFurniture(R"([{"kind": "trail", "at": [0,0,0]}])")),
              HasSubstr("furniture[0].path"));
  EXPECT_THAT(ErrorOf(WithFurniture(
                  R"([{"kind": "trail", "path": [[0,0],[1,1]], "solid": true}])")),
              HasSubstr("a trail cannot be solid"));
  EXPECT_THAT(ErrorOf(WithFurniture(
                  R"([{"kind": "rock", "at": [0,0,0], "path": [[0,0],[1,1]]}])")),
              HasSubstr("only a floor_line or a trail has a path"));
}

TEST(SpaceFurniture, SettingIsBeachOrForest) {
  json space = Minimal();
  space["setting"] = "moon";
  EXPECT_THAT(ErrorOf(space),
              HasSubstr("setting: must be \"beach\" or \"forest\""));
  space["setting"] = "beach";
  EXPECT_EQ(ErrorOf(space), "ok");
}

}  // namespace
}  // namespace mc::world
