#include "sim/motion/motion_test_support.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace mc::motion::testing {
namespace {

double Radians(double degrees) { return degrees * std::numbers::pi / 180; }

// Body frame: x = the subject's left, y = up, z = forward.
Vec3 Direction(double down_weight, Vec3 toward, double toward_weight) {
  return Vec3{0, -down_weight, 0} + toward * toward_weight;
}

Vec3 Rotate(Vec3 v, const Camera& camera) {
  double yaw = Radians(camera.yaw_deg);
  double tilt = Radians(camera.tilt_deg);
  // Lean sideways (about z), then turn (about y).
  Vec3 leaned{v.x * std::cos(tilt) - v.y * std::sin(tilt),
              v.x * std::sin(tilt) + v.y * std::cos(tilt), v.z};
  return {leaned.x * std::cos(yaw) + leaned.z * std::sin(yaw), leaned.y,
          -leaned.x * std::sin(yaw) + leaned.z * std::cos(yaw)};
}

Vec3 Project(Vec3 body, const Camera& camera) {
  constexpr double kPixelsPerMetre = 412.5;
  switch (camera.view) {
    case View::k3d:
      return Rotate(body, camera) + Vec3{0.31, 0.05, 2.4};
    case View::kSideImage:  // looking at the body's left side
      return {320 + body.z * kPixelsPerMetre, 700 - body.y * kPixelsPerMetre,
              0};
    case View::kFrontImage:  // mirror: the subject's left is image right
      return {320 + body.x * kPixelsPerMetre, 700 - body.y * kPixelsPerMetre,
              0};
  }
  return body;
}

}  // namespace

Frame PosedFrame(const Pose& pose, Side side, const Camera& camera,
                 double t_ms) {
  double outward = side == Side::kLeft ? 1 : -1;
  Vec3 forward{0, 0, 1};
  Vec3 lateral{outward, 0, 0};
  // Narrow shoulders over a wide pelvis: a shoulder-to-same-hip line slants
  // by about 11 degrees, the midline does not.
  Vec3 shoulder{0.17 * outward, 1.45, 0};
  Vec3 hip{0.27 * outward, 0.95, 0};
  Vec3 other_shoulder{-shoulder.x, shoulder.y, 0};
  Vec3 other_hip{-hip.x, hip.y, 0};

  double flexion = Radians(pose.shoulder_flexion_deg);
  double abduction = Radians(pose.shoulder_abduction_deg);
  Vec3 upper_arm = pose.shoulder_abduction_deg != 0
                       ? Direction(std::cos(abduction), lateral,
                                   std::sin(abduction))
                       : Direction(std::cos(flexion), forward,
                                   std::sin(flexion));
  // The forearm bends in the plane of the upper arm and the forward axis
  // (or the upper arm's normal in that plane when the arm points forward).
  Vec3 bend = forward - upper_arm * Dot(forward, upper_arm);
  if (Length(bend) < 1e-9) bend = Vec3{0, 1, 0};
  bend = bend * (1 / Length(bend));
  double elbow = Radians(pose.elbow_flexion_deg);
  Vec3 forearm = upper_arm * std::cos(elbow) + bend * std::sin(elbow);

  double hip_angle = Radians(pose.hip_flexion_deg);
  Vec3 thigh = Direction(std::cos(hip_angle), forward, std::sin(hip_angle));
  Vec3 back{0, -std::sin(hip_angle), -std::cos(hip_angle)};
  double knee = Radians(pose.knee_flexion_deg);
  Vec3 shank = thigh * std::cos(knee) + back * std::sin(knee);

  Vec3 elbow_at = shoulder + upper_arm * 0.30;
  Vec3 wrist_at = elbow_at + forearm * 0.26;
  Vec3 knee_at = hip + thigh * 0.44;
  Vec3 ankle_at = knee_at + shank * 0.42;
  Vec3 head{0, 1.65, 0.08};

  bool left = side == Side::kLeft;
  Frame frame;
  frame.t_ms = t_ms;
  frame.has_depth = camera.view == View::k3d;
  auto put = [&](Keypoint keypoint, Vec3 body) {
    frame.at(keypoint) = {Project(body, camera), 0.9};
  };
  put(Keypoint::kNose, head);
  put(Keypoint::kLeftEye, head + Vec3{0.03, 0.03, -0.01});
  put(Keypoint::kRightEye, head + Vec3{-0.03, 0.03, -0.01});
  put(Keypoint::kLeftEar, head + Vec3{0.07, 0.02, -0.08});
  put(Keypoint::kRightEar, head + Vec3{-0.07, 0.02, -0.08});
  Vec3 rest_elbow{0, -0.30, 0};
  Vec3 rest_wrist{0, -0.56, 0};
  Vec3 rest_knee{0, -0.44, 0};
  Vec3 rest_ankle{0, -0.86, 0};
  put(left ? Keypoint::kLeftShoulder : Keypoint::kRightShoulder, shoulder);
  put(left ? Keypoint::kRightShoulder : Keypoint::kLeftShoulder,
      other_shoulder);
  put(left ? Keypoint::kLeftElbow : Keypoint::kRightElbow, elbow_at);
  put(left ? Keypoint::kRightElbow : Keypoint::kLeftElbow,
      other_shoulder + rest_elbow);
  put(left ? Keypoint::kLeftWrist : Keypoint::kRightWrist, wrist_at);
  put(left ? Keypoint::kRightWrist : Keypoint::kLeftWrist,
      other_shoulder + rest_wrist);
  put(left ? Keypoint::kLeftHip : Keypoint::kRightHip, hip);
  put(left ? Keypoint::kRightHip : Keypoint::kLeftHip, other_hip);
  put(left ? Keypoint::kLeftKnee : Keypoint::kRightKnee, knee_at);
  put(left ? Keypoint::kRightKnee : Keypoint::kLeftKnee, other_hip + rest_knee);
  put(left ? Keypoint::kLeftAnkle : Keypoint::kRightAnkle, ankle_at);
  put(left ? Keypoint::kRightAnkle : Keypoint::kLeftAnkle,
      other_hip + rest_ankle);
  return frame;
}

