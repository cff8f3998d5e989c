// Secret key files kept in the data directory (KEK, audit chain key).
//
// A key file holds 32 random bytes as hex. It is created with mode 0600 on
// first use; a file readable or writable by group or others is refused, so a
// misconfigured deployment fails loudly instead of leaking.
#pragma once

#include <string>

#include "core/status.h"

namespace mc {

inline constexpr size_t kKeyBytes = 32;

// Reads the key at `path`, creating it (and its directory, mode 0700) when
// absent. FailedPrecondition ("key_file_permissions") when its mode allows
// group/other access; DataLoss ("key_file_corrupt") when unreadable.
StatusOr<std::string> LoadOrCreateKeyFile(const std::string& path);

// Reads an existing key; NotFound ("key_file_missing") when absent.
StatusOr<std::string> LoadKeyFile(const std::string& path);

// The check value of `key`: a keyed BLAKE2b of a fixed string, hex. Says
// whether a key file is the one the data was written with, and reveals
// nothing about the key.
std::string KeyCheckValue(const std::string& key);

// Writes `key` to `path` atomically (temp file, fsync, rename), mode 0600.
Status WriteKeyFile(const std::string& path, const std::string& key);

}  // namespace mc
