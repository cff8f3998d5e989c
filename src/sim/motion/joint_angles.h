// Joint angles from keypoints, read as a goniometer reads them
// (docs/motion.md has the figure of each):
//
// - knee flexion: thigh (hip -> knee) against shank (knee -> ankle);
//   elbow flexion: upper arm against forearm. 0 = straight.
// - shoulder flexion and abduction: the upper arm (shoulder -> elbow)
//   against the trunk's midline (mid-shoulders -> mid-hips), the line a
//   goniometer's stationary arm is aligned with, not the slanted line from a
//   shoulder to the hip on its side. 0 = arm at the side, 180 = overhead.
//   In 3D, flexion is read in the sagittal plane (the arm's component along
//   the shoulder line is removed) and abduction in the frontal plane (the
//   component along the forward axis is removed); in 2D, in the image plane
//   (side view for flexion, front view for abduction).
// - hip flexion: the thigh against the trunk's midline, 0 = standing; in 3D
//   in the sagittal plane (hip line removed).
// - cervical rotation: the head's forward direction against the trunk's,
//   both projected onto the plane normal to `up` (CervicalRotationDeg; a
//   keypoint frame has no head orientation, so ReadJointAngle gives none).
//
// Readings are unsigned 0..180 (hyperextension reads as flexion), except
// cervical rotation, which is signed. Pure functions; no state.
#pragma once

#include <optional>

#include "sim/motion/exercises.h"
#include "sim/motion/keypoints.h"

namespace mc::motion {

// The angle between two vectors, 0..180 degrees; 0 when either is zero.
double AngleBetweenDeg(Vec3 a, Vec3 b);

// The reading of `angle` on `side` from `frame`, or nullopt when a keypoint
// it needs scores below kMinimumScore (low confidence: no number).
std::optional<double> ReadJointAngle(const Frame& frame, JointAngle angle,
                                     Side side);

// Cervical rotation in degrees, -180..180: positive when the head turns
// counter-clockwise about `up` (to the left in a right-handed frame with y
// up and -z forward, as WebXR's). Vectors need not be unit length.
double CervicalRotationDeg(Vec3 head_forward, Vec3 trunk_forward, Vec3 up);

// The forward direction (-z) of a head pose given as a unit quaternion
// (x, y, z, w), as WebXR reports the viewer's orientation.
Vec3 HeadForward(double qx, double qy, double qz, double qw);

}  // namespace mc::motion
