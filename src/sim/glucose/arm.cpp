// Arm files (TOML) for trials; the format is documented in docs/glucose.md.
#include <fstream>
#include <sstream>

#include "fmt/format.h"
#include "sim/glucose/trial.h"
#include "toml++/toml.h"

namespace mc::glucose {
namespace {

Status BadArm(const std::string& name, const std::string& message) {
  return InvalidArgument("bad_arm", fmt::format("arm {}: {}", name, message));
}

StatusOr<double> NumberOf(const toml::node& node, const std::string& arm, std::string_view key,
                          double low, double high) {
  std::optional<double> value = node.value<double>();
  if (!value || !(*value >= low && *value <= high)) {
    return BadArm(arm, fmt::format("{} must be a number in {}..{}", key, low, high));
  }
  return *value;
}

}  // namespace

StatusOr<ArmConfig> ParseArmToml(std::string_view text, std::string name) {
  ArmConfig arm;
  arm.name = std::move(name);
  arm.controller.kind = ControllerKind::kBasalBolus;
  toml::table table;
  try {
    table = toml::parse(text);
  } catch (const toml::parse_error& error) {
    return BadArm(arm.name, fmt::format("line {}: {}", error.source().begin.line,
                                        std::string(error.description())));
  }
  for (const auto& [key_node, node] : table) {
    const std::string key(key_node.str());
    ControllerSettings& c = arm.controller;
    if (key == "controller") {
      auto text_value = node.value<std::string>();
      if (!text_value) return BadArm(arm.name, "controller must be a string");
      auto kind = ParseControllerKind(*text_value);
      if (!kind.ok()) return BadArm(arm.name, MessageOf(kind.status()));
      c.kind = *kind;
    } else if (key == "basal_scale") {
      MC_ASSIGN_OR_RETURN(c.basal_scale, NumberOf(node, arm.name, key, 0, 10));
    } else if (key == "carb_ratio_scale") {
      MC_ASSIGN_OR_RETURN(c.carb_ratio_scale, NumberOf(node, arm.name, key, 0.01, 100));
    } else if (key == "correction_factor_scale") {
      MC_ASSIGN_OR_RETURN(c.correction_factor_scale, NumberOf(node, arm.name, key, 0.01, 100));
    } else if (key == "target_mg_dl") {
      MC_ASSIGN_OR_RETURN(c.target_mg_dl, NumberOf(node, arm.name, key, 40, 400));
    } else if (key == "correction_threshold_mg_dl") {
      MC_ASSIGN_OR_RETURN(c.correction_threshold_mg_dl, NumberOf(node, arm.name, key, 40, 600));
    } else if (key == "meals") {
      auto text_value = node.value<std::string>();
      if (!text_value) return BadArm(arm.name, "meals must be a string");
      if (*text_value != "random") {
        auto scenario = Scenario::ParseDaily(*text_value);
        if (!scenario.ok()) return BadArm(arm.name, MessageOf(scenario.status()));
        arm.meals = *scenario;
      }
    } else if (key == "sensor" || key == "pump") {
      auto text_value = node.value<std::string>();
      if (!text_value) return BadArm(arm.name, fmt::format("{} must be a string", key));
      (key == "sensor" ? arm.sensor : arm.pump) = *text_value;
    } else {
      return BadArm(arm.name, fmt::format("unknown key \"{}\"", key));
    }
  }
  return arm;
}

StatusOr<ArmConfig> LoadArmFile(const std::string& path, std::string name) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound("file_not_found", fmt::format("cannot open arm file {}", path));
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return ParseArmToml(buffer.str(), std::move(name));
}

}  // namespace mc::glucose
