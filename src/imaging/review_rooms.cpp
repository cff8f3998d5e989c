#include "imaging/review_rooms.h"

#include <algorithm>

namespace mc::imaging {

using nlohmann::json;

namespace {

Status NotOpen() {
  return NotFound("review_not_open", "this case review is not in progress");
}

}  // namespace

void ReviewRooms::Open(const std::string& id, int64_t presenter_user_id,
                       const std::string& presenter_name,
                       std::vector<ReviewAnnotation> saved) {
  std::lock_guard lock(mutex_);
  if (rooms_.count(id) != 0) return;
  ReviewLive& live = rooms_[id];
  live.version = 1;
  live.presenter_user_id = presenter_user_id;
  live.presenter_name = presenter_name;
  live.annotations = std::move(saved);
}

bool ReviewRooms::IsOpen(const std::string& id) const {
  std::lock_guard lock(mutex_);
  return rooms_.count(id) != 0;
}

StatusOr<ReviewLive> ReviewRooms::Get(const std::string& id,
                                      int64_t now_unix_ms) const {
  std::lock_guard lock(mutex_);
  auto found = rooms_.find(id);
  if (found == rooms_.end()) return NotOpen();
  ReviewLive live = found->second;
  std::erase_if(live.pointers, [&](const ReviewPointer& pointer) {
    return now_unix_ms - pointer.at_unix_ms > kPointerLifetimeMs;
  });
  return live;
}

Status ReviewRooms::SetView(const std::string& id, int64_t user_id,
                            const ReviewView& view) {
  std::lock_guard lock(mutex_);
  auto found = rooms_.find(id);
  if (found == rooms_.end()) return NotOpen();
  if (found->second.presenter_user_id != user_id) {
    return PermissionDenied("presenter_only",
                            "only the presenter moves everyone's view");
  }
  found->second.view = view;
  ++found->second.version;
  return Status();
}

Status ReviewRooms::Present(const std::string& id, int64_t user_id,
                            const std::string& name) {
  std::lock_guard lock(mutex_);
  auto found = rooms_.find(id);
  if (found == rooms_.end()) return NotOpen();
  found->second.presenter_user_id = user_id;
  found->second.presenter_name = name;
  ++found->second.version;
  return Status();
}

Status ReviewRooms::Point(const std::string& id, const ReviewPointer& pointer) {
  std::lock_guard lock(mutex_);
  auto found = rooms_.find(id);
  if (found == rooms_.end()) return NotOpen();
  std::vector<ReviewPointer>& pointers = found->second.pointers;
  std::erase_if(pointers, [&](const ReviewPointer& other) {
    return other.user_id == pointer.user_id;
  });
  pointers.push_back(pointer);
  ++found->second.version;
  return Status();
}

StatusOr<std::vector<ReviewAnnotation>> ReviewRooms::Annotate(
    const std::string& id, const ReviewAnnotation& annotation) {
  std::lock_guard lock(mutex_);
  auto found = rooms_.find(id);
  if (found == rooms_.end()) return NotOpen();
  std::vector<ReviewAnnotation>& annotations = found->second.annotations;
  if (annotations.size() >= kMaxAnnotations) {
    return ResourceExhausted("too_many_annotations",
                             "a review keeps at most 200 annotations");
  }
  annotations.push_back(annotation);
  ++found->second.version;
  return annotations;
}

void ReviewRooms::Close(const std::string& id) {
  std::lock_guard lock(mutex_);
  rooms_.erase(id);
}

json ViewJson(const ReviewView& view) {
  return {{"slice", view.slice}, {"center", view.center},
          {"width", view.width}, {"zoom", view.zoom},
          {"pan_x", view.pan_x}, {"pan_y", view.pan_y}};
}

json AnnotationJson(const ReviewAnnotation& annotation) {
  return {{"id", annotation.id},
          {"kind", annotation.kind},
          {"slice", annotation.slice},
          {"points", annotation.points},
          {"text", annotation.text},
          {"author", annotation.author},
          {"at_unix_ms", annotation.at_unix_ms}};
}

std::optional<ReviewAnnotation> AnnotationFromJson(const json& value) {
  if (!value.is_object()) return std::nullopt;
  try {
    ReviewAnnotation annotation;
    annotation.id = value.at("id").get<std::string>();
    annotation.kind = value.at("kind").get<std::string>();
    annotation.slice = value.at("slice").get<int64_t>();
    annotation.points = value.at("points").get<std::vector<double>>();
    annotation.text = value.value("text", "");
    annotation.author = value.value("author", "");
    annotation.at_unix_ms = value.value("at_unix_ms", int64_t{0});
    return annotation;
  } catch (const json::exception&) {
    return std::nullopt;
  }
}

json LiveJson(const ReviewLive& live) {
  json pointers = json::array();
  for (const ReviewPointer& pointer : live.pointers) {
    pointers.push_back({{"user_id", pointer.user_id},
                        {"name", pointer.name},
                        {"slice", pointer.slice},
                        {"x", pointer.x},
                        {"y", pointer.y}});
  }
  json annotations = json::array();
  for (const ReviewAnnotation& annotation : live.annotations)
    annotations.push_back(AnnotationJson(annotation));
  return {
      {"version", live.version},
      {"presenter",
       {{"user_id", live.presenter_user_id}, {"name", live.presenter_name}}},
      {"view", ViewJson(live.view)},
      {"pointers", pointers},
      {"annotations", annotations}};
}

}  // namespace mc::imaging
