// Synthetic bodies and traces for the motion tests: a skeleton posed by
// goniometer angles (the truth), seen in 3D under any rotation or in 2D by a
// side or front camera in pixels; and angle traces of reps, partial reps
// and pauses with noise. Test-only.
#pragma once

#include <random>
#include <vector>

#include "sim/motion/exercises.h"
#include "sim/motion/keypoints.h"

namespace mc::motion::testing {

// The angles of the side under test; the other side hangs at rest.
struct Pose {
  double knee_flexion_deg = 0;
  double elbow_flexion_deg = 0;
  double shoulder_flexion_deg = 0;
  double shoulder_abduction_deg = 0;
  double hip_flexion_deg = 0;
};

enum class View {
  k3d,         // metres, rotated by `yaw_deg`/`tilt_deg`, shifted
  kSideImage,  // 2D pixels, y down, camera looking at the body's side
  kFrontImage, // 2D pixels, y down, camera facing the body
};

struct Camera {
  View view = View::k3d;
  double yaw_deg = 0;   // 3D: the whole body turned about the vertical
  double tilt_deg = 0;  // 3D: the whole body leaning sideways
};

// A frame of `pose` on `side` with every score 0.9.
Frame PosedFrame(const Pose& pose, Side side, const Camera& camera,
                 double t_ms = 0);

// Sets `pose`'s field for the joint angle an exercise reads.
void SetAngle(Pose& pose, JointAngle angle, double value_deg);

// A synthetic set: angle samples with the truth about them.
struct SyntheticSet {
  std::vector<double> t_ms;
  std::vector<double> angle_deg;
  int full_reps = 0;
  int partial_reps = 0;
  std::vector<double> full_peak_ms;     // the top of each full rep
  std::vector<double> partial_peak_ms;  // the top of each partial rep
};

struct SyntheticSetOptions {
  double rest_deg = 0;
  double target_deg = 90;
  int full_reps = 8;
  int partial_reps = 2;
  double noise_sd_deg = 2;
  double frame_rate_hz = 30;
};

// Reps in random order, each rising and returning in 0.8..2.5 s, some held
// at the top or paused mid-way, with rest pauses of 0.3..3 s between them.
// Full reps overshoot the target by 5..25 degrees; partial reps stop at
// 45..80% of the way to it.
SyntheticSet MakeSyntheticSet(const SyntheticSetOptions& options,
                              std::mt19937& random);

// Frames of a synthetic knee trace (2D side view), each sample's pose set
// by its angle.
std::vector<Frame> FramesOf(const SyntheticSet& set, JointAngle angle,
                            Side side, View view);

}  // namespace mc::motion::testing
