#include "sim/motion/joint_angles.h"

#include <cmath>

#include <gtest/gtest.h>

#include "sim/motion/motion_test_support.h"

namespace mc::motion {
namespace {

using testing::Camera;
using testing::PosedFrame;
using testing::Pose;
using testing::SetAngle;
using testing::View;

constexpr double kToleranceDeg = 0.5;

struct Sweep {
  JointAngle angle;
  double max_deg;
  View view_2d;  // the camera a therapist would use for this angle
};

constexpr Sweep kSweeps[] = {
    {JointAngle::kKneeFlexion, 160, View::kSideImage},
    {JointAngle::kElbowFlexion, 160, View::kSideImage},
    {JointAngle::kShoulderFlexion, 180, View::kSideImage},
    {JointAngle::kShoulderAbduction, 180, View::kFrontImage},
    {JointAngle::kHipFlexion, 135, View::kSideImage},
};

// Every whole degree of each angle's range, both sides, in 3D under several
// body orientations (turned, leaning) and in 2D from the usual camera.
TEST(JointAngles, ExactOverTheWholeRangeIn3dAnd2d) {
  const Camera cameras[] = {{View::k3d, 0, 0},
                            {View::k3d, 37, 0},
                            {View::k3d, -120, 14},
                            {View::k3d, 200, -25}};
  for (const Sweep& sweep : kSweeps) {
    for (Side side : {Side::kLeft, Side::kRight}) {
      for (double truth = 0; truth <= sweep.max_deg; truth += 1) {
        Pose pose;
        SetAngle(pose, sweep.angle, truth);
        for (const Camera& camera : cameras) {
          auto reading = ReadJointAngle(PosedFrame(pose, side, camera),
                                        sweep.angle, side);
          ASSERT_TRUE(reading.has_value());
          ASSERT_NEAR(*reading, truth, kToleranceDeg)
              << "angle " << static_cast<int>(sweep.angle) << " 3D yaw "
              << camera.yaw_deg;
        }
        auto reading = ReadJointAngle(
            PosedFrame(pose, side, Camera{sweep.view_2d}), sweep.angle, side);
        ASSERT_TRUE(reading.has_value());
        ASSERT_NEAR(*reading, truth, kToleranceDeg)
            << "angle " << static_cast<int>(sweep.angle) << " 2D";
      }
    }
  }
}

// The stationary arm is the trunk midline: an arm hanging parallel to it
// reads 0 although the shoulder-to-same-hip line slants (wide pelvis).
TEST(JointAngles, ShoulderIsReadAgainstTheMidlineNotTheSideLine) {
  Frame frame = PosedFrame(Pose{}, Side::kLeft, Camera{View::kFrontImage});
  auto abduction =
      ReadJointAngle(frame, JointAngle::kShoulderAbduction, Side::kLeft);
  ASSERT_TRUE(abduction.has_value());
  EXPECT_NEAR(*abduction, 0, 1e-9);
  Vec3 side_line = frame.at(Keypoint::kLeftHip).position -
                   frame.at(Keypoint::kLeftShoulder).position;
  Vec3 arm = frame.at(Keypoint::kLeftElbow).position -
             frame.at(Keypoint::kLeftShoulder).position;
  EXPECT_GT(AngleBetweenDeg(arm, side_line), 10);
}

// In 3D, flexion ignores abduction's plane and abduction ignores flexion's
// (an arm raised 60 degrees sideways has no forward component: its
// sagittal projection hangs along the trunk).
TEST(JointAngles, PlanesAreSeparatedIn3d) {
  Pose abducted;
  abducted.shoulder_abduction_deg = 60;
  auto flexion = ReadJointAngle(PosedFrame(abducted, Side::kRight, {}),
                                JointAngle::kShoulderFlexion, Side::kRight);
  ASSERT_TRUE(flexion.has_value());
  EXPECT_NEAR(*flexion, 0, kToleranceDeg);
  Pose flexed;
  flexed.shoulder_flexion_deg = 60;
  auto abduction = ReadJointAngle(PosedFrame(flexed, Side::kRight, {}),
                                  JointAngle::kShoulderAbduction, Side::kRight);
  ASSERT_TRUE(abduction.has_value());
  EXPECT_NEAR(*abduction, 0, kToleranceDeg);
}

TEST(JointAngles, LowConfidenceKeypointGivesNoNumber) {
  Pose pose;
  pose.knee_flexion_deg = 45;
  Frame frame = PosedFrame(pose, Side::kLeft, Camera{View::kSideImage});
  frame.at(Keypoint::kLeftAnkle).score = 0.29;
  EXPECT_FALSE(
      ReadJointAngle(frame, JointAngle::kKneeFlexion, Side::kLeft).has_value());
  // The other leg's keypoints do not matter to the left knee...
  frame.at(Keypoint::kLeftAnkle).score = 0.3;
  frame.at(Keypoint::kRightAnkle).score = 0;
  EXPECT_TRUE(
      ReadJointAngle(frame, JointAngle::kKneeFlexion, Side::kLeft).has_value());
  // ...but both hips define the trunk midline the shoulder is read against.
  frame.at(Keypoint::kRightHip).score = 0.1;
  EXPECT_FALSE(ReadJointAngle(frame, JointAngle::kShoulderFlexion, Side::kLeft)
                   .has_value());
}

TEST(JointAngles, CervicalRotationFromAHeadPose) {
  const Vec3 up{0, 1, 0};
  const Vec3 trunk_forward{0, 0, -1};
  for (double truth = -90; truth <= 90; truth += 1) {
    // Yaw by `truth` about y, then a nod (pitch) of 20 degrees, as a
    // quaternion: the nod must not change the rotation read.
    double yaw = truth * std::numbers::pi / 180 / 2;
    double pitch = 20 * std::numbers::pi / 180 / 2;
    double qw = std::cos(yaw) * std::cos(pitch);
    double qx = std::cos(yaw) * std::sin(pitch);
    double qy = std::sin(yaw) * std::cos(pitch);
    double qz = -std::sin(yaw) * std::sin(pitch);
    Vec3 head = HeadForward(qx, qy, qz, qw);
    ASSERT_NEAR(CervicalRotationDeg(head, trunk_forward, up), truth,
                kToleranceDeg);
  }
  // Turning to the left (towards -x when facing -z) is positive.
  EXPECT_NEAR(CervicalRotationDeg({-1, 0, 0}, trunk_forward, up), 90, 1e-9);
}

}  // namespace
}  // namespace mc::motion
