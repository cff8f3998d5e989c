#include "records/key_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include "core/crypto.h"

namespace mc {

StatusOr<std::string> LoadKeyFile(const std::string& path) {
  struct stat info{};
  if (stat(path.c_str(), &info) != 0) {
    return NotFound("key_file_missing", fmt::format("key file {} is missing", path));
  }
  if ((info.st_mode & 077) != 0) {
    return FailedPrecondition(
        "key_file_permissions",
        fmt::format("key file {} is accessible by group or others (mode {:o}); "
                    "run: chmod 600 {}",
                    path, info.st_mode & 0777, path));
  }
  std::ifstream in(path);
  std::string hex;
  in >> hex;
  auto key = HexDecode(hex);
  if (!key.ok() || key->size() != kKeyBytes) {
    return WithCode(absl::DataLossError(fmt::format(
                        "key file {} does not hold a {}-byte hex key", path,
                        kKeyBytes)),
                    "key_file_corrupt");
  }
  return *key;
}

Status WriteKeyFile(const std::string& path, const std::string& key) {
  const std::string temp = path + ".tmp";
  const int fd = open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd < 0) {
    return Internal("key_file_write", fmt::format("cannot create {}", temp));
  }
  const std::string text = HexEncode(key) + "\n";
  const bool written =
      write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
      fchmod(fd, 0600) == 0 && fsync(fd) == 0;
  close(fd);
  if (!written || rename(temp.c_str(), path.c_str()) != 0) {
    return Internal("key_file_write", fmt::format("cannot write {}", path));
  }
  return Status();
}

std::string KeyCheckValue(const std::string& key) {
  return Blake2bHex("metaclinic key check v1", key);
}

StatusOr<std::string> LoadOrCreateKeyFile(const std::string& path) {
  auto existing = LoadKeyFile(path);
  if (existing.ok() || existing.status().code() != StatusCode::kNotFound) {
    return existing;
  }
  const std::filesystem::path directory =
      std::filesystem::path(path).parent_path();
  std::error_code error;
  if (!directory.empty()) {
    std::filesystem::create_directories(directory, error);
    std::filesystem::permissions(directory, std::filesystem::perms::owner_all,
                                 error);
  }
  std::string key = RandomBytes(kKeyBytes);
  MC_RETURN_IF_ERROR(WriteKeyFile(path, key));
  return key;
}

}  // namespace mc
