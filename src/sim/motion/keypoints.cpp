#include "sim/motion/keypoints.h"

#include <cmath>

namespace mc::motion {

Vec3 operator+(Vec3 a, Vec3 b) { return {a.x + b.x, a.y + b.y, a.z + b.z}; }
Vec3 operator-(Vec3 a, Vec3 b) { return {a.x - b.x, a.y - b.y, a.z - b.z}; }
Vec3 operator*(Vec3 a, double s) { return {a.x * s, a.y * s, a.z * s}; }
double Dot(Vec3 a, Vec3 b) { return a.x * b.x + a.y * b.y + a.z * b.z; }
Vec3 Cross(Vec3 a, Vec3 b) {
  return {a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x};
}
double Length(Vec3 a) { return std::sqrt(Dot(a, a)); }
Vec3 Midpoint(Vec3 a, Vec3 b) { return (a + b) * 0.5; }

std::string_view KeypointName(Keypoint keypoint) {
  static constexpr std::string_view kNames[kKeypointCount] = {
      "nose",          "leftEye",      "rightEye",      "leftEar",
      "rightEar",      "leftShoulder", "rightShoulder", "leftElbow",
      "rightElbow",    "leftWrist",    "rightWrist",    "leftHip",
      "rightHip",      "leftKnee",     "rightKnee",     "leftAnkle",
      "rightAnkle"};
  return kNames[static_cast<int>(keypoint)];
}

}  // namespace mc::motion
