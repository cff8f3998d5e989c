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

const ArmNumberField* FindNumberField(std::string_view key) {
  for (const ArmNumberField& field : ArmNumberFields()) {
    if (key == field.key) return &field;
  }
  return nullptr;
}

}  // namespace

const std::vector<ArmNumberField>& ArmNumberFields() {
  using C = ControllerSettings;
  static const std::vector<ArmNumberField> fields = {
      {"basal_scale", 0, 10, &C::basal_scale},
      {"carb_ratio_scale", 0.01, 100, &C::carb_ratio_scale},
      {"correction_factor_scale", 0.01, 100, &C::correction_factor_scale},
      {"target_mg_dl", 40, 400, &C::target_mg_dl},
      {"correction_threshold_mg_dl", 40, 600, &C::correction_threshold_mg_dl},
  };
  return fields;
}

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
    } else if (const ArmNumberField* field = FindNumberField(key)) {
      MC_ASSIGN_OR_RETURN(c.*field->member,
                          NumberOf(node, arm.name, key, field->low, field->high));
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
