#include "fhir/rehab_live.h"

#include <gtest/gtest.h>

namespace mc::fhir {
namespace {

using nlohmann::json;

json Body() {
  json points = json::array();
  for (size_t i = 0; i < kLiveKeypoints; ++i) points.push_back({100.0 + i, 200.0, 0.9});
  return {{"exercise", "knee-extension"}, {"side", "right"},     {"target_deg", 10},
          {"reps", 10},                   {"rep_count", 3},      {"partial_count", 1},
          {"angle_deg", 45.5},            {"keypoints", points}};
}

std::string CodeOf(const json& body) {
  auto frame = LiveFrameFromRequest(body);
  return frame.ok() ? "ok" : ErrorCode(frame.status());
}

TEST(RehabLive, AFrameIsReadBackUntilItExpires) {
  auto frame = LiveFrameFromRequest(Body());
  ASSERT_TRUE(frame.ok()) << MessageOf(frame.status());
  RehabLive live;
  live.Put("p-1", *frame, 1000);
  auto read = live.Get("p-1", 1000 + kLiveExpiryMs);
  ASSERT_TRUE(read.has_value());
  json answer = LiveFrameJson(*read, 1400);
  EXPECT_EQ(answer["rep_count"], 3);
  EXPECT_EQ(answer["angle_deg"], 45.5);
  EXPECT_EQ(answer["keypoints"].size(), kLiveKeypoints);
  EXPECT_EQ(answer["age_ms"], 400);
  EXPECT_FALSE(live.Get("p-1", 1001 + kLiveExpiryMs).has_value());
  EXPECT_FALSE(live.Get("p-2", 1000).has_value());
  live.Put("p-1", *frame, 9000);
  live.End("p-1");
  EXPECT_FALSE(live.Get("p-1", 9000).has_value());
}

TEST(RehabLive, JoiningIsNewOnlyAfterASilence) {
  RehabLive live;
  EXPECT_TRUE(live.Watch(7, "p-1", 1000));
  EXPECT_FALSE(live.Watch(7, "p-1", 1300));
  EXPECT_TRUE(live.Watch(8, "p-1", 1300));
  EXPECT_TRUE(live.Watch(7, "p-2", 1300));
  EXPECT_TRUE(live.Watch(7, "p-1", 1301 + kLiveExpiryMs));
}

TEST(RehabLive, BadFramesAreRefusedWithAStableCode) {
  EXPECT_EQ(CodeOf(Body()), "ok");
  json neck = Body();
  neck["exercise"] = "cervical-rotation";
  neck["keypoints"] = nullptr;
  neck["angle_deg"] = nullptr;
  EXPECT_EQ(CodeOf(neck), "ok");
  auto changed = [](const char* key, json value) {
    json body = Body();
    body[key] = std::move(value);
    return CodeOf(body);
  };
  EXPECT_EQ(changed("exercise", "juggling"), "invalid_exercise");
  EXPECT_EQ(changed("side", "up"), "invalid_side");
  EXPECT_EQ(changed("reps", 0), "invalid_live");
  EXPECT_EQ(changed("rep_count", 2.5), "invalid_live");
  EXPECT_EQ(changed("target_deg", "ten"), "invalid_live");
  EXPECT_EQ(changed("angle_deg", 1000), "invalid_live");
  EXPECT_EQ(changed("keypoints", json::array({json::array({1, 2, 0.5})})), "invalid_live");
  json wrong = Body();
  wrong["keypoints"][3] = {1, 2, 1.5};
  EXPECT_EQ(CodeOf(wrong), "invalid_live");
  EXPECT_EQ(changed("video", "frame"), "unknown_field");
  json missing = Body();
  missing.erase("angle_deg");
  EXPECT_EQ(CodeOf(missing), "invalid_live");
  EXPECT_EQ(CodeOf(json::array()), "invalid_live");
}

}  // namespace
}  // namespace mc::fhir
