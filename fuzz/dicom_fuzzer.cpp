// libFuzzer target: the outside inputs of DICOMweb uploads. A STOW-RS body
// is split as multipart/related, and each part goes through the DICOM
// parser and frame decoder (DCMTK) exactly as the image archive reads it.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "imaging/dicom_instance.h"
#include "net/multipart.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  // Half the runs: the input is one Part 10 file (with the preamble added
  // so the fuzzer need not find "DICM" at offset 128 itself).
  std::string part10(128, '\0');
  part10 += "DICM";
  part10 += input;
  for (const std::string_view file : {std::string_view(part10), input}) {
    auto attributes = mc::imaging::ReadInstance(file);
    if (attributes.ok()) {
      (void)mc::imaging::DecodeFrame(file, 1);
      (void)mc::imaging::MetadataJson(file);
    }
  }
  (void)mc::SplitMultipartRelated(
      "multipart/related; type=\"application/dicom\"; boundary=B", input,
      "application/dicom");
  return 0;
}
