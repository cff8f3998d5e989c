#include "app/motion_cli.h"

#include <fstream>
#include <iostream>
#include <limits>
#include <memory>
#include <sstream>
#include <string>

#include "sim/motion/motion_c_api.h"

namespace mc {
namespace {

// Generous for an hour at 60 Hz (kMaxTraceFrames) of 3D keypoints.
constexpr std::streamoff kMaxTraceBytes = 512ll << 20;

[[noreturn]] void Fail(const std::string& code, const std::string& message) {
  std::cerr << "error: " << code << ": " << message << "\n";
  throw CLI::RuntimeError(2);
}

std::string ReadTrace(const std::string& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) Fail("trace_unreadable", "cannot open " + path);
  std::streamoff size = in.tellg();
  if (size > kMaxTraceBytes) Fail("trace_too_large", path + " is over 512 MB");
  in.seekg(0);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

struct MotionFlags {
  std::string exercise;
  std::string side;
  double target_deg = 0;  // NaN: the exercise's default
  std::string in;
  std::string out;
};

void RunAnalyse(const MotionFlags& flags) {
  std::string csv = ReadTrace(flags.in);
  if (mc_motion_analyse_csv(csv.c_str(), flags.exercise.c_str(),
                            flags.side.c_str(), flags.target_deg) != 0) {
    // The C API's error JSON holds a code and a message without quotes
    // inside; print them as one line.
    std::string error = mc_motion_output();
    auto field = [&](const std::string& name) {
      size_t begin = error.find("\"" + name + "\":\"");
      if (begin == std::string::npos) return std::string();
      begin += name.size() + 4;
      return error.substr(begin, error.find('"', begin) - begin);
    };
    std::string where = field("code").rfind("trace_", 0) == 0
                            ? flags.in + ": "
                            : std::string();
    Fail(field("code"), where + field("message"));
  }
  std::string json = std::string(mc_motion_output()) + "\n";
  if (flags.out == "-") {
    std::cout << json;
    return;
  }
  std::ofstream out(flags.out, std::ios::binary | std::ios::trunc);
  if (!out || !(out << json) || !out.flush()) {
    Fail("output_unwritable", "cannot write " + flags.out);
  }
}

}  // namespace

void RegisterMotionCommands(CLI::App& root) {
  CLI::App* motion =
      root.add_subcommand("motion", "Rehabilitation motion analysis");
  motion->require_subcommand(1);
  auto flags = std::make_shared<MotionFlags>();
  CLI::App* analyse = motion->add_subcommand(
      "analyse", "Count reps and range of motion in a keypoint trace");
  analyse
      ->add_option("--exercise", flags->exercise,
                   "knee-flexion, knee-extension, elbow-flexion, "
                   "shoulder-flexion, shoulder-abduction, hip-flexion or "
                   "cervical-rotation (a head trace)")
      ->required();
  analyse->add_option("--side", flags->side, "left or right")->required();
  analyse->add_option("--target-deg", flags->target_deg,
                      "target angle in degrees (default: the exercise's)");
  analyse->add_option("--in", flags->in, "keypoint trace CSV")->required();
  analyse->add_option("--out", flags->out, "result JSON ('-': stdout)")
      ->required();
  analyse->callback([flags, analyse] {
    if (analyse->count("--target-deg") == 0) {
      flags->target_deg = std::numeric_limits<double>::quiet_NaN();
    }
    RunAnalyse(*flags);
  });
}

}  // namespace mc
