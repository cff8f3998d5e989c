// The motion core's cost per frame, natively (issue 17; `make bench-motion`
// runs it beside the WebAssembly measure, web/scripts/bench-motion.mjs,
// over the same traces and the same C API calls).
//
// usage: motion_bench TESTDATA_DIR REPEATS
// Prints one JSON object: for the live path (mc_motion_live_push, one frame
// at a time, as the browser calls it) and the offline path
// (mc_motion_analyse_csv: parse + analyse + JSON), microseconds per frame.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>
#include <variant>
#include <vector>

#include "sim/motion/motion_c_api.h"
#include "sim/motion/trace_csv.h"

namespace {

struct Case {
  std::string file, exercise, side;
  double target_deg;
};

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

double Seconds(std::chrono::steady_clock::duration elapsed) {
  return std::chrono::duration<double>(elapsed).count();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: motion_bench TESTDATA_DIR REPEATS\n");
    return 2;
  }
  std::string directory = std::string(argv[1]) + "/";
  int repeats = std::atoi(argv[2]);
  std::ifstream list(directory + "golden.txt");
  std::vector<Case> cases;
  Case c;
  std::string target;
  while (list >> c.file >> c.exercise >> c.side >> target) {
    c.target_deg = target == "default" ? std::numeric_limits<double>::quiet_NaN()
                                       : std::stod(target);
    cases.push_back(c);
  }
  long live_frames = 0, csv_frames = 0;
  double live_s = 0, csv_s = 0;
  double checksum = 0;  // keeps the work observable
  for (const Case& each : cases) {
    std::string csv = ReadFile(directory + each.file);
    auto parsed = mc::motion::ParseTraceCsv(csv);
    const auto& frames = std::get<std::vector<mc::motion::Frame>>(parsed);
    std::vector<double> flat(frames.size() * 68);
    for (size_t f = 0; f < frames.size(); ++f) {
      for (int k = 0; k < 17; ++k) {
        const auto& point = frames[f].keypoints[k];
        double* out = &flat[f * 68 + k * 4];
        out[0] = point.position.x;
        out[1] = point.position.y;
        out[2] = point.position.z;
        out[3] = point.score;
      }
    }
    for (int r = 0; r < repeats; ++r) {
      auto start = std::chrono::steady_clock::now();
      int handle = mc_motion_live_open(each.exercise.c_str(), each.side.c_str(),
                                       each.target_deg);
      for (size_t f = 0; f < frames.size(); ++f) {
        mc_motion_live_push(handle, frames[f].t_ms, &flat[f * 68],
                            frames[f].has_depth ? 1 : 0);
        double angle = mc_motion_live_reading()[0];
        if (!std::isnan(angle)) checksum += angle;
      }
      mc_motion_live_close(handle);
      live_s += Seconds(std::chrono::steady_clock::now() - start);
      live_frames += static_cast<long>(frames.size());

      start = std::chrono::steady_clock::now();
      mc_motion_analyse_csv(csv.c_str(), each.exercise.c_str(),
                            each.side.c_str(), each.target_deg);
      checksum += static_cast<double>(std::string(mc_motion_output()).size());
      csv_s += Seconds(std::chrono::steady_clock::now() - start);
      csv_frames += static_cast<long>(frames.size());
    }
  }
  std::printf(
      "{\"live_push_us_per_frame\":%.3f,\"analyse_csv_us_per_frame\":%.3f,"
      "\"frames\":%ld,\"checksum\":%.1f}\n",
      live_s * 1e6 / live_frames, csv_s * 1e6 / csv_frames, live_frames,
      checksum);
  return 0;
}
