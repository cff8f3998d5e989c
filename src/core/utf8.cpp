#include "core/utf8.h"

#include <cstdint>

namespace mc {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";

// Length of the well-formed sequence starting at `position`, or 0 when it is
// ill-formed; `*bad_length` is then the maximal ill-formed prefix to replace.
size_t SequenceLength(std::string_view text, size_t position, size_t* bad_length) {
  const auto byte = [&](size_t index) {
    return static_cast<uint8_t>(text[index]);
  };
  const uint8_t lead = byte(position);
  *bad_length = 1;
  if (lead < 0x80) return 1;
  size_t length = 0;
  uint8_t low = 0x80;
  uint8_t high = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;   // overlong
    if (lead == 0xED) high = 0x9F;  // surrogates
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;   // overlong
    if (lead == 0xF4) high = 0x8F;  // above U+10FFFF
  } else {
    return 0;
  }
  for (size_t offset = 1; offset < length; ++offset) {
    if (position + offset >= text.size()) return 0;
    const uint8_t next = byte(position + offset);
    const uint8_t min = offset == 1 ? low : 0x80;
    const uint8_t max = offset == 1 ? high : 0xBF;
    if (next < min || next > max) return 0;
    *bad_length = offset + 1;
  }
  return length;
}

}  // namespace

bool IsValidUtf8(std::string_view text) {
  size_t position = 0;
  size_t bad_length = 0;
  while (position < text.size()) {
    const size_t length = SequenceLength(text, position, &bad_length);
    if (length == 0) return false;
    position += length;
  }
  return true;
}

std::string RepairUtf8(std::string_view text) {
  if (IsValidUtf8(text)) return std::string(text);
  std::string repaired;
  repaired.reserve(text.size() + 8);
  size_t position = 0;
  size_t bad_length = 0;
  while (position < text.size()) {
    const size_t length = SequenceLength(text, position, &bad_length);
    if (length == 0) {
      repaired += kReplacement;
      position += bad_length;
    } else {
      repaired.append(text.substr(position, length));
      position += length;
    }
  }
  return repaired;
}

}  // namespace mc
