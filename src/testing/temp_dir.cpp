#include "testing/temp_dir.h"

#include <cstdlib>
#include <filesystem>

namespace mc::testing {

TempDir::TempDir() {
  std::string pattern =
      (std::filesystem::temp_directory_path() / "metaclinic-test-XXXXXX").string();
  char* created = mkdtemp(pattern.data());
  path_ = created ? created : "";
}

TempDir::~TempDir() {
  std::error_code error;
  std::filesystem::remove_all(path_, error);
}

}  // namespace mc::testing
