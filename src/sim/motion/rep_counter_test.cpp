#include "sim/motion/rep_counter.h"

#include <cmath>
#include <cstdlib>
#include <numbers>
#include <random>

#include <gtest/gtest.h>

#include "sim/motion/motion_analysis.h"
#include "sim/motion/motion_test_support.h"

namespace mc::motion {
namespace {

using testing::FramesOf;
using testing::MakeSyntheticSet;
using testing::SyntheticSet;
using testing::SyntheticSetOptions;
using testing::View;

// Whether `rep`'s window holds exactly one true full rep's top and no
// partial rep's top: a counted rep that is really a partial fails this.
bool MatchesOneFullRep(const Rep& rep, const SyntheticSet& set) {
  int full = 0;
  for (double peak_ms : set.full_peak_ms) {
    if (peak_ms >= rep.start_ms && peak_ms <= rep.end_ms) ++full;
  }
  for (double peak_ms : set.partial_peak_ms) {
    if (peak_ms >= rep.start_ms && peak_ms <= rep.end_ms) return false;
  }
  return full == 1;
}

struct Case {
  Exercise exercise;
  View view;
};

// 300 synthetic sets over every exercise: random reps, partial reps (45..80%
// of the way to the target), pauses at rest, mid-way and at the top, angle
// noise of 2 degrees SD, through the whole pipeline (keypoints, angle,
// filter, state machine).
TEST(RepCounter, NoisyTracesWithPausesAndPartialsMaeUnderATenth) {
  const Case cases[] = {{Exercise::kKneeFlexion, View::kSideImage},
                        {Exercise::kKneeExtension, View::kSideImage},
                        {Exercise::kElbowFlexion, View::k3d},
                        {Exercise::kShoulderFlexion, View::kSideImage},
                        {Exercise::kShoulderAbduction, View::kFrontImage},
                        {Exercise::kHipFlexion, View::k3d}};
  std::mt19937 random(17);
  double rep_error = 0;
  double partial_error = 0;
  int sets = 0;
  for (int round = 0; round < 50; ++round) {
    for (const Case& c : cases) {
      const ExerciseProfile& profile = ProfileOf(c.exercise);
      SyntheticSetOptions options;
      options.rest_deg = profile.rest_deg;
      options.target_deg = profile.target_deg;
      options.full_reps = 3 + round % 10;
      options.partial_reps = round % 4;
      options.noise_sd_deg = 2;
      options.frame_rate_hz = round % 2 == 0 ? 30 : 15;
      SyntheticSet set = MakeSyntheticSet(options, random);
      SetResult result = AnalyseTrace(
          FramesOf(set, profile.angle, Side::kRight, c.view),
          AnalysisOptions{c.exercise, Side::kRight, std::nullopt});
      rep_error += std::abs(static_cast<int>(result.reps.size()) - set.full_reps);
      partial_error +=
          std::abs(static_cast<int>(result.partials.size()) - set.partial_reps);
      ++sets;
      for (const Rep& rep : result.reps) {
        ASSERT_TRUE(MatchesOneFullRep(rep, set))
            << profile.name << " round " << round << " counted a rep "
            << rep.start_ms << ".." << rep.end_ms << " peak " << rep.peak_deg;
      }
    }
  }
  EXPECT_LE(rep_error / sets, 0.1);
  EXPECT_LE(partial_error / sets, 0.1);
  RecordProperty("rep_mae", std::to_string(rep_error / sets));
}

// A partial that stops 10 degrees short, held there a long time, with noise:
// never counted however long it is held.
TEST(RepCounter, NearMissHeldIsPartialNeverCounted) {
  std::mt19937 random(3);
  std::normal_distribution<double> noise(0, 2);
  RepCounter counter(0, 90);
  AngleFilter filter;
  double t = 0;
  auto feed = [&](double angle, double duration_ms) {
    for (double end = t + duration_ms; t < end; t += 33) {
      counter.Push(t, filter.Filter(t, angle + noise(random)));
    }
  };
  feed(0, 1000);
  feed(45, 500);
  feed(80, 10000);
  feed(0, 1500);
  EXPECT_EQ(counter.reps().size(), 0u);
  ASSERT_EQ(counter.partials().size(), 1u);
  EXPECT_NEAR(counter.partials()[0].peak_deg, 80, 3);
}

TEST(RepCounter, CountsOnlyAfterTheStartZoneWasSeen) {
  RepCounter counter(0, 90);
  // The set starts mid-movement at the top, comes down, then one full rep.
  const double trace[][2] = {{0, 95}, {500, 60}, {1000, 10}, {1500, 50},
                             {2000, 100}, {2500, 40}, {3000, 5}};
  for (const auto& sample : trace) counter.Push(sample[0], sample[1]);
  ASSERT_EQ(counter.reps().size(), 1u);
  EXPECT_EQ(counter.reps()[0].start_ms, 1000);
  EXPECT_EQ(counter.reps()[0].end_ms, 3000);
  EXPECT_EQ(counter.reps()[0].peak_deg, 100);
  EXPECT_TRUE(counter.partials().empty());
}

// A target reached only while the keypoints were not trusted is not seen.
TEST(RepCounter, TargetReachedOnlyInALowConfidenceGapIsPartial) {
  RepCounter counter(0, 90);
  counter.Push(0, 0.0);
  counter.Push(500, 50.0);
  counter.Push(1000, std::nullopt);  // at the top, but no number
  counter.Push(1500, 50.0);
  counter.Push(2000, 0.0);
  EXPECT_TRUE(counter.reps().empty());
  EXPECT_EQ(counter.partials().size(), 1u);
}

TEST(RepCounter, DecreasingExerciseCountsDownwards) {
  RepCounter counter(90, 10);  // seated knee extension
  const double trace[][2] = {{0, 90}, {800, 40}, {1600, 5}, {2400, 60},
                             {3200, 88}, {4000, 30}, {4800, 85}};
  for (const auto& sample : trace) counter.Push(sample[0], sample[1]);
  ASSERT_EQ(counter.reps().size(), 1u);
  EXPECT_EQ(counter.reps()[0].peak_deg, 5);
  EXPECT_EQ(counter.partials().size(), 1u);
  EXPECT_EQ(counter.partials()[0].peak_deg, 30);
}

// The filter smooths jitter while still and follows a rep without losing
// its peak: a 1.5 s rep to 100 degrees keeps its peak within 3 degrees and
// its timing within 100 ms.
TEST(AngleFilter, FollowsARepWithLittleLag) {
  AngleFilter filter;
  std::mt19937 random(5);
  std::normal_distribution<double> noise(0, 2);
  double peak = 0;
  double peak_ms = 0;
  double still_sum_squares = 0;
  int still_samples = 0;
  for (double t = 0; t < 4000; t += 1000.0 / 30) {
    double truth = t < 1000 || t > 2500
                       ? 0
                       : 50 * (1 - std::cos(2 * std::numbers::pi *
                                            (t - 1000) / 1500));
    double smoothed = filter.Filter(t, truth + noise(random));
    if (smoothed > peak) {
      peak = smoothed;
      peak_ms = t;
    }
    if (t > 3000) {
      still_sum_squares += smoothed * smoothed;
      ++still_samples;
    }
  }
  EXPECT_NEAR(peak, 100, 3);
  EXPECT_NEAR(peak_ms, 1750, 100);
  EXPECT_LT(std::sqrt(still_sum_squares / still_samples), 1.0);
}

TEST(MotionAnalyser, LowConfidenceSpansGiveNoNumber) {
  Exercise exercise = Exercise::kKneeFlexion;
  std::vector<Frame> frames;
  for (int i = 0; i < 90; ++i) {
    testing::Pose pose;
    pose.knee_flexion_deg = i < 30 ? 5 : 120;  // bent during the gap
    Frame frame = testing::PosedFrame(pose, Side::kLeft,
                                      {View::kSideImage}, i * 100.0);
    if (i >= 30 && i < 60) frame.at(Keypoint::kLeftKnee).score = 0.2;
    if (i >= 60) frame = testing::PosedFrame({}, Side::kLeft,
                                             {View::kSideImage}, i * 100.0);
    frames.push_back(frame);
  }
  MotionAnalyser analyser(AnalysisOptions{exercise, Side::kLeft, {}});
  for (size_t i = 0; i < frames.size(); ++i) {
    LiveReading reading = analyser.Push(frames[i]);
    EXPECT_EQ(reading.angle_deg.has_value(), i < 30 || i >= 60) << i;
  }
  SetResult result = analyser.Result();
  ASSERT_EQ(result.low_confidence_spans.size(), 1u);
  EXPECT_EQ(result.low_confidence_spans[0].start_ms, 3000);
  EXPECT_EQ(result.low_confidence_spans[0].end_ms, 6000);
  EXPECT_EQ(result.low_confidence_ms, 3000);
  // The bent knee was never seen: no number from the gap reaches the ROM.
  ASSERT_TRUE(result.rom.has_value());
  EXPECT_LT(result.rom->max_deg, 6);
  EXPECT_TRUE(result.reps.empty());
}

TEST(MotionAnalyser, AllLowConfidenceHasNoRangeOfMotion) {
  std::vector<Frame> frames(10);
  for (int i = 0; i < 10; ++i) frames[i].t_ms = i * 50;
  SetResult result = AnalyseTrace(frames, {});
  EXPECT_FALSE(result.rom.has_value());
  EXPECT_EQ(result.low_confidence_ms, 450);
  EXPECT_FALSE(result.mean_rep_ms.has_value());
}

TEST(MotionAnalyser, TempoFlagsFastReps) {
  std::vector<Frame> frames;
  auto add = [&](double t, double knee) {
    testing::Pose pose;
    pose.knee_flexion_deg = knee;
    frames.push_back(
        testing::PosedFrame(pose, Side::kLeft, {View::kSideImage}, t));
  };
  double t = 0;
  for (; t < 1000; t += 33) add(t, 0);
  // A fast rep: 0 -> 110 -> 0 in 0.6 s, then a slow one in 3 s.
  for (double u = 0; u < 600; u += 33, t += 33) {
    add(t, 55 * (1 - std::cos(2 * std::numbers::pi * u / 600)));
  }
  for (double end = t + 1000; t < end; t += 33) add(t, 0);
  for (double u = 0; u < 3000; u += 33, t += 33) {
    add(t, 55 * (1 - std::cos(2 * std::numbers::pi * u / 3000)));
  }
  for (double end = t + 1000; t < end; t += 33) add(t, 0);
  SetResult result = AnalyseTrace(frames, {Exercise::kKneeFlexion, Side::kLeft, {}});
  ASSERT_EQ(result.reps.size(), 2u);
  EXPECT_EQ(result.fast_rep_count, 1);
  ASSERT_TRUE(result.mean_rep_ms.has_value());
}

}  // namespace
}  // namespace mc::motion
