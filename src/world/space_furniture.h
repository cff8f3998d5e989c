// Furniture and props of a space definition: what the browser builds a
// room's interior from (chairs, desks, screens, windows, floor lines...),
// as data in spaces/*.json ("furniture"), validated at load like the rest
// of the definition (space_definition.h). docs/world.md lists the kinds.
//
// Furniture is what people see; only items that are `solid` (desks,
// tables, the anatomy model's plinth by default) also block walking: their
// footprint joins the space's collision walls. Plain values, thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "world/geometry.h"

namespace mc::world {

enum class FurnitureKind : uint8_t {
  kChairRow,       // `count` chairs side by side, facing `facing_deg`
  kChair,          // one chair
  kDesk,           // a consult desk
  kReceptionDesk,  // a counter with the receptionist's place behind it
  kTable,          // a table; `text` says what happens there (a station)
  kPlant,          // a potted plant
  kScreen,         // a wall screen; `shows` what (queue, video, slides, text)
  kWindow,         // a window with daylight, `size_m` wide x tall
  kFloorLine,      // a wayfinding line on the floor along `path`
  kAnatomyModel,   // the body explorer's organ model on a plinth
  kDirectory,      // a standing sign listing the space's portals
  // Outdoor (a space with a `setting`, space_definition.h):
  kTree,     // a tree; `size_m` is its trunk's footprint (solid)
  kRock,     // a boulder (solid)
  kLogSeat,  // a log to sit on: one seat, like a chair
  kTrail,    // a walked path on the ground along `path`, `size_m.x` wide
};

inline constexpr int kMaxFurniturePerSpace = 300;
inline constexpr int kMaxChairsPerRow = 40;
inline constexpr size_t kMaxFurnitureTextBytes = 80;
inline constexpr int kMaxFloorLinePoints = 32;

struct Furniture {
  FurnitureKind kind = FurnitureKind::kChair;
  Vec3 at;                 // centre of the footprint; y is the bottom
  float facing_deg = 0;    // its front faces this way (0: +z, 90: +x)
  int count = 1;           // chair_row: chairs in the row
  Vec2 size_m;             // footprint width x depth (window: width x height)
  std::string shows;       // screen: "queue", "video", "slides" or "text"
  std::string text;        // caption: a station's subject, a screen's words
  std::string colour;      // "#rrggbb" or "" (floor_line: required)
  std::vector<Vec2> path;  // floor_line, trail: 2..32 points on the floor plan
  bool solid = false;      // the footprint blocks walking
};

std::string_view FurnitureKindName(FurnitureKind kind);
std::optional<FurnitureKind> FurnitureKindFromName(std::string_view name);

// True for "#rrggbb" (hex digits, either case).
bool IsColour(std::string_view text);
// True for a sign icon the browser can draw (heart, drop, book, ...).
bool IsIcon(std::string_view name);

// True for the kinds laid along a `path` (floor_line, trail).
bool HasPath(FurnitureKind kind);

// The footprint's outline as four wall segments (rotated by facing_deg),
// for solid furniture. Empty for a floor line or a trail.
std::vector<Segment2> FurnitureOutline(const Furniture& item);

}  // namespace mc::world
