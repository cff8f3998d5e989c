#include "world/space_furniture.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <set>

#include "world/space_field.h"

namespace mc::world {
namespace {

using internal::json;

// The one table of kinds: the name in the file, the footprint an item gets
// when the file gives no "size" (metres, width x depth; a window's is width
// x height), and whether it blocks walking unless the file says "solid".
struct KindInfo {
  FurnitureKind kind;
  std::string_view name;
  Vec2 default_size_m;
  bool solid;
};

constexpr std::array<KindInfo, 15> kKinds = {{
    {FurnitureKind::kChairRow, "chair_row", {0.6f, 0.6f}, false},
    {FurnitureKind::kChair, "chair", {0.6f, 0.6f}, false},
    {FurnitureKind::kDesk, "desk", {1.6f, 0.8f}, true},
    {FurnitureKind::kReceptionDesk, "reception_desk", {4, 1}, true},
    {FurnitureKind::kTable, "table", {2, 1}, true},
    {FurnitureKind::kPlant, "plant", {0.6f, 0.6f}, false},
    {FurnitureKind::kScreen, "screen", {1.6f, 0.9f}, false},
    {FurnitureKind::kWindow, "window", {3, 1.6f}, false},
    {FurnitureKind::kFloorLine, "floor_line", {0.15f, 0}, false},
    {FurnitureKind::kAnatomyModel, "anatomy_model", {4, 3}, true},
    {FurnitureKind::kDirectory, "directory", {1.6f, 0.3f}, false},
    {FurnitureKind::kTree, "tree", {0.5f, 0.5f}, true},
    {FurnitureKind::kRock, "rock", {1.2f, 0.9f}, true},
    {FurnitureKind::kLogSeat, "log_seat", {1.2f, 0.45f}, false},
    {FurnitureKind::kTrail, "trail", {1.6f, 0}, false},
}};

const KindInfo& InfoOf(FurnitureKind kind) {
  for (const KindInfo& info : kKinds) {
    if (info.kind == kind) return info;
  }
  return kKinds[0];
}

constexpr std::array<std::string_view, 14> kIcons = {
    "heart", "hand", "drop", "mind", "walk", "book",  "people",
    "info",  "exit", "body", "lab",  "leaf", "staff", "screen"};

constexpr std::array<std::string_view, 4> kScreenShows = {"queue", "video",
                                                          "slides", "text"};

std::string KindList() {
  std::string names;
  for (const KindInfo& info : kKinds) {
    if (!names.empty()) names += ", ";
    names += info.name;
  }
  return names;
}

bool InsideFloor(const Box3& bounds, const Vec2& point) {
  return point.x >= bounds.min.x && point.x <= bounds.max.x &&
         point.z >= bounds.min.z && point.z <= bounds.max.z;
}

StatusOr<Vec2> ParseSize(const internal::Field& field) {
  MC_ASSIGN_OR_RETURN(Vec2 size, field.Point2());
  if (!(size.x > 0 && size.z >= 0 && size.x <= 40 && size.z <= 40)) {
    return field.Fail("must be [width, depth] from 0 to 40 m");
  }
  return size;
}

StatusOr<std::vector<Vec2>> ParsePath(const internal::Field& field,
                                      const Box3& bounds) {
  MC_RETURN_IF_ERROR(field.Array());
  const size_t points = field.value().size();
  if (points < 2 || points > kMaxFloorLinePoints) {
    return field.Fail(
        fmt::format("must have 2 to {} points [x, z]", kMaxFloorLinePoints));
  }
  std::vector<Vec2> path;
  for (size_t i = 0; i < points; ++i) {
    MC_ASSIGN_OR_RETURN(Vec2 point, field.At(i).Point2());
    if (!InsideFloor(bounds, point))
      return field.At(i).Fail("must lie inside bounds");
    path.push_back(point);
  }
  return path;
}

// What only some kinds take: a row's count, a screen's subject, a line's path.
Status ParseKindFields(const internal::Field& entry, const Box3& bounds,
                       Furniture& item) {
  if (entry.Has("count")) {
    const internal::Field count = entry.At("count");
    if (item.kind != FurnitureKind::kChairRow)
      return count.Fail("only a chair_row has a count");
    if (!count.value().is_number_integer() ||
        count.value().get<int64_t>() < 1 ||
        count.value().get<int64_t>() > kMaxChairsPerRow) {
      return count.Fail(
          fmt::format("must be an integer from 1 to {}", kMaxChairsPerRow));
    }
    item.count = count.value().get<int>();
  }
  if (item.kind == FurnitureKind::kScreen) {
    MC_ASSIGN_OR_RETURN(item.shows, entry.At("shows").String());
    if (std::find(kScreenShows.begin(), kScreenShows.end(), item.shows) ==
        kScreenShows.end()) {
      return entry.At("shows").Fail(
          "must be one of queue, video, slides, text");
    }
  } else if (entry.Has("shows")) {
    return entry.At("shows").Fail("only a screen shows something");
  }
  if (HasPath(item.kind)) {
    MC_ASSIGN_OR_RETURN(item.path, ParsePath(entry.At("path"), bounds));
    if (item.kind == FurnitureKind::kFloorLine && item.colour.empty())
      return entry.At("colour").Fail("a floor_line needs a colour");
    item.at = {item.path[0].x, bounds.min.y, item.path[0].z};
  } else if (entry.Has("path")) {
    return entry.At("path").Fail("only a floor_line or a trail has a path");
  }
  return Status();
}

StatusOr<Furniture> ParseItem(const internal::Field& entry,
                              const Box3& bounds) {
  static const std::set<std::string> kKnown = {
      "kind",  "at",   "facing", "count", "size",
      "shows", "text", "colour", "path",  "solid"};
  if (!entry.value().is_object()) return entry.Fail("must be an object");
  for (const auto& [key, value] : entry.value().items()) {
    if (!kKnown.count(key)) return entry.At(key.c_str()).Fail("unknown field");
  }
  Furniture item;
  MC_ASSIGN_OR_RETURN(const std::string kind_name, entry.At("kind").String());
  const auto kind = FurnitureKindFromName(kind_name);
  if (!kind) {
    return entry.At("kind").Fail(
        fmt::format("unknown kind \"{}\" (one of {})", kind_name, KindList()));
  }
  item.kind = *kind;
  const KindInfo& info = InfoOf(item.kind);
  MC_ASSIGN_OR_RETURN(item.colour, internal::OptionalColour(entry));
  if (!HasPath(item.kind)) {
    MC_ASSIGN_OR_RETURN(item.at, entry.At("at").Point3());
    if (!Contains(bounds, item.at))
      return entry.At("at").Fail("must lie inside bounds");
  }
  if (entry.Has("facing")) {
    MC_ASSIGN_OR_RETURN(item.facing_deg, entry.At("facing").Number());
  }
  item.size_m = info.default_size_m;
  if (entry.Has("size")) {
    MC_ASSIGN_OR_RETURN(item.size_m, ParseSize(entry.At("size")));
  }
  MC_ASSIGN_OR_RETURN(item.text, entry.OptionalString("text"));
  if (item.text.size() > kMaxFurnitureTextBytes) {
    return entry.At("text").Fail(
        fmt::format("must be at most {} bytes", kMaxFurnitureTextBytes));
  }
  item.solid = info.solid;
  if (entry.Has("solid")) {
    MC_ASSIGN_OR_RETURN(item.solid, entry.OptionalBool("solid"));
  }
  MC_RETURN_IF_ERROR(ParseKindFields(entry, bounds, item));
  if (item.solid && HasPath(item.kind))
    return entry.At("solid").Fail(fmt::format("a {} cannot be solid", info.name));
  return item;
}

json PointJson(const Vec2& v) { return json::array({v.x, v.z}); }

}  // namespace

std::string_view FurnitureKindName(FurnitureKind kind) {
  return InfoOf(kind).name;
}

std::optional<FurnitureKind> FurnitureKindFromName(std::string_view name) {
  for (const KindInfo& info : kKinds) {
    if (info.name == name) return info.kind;
  }
  return std::nullopt;
}

bool IsColour(std::string_view text) {
  return text.size() == 7 && text[0] == '#' &&
         std::all_of(text.begin() + 1, text.end(),
                     [](char c) { return std::isxdigit(c) != 0; });
}

bool HasPath(FurnitureKind kind) {
  return kind == FurnitureKind::kFloorLine || kind == FurnitureKind::kTrail;
}

bool IsIcon(std::string_view name) {
  return std::find(kIcons.begin(), kIcons.end(), name) != kIcons.end();
}

std::vector<Segment2> FurnitureOutline(const Furniture& item) {
  if (HasPath(item.kind)) return {};
  // facing 0 looks down +z: width runs along x, depth along z.
  const float yaw = item.facing_deg * static_cast<float>(M_PI) / 180.0f;
  const float c = std::cos(yaw), s = std::sin(yaw);
  const float width = item.kind == FurnitureKind::kChairRow
                          ? item.size_m.x * static_cast<float>(item.count)
                          : item.size_m.x;
  // A window's or screen's size is width x height: its footprint is a thin
  // strip on its wall.
  const bool on_wall = item.kind == FurnitureKind::kWindow ||
                       item.kind == FurnitureKind::kScreen;
  const float half_w = width / 2, half_d = on_wall ? 0.05f : item.size_m.z / 2;
  const Vec2 local[4] = {{-half_w, -half_d},
                         {half_w, -half_d},
                         {half_w, half_d},
                         {-half_w, half_d}};
  Vec2 corners[4];
  for (int k = 0; k < 4; ++k) {
    // Rotation about +y by yaw, as three.js turns the mesh.
    corners[k] = {item.at.x + local[k].x * c + local[k].z * s,
                  item.at.z - local[k].x * s + local[k].z * c};
  }
  std::vector<Segment2> outline;
  for (int k = 0; k < 4; ++k)
    outline.push_back({corners[k], corners[(k + 1) % 4]});
  return outline;
}

namespace internal {

StatusOr<std::vector<Furniture>> ParseFurniture(const Field& field,
                                                const Box3& bounds) {
  MC_RETURN_IF_ERROR(field.Array());
  if (field.value().size() > kMaxFurniturePerSpace) {
    return field.Fail(
        fmt::format("at most {} items per space", kMaxFurniturePerSpace));
  }
  std::vector<Furniture> furniture;
  for (size_t i = 0; i < field.value().size(); ++i) {
    MC_ASSIGN_OR_RETURN(Furniture item, ParseItem(field.At(i), bounds));
    furniture.push_back(std::move(item));
  }
  return furniture;
}

StatusOr<std::string> OptionalColour(const Field& object) {
  MC_ASSIGN_OR_RETURN(std::string colour, object.OptionalString("colour"));
  if (!colour.empty() && !IsColour(colour))
    return object.At("colour").Fail("must be \"#rrggbb\"");
  return colour;
}

StatusOr<std::string> OptionalIcon(const Field& object) {
  MC_ASSIGN_OR_RETURN(std::string icon, object.OptionalString("icon"));
  if (!icon.empty() && !IsIcon(icon)) {
    std::string names;
    for (std::string_view name : kIcons) {
      if (!names.empty()) names += ", ";
      names += name;
    }
    return object.At("icon").Fail(
        fmt::format("unknown icon \"{}\" (one of {})", icon, names));
  }
  return icon;
}

json FurnitureJson(const std::vector<Furniture>& furniture) {
  json out = json::array();
  for (const Furniture& item : furniture) {
    json entry = {{"kind", FurnitureKindName(item.kind)},
                  {"at", json::array({item.at.x, item.at.y, item.at.z})},
                  {"facing", item.facing_deg},
                  {"size", PointJson(item.size_m)},
                  {"solid", item.solid}};
    if (item.kind == FurnitureKind::kChairRow) entry["count"] = item.count;
    if (!item.shows.empty()) entry["shows"] = item.shows;
    if (!item.text.empty()) entry["text"] = item.text;
    if (!item.colour.empty()) entry["colour"] = item.colour;
    if (!item.path.empty()) {
      json path = json::array();
      for (const Vec2& point : item.path) path.push_back(PointJson(point));
      entry["path"] = path;
    }
    out.push_back(std::move(entry));
  }
  return out;
}

}  // namespace internal
}  // namespace mc::world
