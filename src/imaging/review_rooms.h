// ReviewRooms: the live state of case reviews in progress, in memory: who
// presents, the presenter's view (slice, window, zoom and pan), each
// person's named pointer, and the annotations drawn so far. Browsers in the
// meeting read it every few hundred milliseconds (GET /api/reviews/{id}/live,
// docs/api.md "Case reviews") and post changes; nothing here is persistent:
// the caller saves annotations in the review's vault record (audited) and
// hands them back to Open after a restart.
//
// Who may touch a room is decided by the caller (net checks the review's
// members); this class only keeps the rules of the meeting: only the
// presenter moves the shared view; pointers fade after kPointerLifetimeMs.
//
// Errors: NotFound ("review_not_open"), PermissionDenied ("presenter_only"),
// ResourceExhausted ("too_many_annotations").
//
// Threading: thread-safe (one mutex; no I/O under it).
#pragma once

#include <absl/base/thread_annotations.h>

#include <cstdint>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"

namespace mc::imaging {

inline constexpr int64_t kPointerLifetimeMs = 15000;
inline constexpr size_t kMaxAnnotations = 200;

struct ReviewView {
  int64_t slice = 0;   // index in the series, from 0
  double center = 40;  // window centre and width (modality units, HU for CT)
  double width = 400;
  double zoom = 1;
  double pan_x = 0;  // screen pixels
  double pan_y = 0;
};

struct ReviewPointer {
  int64_t user_id = 0;
  std::string name;
  int64_t slice = 0;
  double x = 0;  // image pixel coordinates
  double y = 0;
  int64_t at_unix_ms = 0;
};

struct ReviewAnnotation {
  std::string id;
  std::string kind;  // "arrow", "circle", "text", "distance"
  int64_t slice = 0;
  std::vector<double> points;  // image pixels: x0, y0 (, x1, y1)
  std::string text;
  std::string author;
  int64_t at_unix_ms = 0;
};

struct ReviewLive {
  int64_t version = 0;  // grows with every change
  int64_t presenter_user_id = 0;
  std::string presenter_name;
  ReviewView view;
  std::vector<ReviewPointer> pointers;
  std::vector<ReviewAnnotation> annotations;
};

class ReviewRooms {
 public:
  // Opens the room of review `id` unless it is open: `presenter` presents
  // first and `saved` are the annotations kept in its record.
  void Open(const std::string& id, int64_t presenter_user_id,
            const std::string& presenter_name,
            std::vector<ReviewAnnotation> saved);
  bool IsOpen(const std::string& id) const;
  // The room now (pointers older than kPointerLifetimeMs left out).
  StatusOr<ReviewLive> Get(const std::string& id, int64_t now_unix_ms) const;
  // The presenter's view becomes everyone's; PermissionDenied otherwise.
  Status SetView(const std::string& id, int64_t user_id,
                 const ReviewView& view);
  // `user_id` presents from now on (the view stays where it was).
  Status Present(const std::string& id, int64_t user_id,
                 const std::string& name);
  Status Point(const std::string& id, const ReviewPointer& pointer);
  // Adds `annotation` (its id must be new) and returns every annotation.
  StatusOr<std::vector<ReviewAnnotation>> Annotate(
      const std::string& id, const ReviewAnnotation& annotation);
  void Close(const std::string& id);

 private:
  mutable std::mutex mutex_;
  std::map<std::string, ReviewLive> rooms_ ABSL_GUARDED_BY(mutex_);
};

nlohmann::json ViewJson(const ReviewView& view);
nlohmann::json AnnotationJson(const ReviewAnnotation& annotation);
// An annotation from its JSON as AnnotationJson writes it (the saved form);
// nullopt when it is not one.
std::optional<ReviewAnnotation> AnnotationFromJson(const nlohmann::json& json);
nlohmann::json LiveJson(const ReviewLive& live);

}  // namespace mc::imaging
