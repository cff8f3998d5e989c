#include "sim/motion/joint_angles.h"

#include <cmath>
#include <initializer_list>
#include <numbers>

namespace mc::motion {
namespace {

constexpr double kDegreesPerRadian = 180.0 / std::numbers::pi;

struct Limb {
  Keypoint proximal;  // hip or shoulder
  Keypoint middle;    // knee or elbow
  Keypoint distal;    // ankle or wrist
};

Limb LegOf(Side side) {
  return side == Side::kLeft
             ? Limb{Keypoint::kLeftHip, Keypoint::kLeftKnee,
                    Keypoint::kLeftAnkle}
             : Limb{Keypoint::kRightHip, Keypoint::kRightKnee,
                    Keypoint::kRightAnkle};
}

Limb ArmOf(Side side) {
  return side == Side::kLeft
             ? Limb{Keypoint::kLeftShoulder, Keypoint::kLeftElbow,
                    Keypoint::kLeftWrist}
             : Limb{Keypoint::kRightShoulder, Keypoint::kRightElbow,
                    Keypoint::kRightWrist};
}

bool Confident(const Frame& frame, std::initializer_list<Keypoint> needed) {
  for (Keypoint keypoint : needed) {
    if (!(frame.at(keypoint).score >= kMinimumScore)) return false;
  }
  return true;
}

Vec3 At(const Frame& frame, Keypoint keypoint) {
  return frame.at(keypoint).position;
}

// `v` without its component along `axis` (unchanged if axis is zero).
Vec3 RemoveComponent(Vec3 v, Vec3 axis) {
  double axis_squared = Dot(axis, axis);
  if (axis_squared == 0) return v;
  return v - axis * (Dot(v, axis) / axis_squared);
}

// Mid-shoulders -> mid-hips: the goniometer's stationary arm.
Vec3 TrunkDown(const Frame& frame) {
  return Midpoint(At(frame, Keypoint::kLeftHip), At(frame, Keypoint::kRightHip)) -
         Midpoint(At(frame, Keypoint::kLeftShoulder),
                  At(frame, Keypoint::kRightShoulder));
}

double FlexionOf(const Frame& frame, Limb limb) {
  Vec3 upper = At(frame, limb.middle) - At(frame, limb.proximal);
  Vec3 lower = At(frame, limb.distal) - At(frame, limb.middle);
  return AngleBetweenDeg(upper, lower);
}

// The reading of `segment` against the trunk midline. In 3D, the component
// along `lateral` (the left-right line, orthogonalised to the trunk) is
// removed for a sagittal reading; for a frontal reading, the component
// along the forward axis (trunk x lateral) is removed.
enum class Plane { kSagittal, kFrontal };
double AgainstTrunk(const Frame& frame, Vec3 segment, Vec3 left_right,
                    Plane plane) {
  Vec3 down = TrunkDown(frame);
  if (!frame.has_depth) return AngleBetweenDeg(segment, down);
  Vec3 lateral = RemoveComponent(left_right, down);
  Vec3 in_plane = plane == Plane::kSagittal
                      ? RemoveComponent(segment, lateral)
                      : RemoveComponent(segment, Cross(down, lateral));
  return AngleBetweenDeg(in_plane, down);
}

}  // namespace

double AngleBetweenDeg(Vec3 a, Vec3 b) {
  // atan2 of |a x b| and a . b stays exact near 0 and 180, where acos of
  // the normalised dot product loses half its digits.
  return std::atan2(Length(Cross(a, b)), Dot(a, b)) * kDegreesPerRadian;
}

std::optional<double> ReadJointAngle(const Frame& frame, JointAngle angle,
                                     Side side) {
  switch (angle) {
    case JointAngle::kKneeFlexion:
    case JointAngle::kElbowFlexion: {
      Limb limb =
          angle == JointAngle::kKneeFlexion ? LegOf(side) : ArmOf(side);
      if (!Confident(frame, {limb.proximal, limb.middle, limb.distal})) {
        return std::nullopt;
      }
      return FlexionOf(frame, limb);
    }
    case JointAngle::kShoulderFlexion:
    case JointAngle::kShoulderAbduction:
    case JointAngle::kHipFlexion: {
      bool hip = angle == JointAngle::kHipFlexion;
      Limb limb = hip ? LegOf(side) : ArmOf(side);
      if (!Confident(frame, {Keypoint::kLeftShoulder, Keypoint::kRightShoulder,
                             Keypoint::kLeftHip, Keypoint::kRightHip,
                             limb.middle})) {
        return std::nullopt;
      }
      Vec3 segment = At(frame, limb.middle) - At(frame, limb.proximal);
      Vec3 left_right =
          hip ? At(frame, Keypoint::kRightHip) - At(frame, Keypoint::kLeftHip)
              : At(frame, Keypoint::kRightShoulder) -
                    At(frame, Keypoint::kLeftShoulder);
      Plane plane = angle == JointAngle::kShoulderAbduction ? Plane::kFrontal
                                                            : Plane::kSagittal;
      return AgainstTrunk(frame, segment, left_right, plane);
    }
    case JointAngle::kCervicalRotation:
      return std::nullopt;  // body keypoints carry no head orientation
  }
  return std::nullopt;
}

double CervicalRotationDeg(Vec3 head_forward, Vec3 trunk_forward, Vec3 up) {
  Vec3 head = RemoveComponent(head_forward, up);
  Vec3 trunk = RemoveComponent(trunk_forward, up);
  double unit_up = Length(up);
  if (unit_up == 0) return 0;
  double sine = Dot(Cross(trunk, head), up) / unit_up;
  return std::atan2(sine, Dot(trunk, head)) * kDegreesPerRadian;
}

Vec3 HeadForward(double qx, double qy, double qz, double qw) {
  // The rotated (0, 0, -1): minus the third column of the rotation matrix.
  return {-(2 * (qx * qz + qw * qy)), -(2 * (qy * qz - qw * qx)),
          -(1 - 2 * (qx * qx + qy * qy))};
}

}  // namespace mc::motion
