// Small, hard-to-misuse wrappers over libsodium used across modules.
//
// InitCrypto() must succeed once before any other function here is called
// (the application does it at start; tests call it in their main or setup).
// All functions are thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/status.h"

namespace mc {

// Initialises libsodium. Internal error when the library cannot start.
Status InitCrypto();

// `size` bytes from the OS CSPRNG.
std::string RandomBytes(size_t size);
// Lower-case hex of `size` random bytes (2*size characters).
std::string RandomHex(size_t size);

std::string HexEncode(std::string_view bytes);
// InvalidArgument ("bad_hex") for odd length or non-hex characters.
StatusOr<std::string> HexDecode(std::string_view hex);

// BLAKE2b with a 32-byte output, optionally keyed (key <= 64 bytes), as hex.
std::string Blake2bHex(std::string_view data, std::string_view key = {});

// Constant-time equality for secrets of equal length (false otherwise).
bool SecretsEqual(std::string_view left, std::string_view right);

}  // namespace mc
