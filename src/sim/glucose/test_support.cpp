#include "sim/glucose/test_support.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "gtest/gtest.h"

namespace mc::glucose::testing {

std::string ParamsDirectory() {
  const char* source = std::getenv("METACLINIC_SOURCE_DIR");
  std::string root = source != nullptr ? source : METACLINIC_SOURCE_DIR_FALLBACK;
  return root + "/share/uva-padova";
}

std::string ReadParamsFile(const std::string& name) {
  std::ifstream in(ParamsDirectory() + "/" + name, std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

const ParameterSet& Parameters() {
  static const ParameterSet* set = [] {
    auto loaded = LoadParameterSet(ParamsDirectory());
    if (!loaded.ok()) {
      std::fprintf(stderr, "cannot load parameters: %s\n", MessageOf(loaded.status()).c_str());
      std::abort();
    }
    return new ParameterSet(*std::move(loaded));
  }();
  return *set;
}

SimulationOptions RandomDays(int days, uint64_t seed, ControllerKind kind) {
  SimulationOptions options;
  options.minutes = days * 1440;
  options.sensor = *Parameters().FindSensor("Dexcom");
  options.pump = *Parameters().FindPump("Insulet");
  options.scenario = Scenario::Random(seed);
  options.controller.kind = kind;
  options.seed = seed;
  return options;
}

}  // namespace mc::glucose::testing
