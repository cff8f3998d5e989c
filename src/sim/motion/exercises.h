// The exercises the motion core counts, and each one's rep profile: the
// joint angle it reads, where a rep starts (the rest angle) and the default
// target a rep must reach. One table (exercises.cpp) serves the CLI, the C
// API and the browser (which reads it through the C API).
//
// Angles are goniometer readings in degrees (docs/motion.md): knee and elbow
// flexion 0 = straight; shoulder flexion and abduction 0 = arm at the side;
// hip flexion 0 = thigh in line with the trunk; cervical rotation 0 = facing
// ahead (the head's yaw towards the exercise's side). Knee extension is seated
// knee flexion counted downwards: it starts bent (about 90) and targets
// nearly straight.
#pragma once

#include <optional>
#include <string_view>

namespace mc::motion {

enum class Exercise {
  kKneeFlexion,
  kKneeExtension,
  kElbowFlexion,
  kShoulderFlexion,
  kShoulderAbduction,
  kHipFlexion,
  // Read from a headset's orientation, not from body keypoints
  // (head_trace.h): a keypoint frame gives it no number.
  kCervicalRotation,
};
inline constexpr int kExerciseCount = 7;

enum class Side { kLeft, kRight };

// Which joint angle an exercise reads.
enum class JointAngle {
  kKneeFlexion,
  kElbowFlexion,
  kShoulderFlexion,
  kShoulderAbduction,
  kHipFlexion,
  kCervicalRotation,  // towards the side: negative when turned the other way
};

struct ExerciseProfile {
  Exercise exercise;
  std::string_view name;  // "knee-flexion", the CLI's and the JSON's spelling
  JointAngle angle;
  double rest_deg;    // where a rep starts and ends
  double target_deg;  // default target; a rep must reach it to count
  // A rep faster than this (start zone to start zone) is flagged too fast.
  double min_rep_ms;
  // Live feedback says "slow down" above this angular speed.
  double max_speed_deg_per_s;
};

// The profile of `exercise`. REQUIRES: a valid enum value.
const ExerciseProfile& ProfileOf(Exercise exercise);

// Parses "knee-flexion" etc.; nullopt for an unknown name.
std::optional<Exercise> ParseExercise(std::string_view name);
std::optional<Side> ParseSide(std::string_view name);
std::string_view SideName(Side side);

// Whether `target_deg` is a usable target for `exercise`: within 0..180 and
// at least kMinimumRangeDeg away from the rest angle, on the side the
// exercise moves towards.
inline constexpr double kMinimumRangeDeg = 10;
bool TargetIsValid(Exercise exercise, double target_deg);

}  // namespace mc::motion
