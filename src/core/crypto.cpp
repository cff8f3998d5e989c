#include "core/crypto.h"

#include <sodium.h>

namespace mc {

Status InitCrypto() {
  if (sodium_init() < 0) return Internal("crypto_init", "libsodium failed to start");
  return Status();
}

std::string RandomBytes(size_t size) {
  std::string bytes(size, '\0');
  randombytes_buf(bytes.data(), size);
  return bytes;
}

std::string RandomHex(size_t size) { return HexEncode(RandomBytes(size)); }

std::string HexEncode(std::string_view bytes) {
  std::string hex(bytes.size() * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(),
                 reinterpret_cast<const unsigned char*>(bytes.data()),
                 bytes.size());
  hex.pop_back();
  return hex;
}

StatusOr<std::string> HexDecode(std::string_view hex) {
  std::string bytes(hex.size() / 2, '\0');
  size_t decoded = 0;
  const char* end = nullptr;
  if (hex.size() % 2 != 0 ||
      sodium_hex2bin(reinterpret_cast<unsigned char*>(bytes.data()),
                     bytes.size(), hex.data(), hex.size(), nullptr, &decoded,
                     &end) != 0 ||
      decoded != bytes.size()) {
    return InvalidArgument("bad_hex", "not a hex string");
  }
  return bytes;
}

std::string Blake2bHex(std::string_view data, std::string_view key) {
  unsigned char digest[crypto_generichash_BYTES];
  crypto_generichash(digest, sizeof digest,
                     reinterpret_cast<const unsigned char*>(data.data()),
                     data.size(),
                     key.empty() ? nullptr
                                 : reinterpret_cast<const unsigned char*>(key.data()),
                     key.size());
  return HexEncode(std::string_view(reinterpret_cast<char*>(digest), sizeof digest));
}

bool SecretsEqual(std::string_view left, std::string_view right) {
  if (left.size() != right.size()) return false;
  if (left.empty()) return true;
  return sodium_memcmp(left.data(), right.data(), left.size()) == 0;
}

}  // namespace mc
