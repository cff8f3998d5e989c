#include "sim/motion/exercises.h"

#include <cmath>

namespace mc::motion {
namespace {

// Default targets are common functional ranges; a therapist's prescription
// (--target-deg, the CarePlan's target) replaces them.
constexpr ExerciseProfile kProfiles[kExerciseCount] = {
    {Exercise::kKneeFlexion, "knee-flexion", JointAngle::kKneeFlexion, 0, 90,
     1200, 240},
    {Exercise::kKneeExtension, "knee-extension", JointAngle::kKneeFlexion, 90,
     10, 1200, 240},
    {Exercise::kElbowFlexion, "elbow-flexion", JointAngle::kElbowFlexion, 0,
     120, 1000, 300},
    {Exercise::kShoulderFlexion, "shoulder-flexion",
     JointAngle::kShoulderFlexion, 0, 120, 1500, 200},
    {Exercise::kShoulderAbduction, "shoulder-abduction",
     JointAngle::kShoulderAbduction, 0, 90, 1500, 200},
    {Exercise::kHipFlexion, "hip-flexion", JointAngle::kHipFlexion, 0, 90,
     1200, 240},
    {Exercise::kCervicalRotation, "cervical-rotation",
     JointAngle::kCervicalRotation, 0, 60, 1500, 120},
};

}  // namespace

const ExerciseProfile& ProfileOf(Exercise exercise) {
  return kProfiles[static_cast<int>(exercise)];
}

std::optional<Exercise> ParseExercise(std::string_view name) {
  for (const ExerciseProfile& profile : kProfiles) {
    if (profile.name == name) return profile.exercise;
  }
  return std::nullopt;
}

std::optional<Side> ParseSide(std::string_view name) {
  if (name == "left") return Side::kLeft;
  if (name == "right") return Side::kRight;
  return std::nullopt;
}

std::string_view SideName(Side side) {
  return side == Side::kLeft ? "left" : "right";
}

bool TargetIsValid(Exercise exercise, double target_deg) {
  if (!std::isfinite(target_deg) || target_deg < 0 || target_deg > 180) {
    return false;
  }
  const ExerciseProfile& profile = ProfileOf(exercise);
  double direction = profile.target_deg >= profile.rest_deg ? 1 : -1;
  return (target_deg - profile.rest_deg) * direction >= kMinimumRangeDeg;
}

}  // namespace mc::motion
