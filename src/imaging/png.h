// A minimal PNG encoder for 8-bit grey images (zlib's deflate, CRC and
// Adler): what the rendered DICOMweb resources return.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace mc::imaging {

// `grey` holds `height` rows of `width` bytes. Returns the PNG file bytes
// (colour type 0, bit depth 8, no interlace, filter "none" on every row).
// REQUIRES: grey.size() == width * height, width and height > 0.
std::string EncodeGreyPng(int64_t width, int64_t height,
                          const std::vector<uint8_t>& grey);

}  // namespace mc::imaging
