#include "core/paths.h"

#include <cstdlib>
#include <filesystem>

namespace mc {

std::string ShareDir() {
  if (const char* configured = std::getenv("METACLINIC_SHARE")) {
    return configured;
  }
  if (std::filesystem::is_directory("share")) return "share";
  return std::string(METACLINIC_SOURCE_DIR_DEFAULT) + "/share";
}

}  // namespace mc
