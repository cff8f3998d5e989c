#include "sim/tissue/tissue_c_api.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <numbers>
#include <string>
#include <vector>

#include "nlohmann/json.hpp"

namespace {

std::string GoldenPath() {
  const char* source = std::getenv("METACLINIC_SOURCE_DIR");
  return std::string(source == nullptr ? "." : source) +
         "/src/sim/tissue/testdata/pad_press.json";
}

// The recorded tool inputs of the golden run: a 1 cm sphere pressing 12 mm
// into the pad (deepest at the last step) while it circles 1.5 cm about the
// centre, 5 ms steps.
nlohmann::json MakeRun() {
  nlohmann::json run;
  run["what"] =
      "A pad stepped through tissue_c_api.h with these sphere inputs; "
      "positions_m is every vertex after the last step. Written by "
      "tissue_c_api_test.cpp (MC_TISSUE_UPDATE_GOLDEN=1); the WebAssembly "
      "build is held to it in web/src/skills/tissue-core.test.ts.";
  run["cells"] = {8, 3, 8};
  run["size_m"] = {0.1, 0.03, 0.1};
  nlohmann::json steps = nlohmann::json::array();
  for (int i = 0; i < 100; ++i) {
    const double t = i * 0.005;
    const double press = 0.5 * (1 - std::cos(2 * std::numbers::pi * t));
    const double angle = 2 * std::numbers::pi * t;
    steps.push_back({0.005, 0.015 * std::sin(angle), 0.04 - 0.012 * press,
                     0.015 * std::cos(angle), 0.01});
  }
  run["steps"] = steps;
  return run;
}

// Runs `run`'s inputs through the C API; the final positions.
std::vector<double> Replay(const nlohmann::json& run) {
  McTissuePad* pad = mc_tissue_pad_create(run["cells"][0], run["cells"][1],
                                          run["cells"][2], run["size_m"][0],
                                          run["size_m"][1], run["size_m"][2]);
  EXPECT_NE(pad, nullptr);
  for (const auto& step : run["steps"]) {
    EXPECT_EQ(
        mc_tissue_pad_step(pad, step[0], step[1], step[2], step[3], step[4]),
        1);
  }
  const float* positions = mc_tissue_pad_positions(pad);
  std::vector<double> result(positions,
                             positions + 3 * mc_tissue_pad_vertex_count(pad));
  mc_tissue_pad_destroy(pad);
  return result;
}

TEST(TissueCApi, RejectsBadArgumentsAndNullHandles) {
  EXPECT_EQ(mc_tissue_pad_create(0, 2, 2, 0.1, 0.03, 0.1), nullptr);
  EXPECT_EQ(mc_tissue_pad_create(2, 2, 201, 0.1, 0.03, 0.1), nullptr);
  EXPECT_EQ(mc_tissue_pad_create(2, 2, 2, 0.1, NAN, 0.1), nullptr);
  EXPECT_EQ(mc_tissue_pad_step(nullptr, 0.005, 0, 0, 0, 0.01), 0);
  EXPECT_EQ(mc_tissue_pad_vertex_count(nullptr), 0);
  EXPECT_EQ(mc_tissue_pad_tet_count(nullptr), 0);
  EXPECT_EQ(mc_tissue_pad_positions(nullptr), nullptr);
  McTissuePad* pad = mc_tissue_pad_create(2, 1, 2, 0.1, 0.03, 0.1);
  ASSERT_NE(pad, nullptr);
  EXPECT_EQ(mc_tissue_pad_tet_count(pad), 6 * 2 * 1 * 2);
  EXPECT_EQ(mc_tissue_pad_vertex_count(pad), 3 * 2 * 3);
  EXPECT_EQ(mc_tissue_pad_step(pad, 0, 0, 0, 0, 0.01), 0);
  EXPECT_EQ(mc_tissue_pad_step(pad, 0.005, 0, INFINITY, 0, 0.01), 0);
  mc_tissue_pad_destroy(pad);
}

// The native build reproduces the committed run (within the float printing
// of the positions); MC_TISSUE_UPDATE_GOLDEN=1 rewrites it (review the diff).
TEST(TissueCApi, GoldenPressMatchesTheCommittedRun) {
  if (std::getenv("MC_TISSUE_UPDATE_GOLDEN") != nullptr) {
    nlohmann::json run = MakeRun();
    run["positions_m"] = Replay(run);
    std::ofstream(GoldenPath()) << run.dump(1) << "\n";
  }
  std::ifstream in(GoldenPath());
  ASSERT_TRUE(in.good()) << GoldenPath();
  const nlohmann::json run = nlohmann::json::parse(in);
  const std::vector<double> expected = run["positions_m"];
  const std::vector<double> actual = Replay(run);
  ASSERT_EQ(actual.size(), expected.size());
  double largest_difference = 0;
  for (size_t i = 0; i < actual.size(); ++i) {
    largest_difference =
        std::max(largest_difference, std::abs(actual[i] - expected[i]));
  }
  EXPECT_LE(largest_difference, 1e-7);
  // The run did something: the pressed pad is not at rest.
  McTissuePad* rest = mc_tissue_pad_create(8, 3, 8, 0.1, 0.03, 0.1);
  double moved = 0;
  for (size_t i = 0; i < actual.size(); ++i) {
    moved =
        std::max(moved, std::abs(actual[i] - mc_tissue_pad_positions(rest)[i]));
  }
  mc_tissue_pad_destroy(rest);
  EXPECT_GT(moved, 4e-3);
}

}  // namespace
