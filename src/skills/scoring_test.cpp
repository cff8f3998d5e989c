#include "skills/scoring.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <string>

#include "nlohmann/json.hpp"

namespace mc::skills {
namespace {

nlohmann::json Cases() {
  const char* source = std::getenv("METACLINIC_SOURCE_DIR");
  std::ifstream in(std::string(source == nullptr ? "." : source) +
                   "/src/skills/testdata/peg_transfer_scores.json");
  return nlohmann::json::parse(in)["cases"];
}

// The score is exact on hand-computed attempts (the same file holds the
// browser's score.ts to them).
TEST(Scoring, PegTransferMatchesHandComputedAttempts) {
  const TaskRules* rules = FindTask("peg-transfer");
  ASSERT_NE(rules, nullptr);
  const nlohmann::json cases = Cases();
  ASSERT_GE(cases.size(), 9u);
  for (const auto& c : cases) {
    AttemptMetrics metrics;
    metrics.time_ms = c["time_ms"];
    metrics.drops = c["drops"];
    metrics.rings_placed = c["rings_placed"];
    ASSERT_TRUE(ValidateMetrics(*rules, metrics).ok()) << c["name"];
    const Score score = ScoreAttempt(*rules, metrics);
    EXPECT_EQ(score.score_ms, c["score_ms"].get<int64_t>()) << c["name"];
    EXPECT_EQ(score.proficient, c["proficient"].get<bool>()) << c["name"];
  }
}

TEST(Scoring, UnknownTaskIsNull) { EXPECT_EQ(FindTask("suture"), nullptr); }

TEST(Scoring, MetricsOutOfRangeAreRefused) {
  const TaskRules& rules = *FindTask("peg-transfer");
  const auto code = [&](AttemptMetrics metrics) {
    Status status = ValidateMetrics(rules, metrics);
    return status.ok() ? std::string("ok") : std::string(status.message());
  };
  EXPECT_EQ(code({.time_ms = 1000}), "ok");
  EXPECT_NE(code({.time_ms = -1}), "ok");
  EXPECT_NE(code({.time_ms = 300'001}), "ok");
  EXPECT_NE(code({.time_ms = 1000, .drops = -1}), "ok");
  EXPECT_NE(code({.time_ms = 1000, .rings_placed = 7}), "ok");
  EXPECT_NE(code({.time_ms = 1000, .path_mm = -5}), "ok");
  EXPECT_NE(code({.time_ms = 1000, .idle_ms = 1001}), "ok");
  EXPECT_EQ(ValidateMetrics(rules, {.time_ms = -1}).code(),
            StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace mc::skills