void SetAngle(Pose& pose, JointAngle angle, double value_deg) {
  switch (angle) {
    case JointAngle::kKneeFlexion: pose.knee_flexion_deg = value_deg; break;
    case JointAngle::kElbowFlexion: pose.elbow_flexion_deg = value_deg; break;
    case JointAngle::kShoulderFlexion:
      pose.shoulder_flexion_deg = value_deg;
      break;
    case JointAngle::kShoulderAbduction:
      pose.shoulder_abduction_deg = value_deg;
      break;
    case JointAngle::kHipFlexion: pose.hip_flexion_deg = value_deg; break;
    case JointAngle::kCervicalRotation: break;  // not a body pose
  }
}

SyntheticSet MakeSyntheticSet(const SyntheticSetOptions& options,
                              std::mt19937& random) {
  std::uniform_real_distribution<double> unit(0, 1);
  auto between = [&](double low, double high) {
    return low + (high - low) * unit(random);
  };
  std::normal_distribution<double> noise(0, options.noise_sd_deg);
  double range = options.target_deg - options.rest_deg;
  double step_ms = 1000 / options.frame_rate_hz;

  SyntheticSet set;
  std::vector<bool> kinds(options.full_reps, true);
  kinds.insert(kinds.end(), options.partial_reps, false);
  std::shuffle(kinds.begin(), kinds.end(), random);

  double now_ms = 0;
  // Appends samples of `profile(u)` for u in [0, 1) over `duration_ms`.
  auto emit = [&](double duration_ms, auto profile) {
    double end_ms = now_ms + duration_ms;
    for (; now_ms < end_ms; now_ms += step_ms) {
      double u = (now_ms - (end_ms - duration_ms)) / duration_ms;
      set.t_ms.push_back(now_ms);
      set.angle_deg.push_back(profile(u) + noise(random));
    }
  };
  auto rest = [&](double duration_ms) {
    double offset = between(-2, 4);
    emit(duration_ms, [&](double) { return options.rest_deg + offset; });
  };
  auto move = [&](double from, double to, double duration_ms) {
    emit(duration_ms, [&](double u) {
      return from + (to - from) * (1 - std::cos(std::numbers::pi * u)) / 2;
    });
  };

  rest(between(500, 2000));
  for (bool full : kinds) {
    double peak = options.rest_deg +
                  range * (full ? 1 + between(5, 25) / std::fabs(range)
                                : between(0.45, 0.8));
    double mid = options.rest_deg + range * between(0.4, 0.6);
    if (unit(random) < 0.25) {  // a pause on the way up
      move(options.rest_deg, mid, between(400, 1200));
      emit(between(500, 1500), [&](double) { return mid; });
      move(mid, peak, between(400, 1200));
    } else {
      move(options.rest_deg, peak, between(800, 2500));
    }
    (full ? set.full_peak_ms : set.partial_peak_ms).push_back(now_ms);
    if (unit(random) < 0.4) {
      emit(between(300, 1500), [&](double) { return peak; });
    }
    move(peak, options.rest_deg, between(800, 2500));
    rest(between(300, 3000));
    (full ? set.full_reps : set.partial_reps) += 1;
  }
  return set;
}

std::vector<Frame> FramesOf(const SyntheticSet& set, JointAngle angle,
                            Side side, View view) {
  std::vector<Frame> frames;
  for (size_t i = 0; i < set.t_ms.size(); ++i) {
    Pose pose;
    SetAngle(pose, angle, std::clamp(set.angle_deg[i], 0.0, 180.0));
    frames.push_back(PosedFrame(pose, side, Camera{view}, set.t_ms[i]));
  }
  return frames;
}

}  // namespace mc::motion::testing
