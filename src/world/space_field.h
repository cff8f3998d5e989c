// Internal to the space loader (space_definition.cpp, space_furniture.cpp):
// a JSON value with the file and field path it came from, so every
// validation error names both ("spaces/lobby.json: zones[2].box: ...").
// Not part of the world's contract; include only from src/world/*.cpp.
#pragma once

#include <cmath>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "core/status.h"
#include "fmt/format.h"
#include "world/geometry.h"
#include "world/space_furniture.h"

namespace mc::world::internal {

using nlohmann::json;

// Validation context: the file plus the JSON path of the field being read.
class Field {
 public:
  Field(std::string_view source, const json& value, std::string path)
      : source_(source), value_(value), path_(std::move(path)) {}

  Status Fail(std::string_view message) const {
    return InvalidArgument("bad_space",
                           fmt::format("{}: {}: {}", source_, path_, message));
  }
  const json& value() const { return value_; }
  bool Has(const char* key) const { return value_.contains(key); }
  Field At(const char* key) const {
    static const json kNull;
    const json& child = value_.contains(key) ? value_.at(key) : kNull;
    return Field(source_, child, path_.empty() ? key : path_ + "." + key);
  }
  Field At(size_t index) const {
    return Field(source_, value_.at(index),
                 fmt::format("{}[{}]", path_, index));
  }

  StatusOr<std::string> String() const {
    if (!value_.is_string()) return Fail("must be a string");
    return value_.get<std::string>();
  }
  StatusOr<std::string> OptionalString(const char* key) const {
    if (!Has(key)) return std::string();
    return At(key).String();
  }
  StatusOr<float> Number() const {
    if (!value_.is_number()) return Fail("must be a number");
    const double number = value_.get<double>();
    if (!std::isfinite(number) || std::fabs(number) > 1e6) {
      return Fail("must be a finite number");
    }
    return static_cast<float>(number);
  }
  StatusOr<bool> OptionalBool(const char* key) const {
    if (!Has(key)) return false;
    if (!value_.at(key).is_boolean())
      return At(key).Fail("must be true or false");
    return value_.at(key).get<bool>();
  }
  Status Array() const {
    if (!value_.is_array()) return Fail("must be an array");
    return Status();
  }
  StatusOr<Vec3> Point3() const {
    if (!value_.is_array() || value_.size() != 3) {
      return Fail("must be [x, y, z]");
    }
    Vec3 point;
    MC_ASSIGN_OR_RETURN(point.x, At(size_t{0}).Number());
    MC_ASSIGN_OR_RETURN(point.y, At(size_t{1}).Number());
    MC_ASSIGN_OR_RETURN(point.z, At(size_t{2}).Number());
    return point;
  }
  StatusOr<Vec2> Point2() const {
    if (!value_.is_array() || value_.size() != 2) return Fail("must be [x, z]");
    Vec2 point;
    MC_ASSIGN_OR_RETURN(point.x, At(size_t{0}).Number());
    MC_ASSIGN_OR_RETURN(point.z, At(size_t{1}).Number());
    return point;
  }
  StatusOr<Box3> Box() const {
    if (!value_.is_object())
      return Fail("must be {\"min\": [x,y,z], \"max\": [x,y,z]}");
    Box3 box;
    MC_ASSIGN_OR_RETURN(box.min, At("min").Point3());
    MC_ASSIGN_OR_RETURN(box.max, At("max").Point3());
    if (!(box.min.x < box.max.x && box.min.y < box.max.y &&
          box.min.z < box.max.z)) {
      return Fail("min must be below max on every axis");
    }
    return box;
  }

 private:
  std::string_view source_;
  const json& value_;
  std::string path_;
};

// Parses the "furniture" array (space_furniture.cpp): every item's kind,
// place (inside `bounds`), size, words and colour; sizes left out get the
// kind's default, so the browser never needs its own table of them.
// InvalidArgument ("bad_space") naming the item's field on any problem.
StatusOr<std::vector<Furniture>> ParseFurniture(const Field& field,
                                                const Box3& bounds);

// The "colour" or "icon" field of an object, "" when absent; checked.
StatusOr<std::string> OptionalColour(const Field& object);
StatusOr<std::string> OptionalIcon(const Field& object);

// Furniture as JSON for the browser (the file's shape, defaults filled in).
json FurnitureJson(const std::vector<Furniture>& furniture);

}  // namespace mc::world::internal
