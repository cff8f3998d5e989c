// Keypoints as the motion core reads them: the 17 MoveNet body keypoints of
// one video or headset frame, each a position and a detection score.
//
// Positions are in any unit (metres or pixels: angles do not care) and any
// handedness; image data has y down. A 2D frame (webcam) has `has_depth`
// false and z = 0 for every keypoint; the angles are then read in the image
// plane, as a goniometer reads a photograph.
//
// This module (src/sim/motion) depends on nothing but the C++ standard
// library, so the same sources compile to WebAssembly (docs/motion.md).
// Plain values; no threading concerns.
#pragma once

#include <array>
#include <optional>
#include <string_view>

namespace mc::motion {

struct Vec3 {
  double x = 0;
  double y = 0;
  double z = 0;
};

Vec3 operator+(Vec3 a, Vec3 b);
Vec3 operator-(Vec3 a, Vec3 b);
Vec3 operator*(Vec3 a, double s);
double Dot(Vec3 a, Vec3 b);
Vec3 Cross(Vec3 a, Vec3 b);
double Length(Vec3 a);
Vec3 Midpoint(Vec3 a, Vec3 b);

// The MoveNet order; the CSV columns and the C API's flat arrays use it.
enum class Keypoint : int {
  kNose = 0,
  kLeftEye,
  kRightEye,
  kLeftEar,
  kRightEar,
  kLeftShoulder,
  kRightShoulder,
  kLeftElbow,
  kRightElbow,
  kLeftWrist,
  kRightWrist,
  kLeftHip,
  kRightHip,
  kLeftKnee,
  kRightKnee,
  kLeftAnkle,
  kRightAnkle,
};
inline constexpr int kKeypointCount = 17;

// MoveNet's camelCase name ("leftShoulder"). REQUIRES: a valid keypoint.
std::string_view KeypointName(Keypoint keypoint);

// A keypoint whose score is below this gives no angle (docs/motion.md).
inline constexpr double kMinimumScore = 0.3;

struct KeypointObservation {
  Vec3 position;
  double score = 0;
};

struct Frame {
  double t_ms = 0;
  bool has_depth = false;
  std::array<KeypointObservation, kKeypointCount> keypoints{};

  const KeypointObservation& at(Keypoint keypoint) const {
    return keypoints[static_cast<int>(keypoint)];
  }
  KeypointObservation& at(Keypoint keypoint) {
    return keypoints[static_cast<int>(keypoint)];
  }
};

}  // namespace mc::motion
