#include "imaging/png.h"

#include <zlib.h>

namespace mc::imaging {
namespace {

void PutBigEndian32(std::string& out, uint32_t value) {
  out.push_back(static_cast<char>(value >> 24));
  out.push_back(static_cast<char>(value >> 16));
  out.push_back(static_cast<char>(value >> 8));
  out.push_back(static_cast<char>(value));
}

void PutChunk(std::string& out, const char type[4], const std::string& data) {
  PutBigEndian32(out, static_cast<uint32_t>(data.size()));
  std::string typed(type, 4);
  typed += data;
  out += typed;
  PutBigEndian32(out, static_cast<uint32_t>(
                          crc32(0, reinterpret_cast<const Bytef*>(typed.data()),
                                static_cast<uInt>(typed.size()))));
}

}  // namespace

std::string EncodeGreyPng(int64_t width, int64_t height,
                          const std::vector<uint8_t>& grey) {
  std::string out("\x89PNG\r\n\x1a\n", 8);
  std::string header;
  PutBigEndian32(header, static_cast<uint32_t>(width));
  PutBigEndian32(header, static_cast<uint32_t>(height));
  header += std::string("\x08\x00\x00\x00\x00",
                        5);  // depth 8, grey, deflate, filter 0, no interlace
  PutChunk(out, "IHDR", header);

  std::string filtered;
  filtered.reserve(static_cast<size_t>((width + 1) * height));
  for (int64_t row = 0; row < height; ++row) {
    filtered.push_back('\0');
    filtered.append(reinterpret_cast<const char*>(grey.data() + row * width),
                    static_cast<size_t>(width));
  }
  uLongf compressed_size = compressBound(static_cast<uLong>(filtered.size()));
  std::string compressed(compressed_size, '\0');
  // Level 1: rendered frames are made per request; speed matters more here.
  compress2(reinterpret_cast<Bytef*>(compressed.data()), &compressed_size,
            reinterpret_cast<const Bytef*>(filtered.data()),
            static_cast<uLong>(filtered.size()), 1);
  compressed.resize(compressed_size);
  PutChunk(out, "IDAT", compressed);
  PutChunk(out, "IEND", "");
  return out;
}

}  // namespace mc::imaging
