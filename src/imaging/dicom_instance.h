// DICOM Part 10 instances: parsing, the attributes the archive indexes,
// pixel data decoded to modality values, and the whole header as DICOM JSON.
//
// The only DCMTK user besides phantom.cpp: DCMTK headers stay in the .cpp
// files, so nothing that includes this header pays for them. JPEG baseline
// and lossless (dcmjpeg) and JPEG-LS (dcmjpls) decoders are registered once,
// on first use.
//
// Errors (stable codes, InvalidArgument unless said otherwise):
//   "not_dicom"           no "DICM" preamble, or no DICOM dataset after it
//   "truncated_dicom"     the file ends inside an element
//   "missing_attribute"   a required UID or attribute is absent (the message
//                         names it)
//   "unsupported_image"   pixel data this server cannot decode (colour,
//                         a transfer syntax without a registered decoder)
//   "frame_not_found"     NotFound: a frame number outside 1..NumberOfFrames
//
// Threading: all functions are thread-safe (no shared state but the decoder
// registration, which is done under std::call_once).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace mc::imaging {

// The attributes QIDO-RS matches and returns, read from one instance.
// Strings are the values as stored (trailing padding removed).
struct InstanceAttributes {
  std::string sop_class_uid;
  std::string sop_instance_uid;
  std::string study_instance_uid;
  std::string series_instance_uid;
  std::string transfer_syntax_uid;
  std::string patient_id;
  std::string patient_name;
  std::string patient_birth_date;
  std::string patient_sex;
  std::string study_date;  // YYYYMMDD
  std::string study_time;
  std::string study_id;
  std::string accession_number;
  std::string referring_physician_name;
  std::string study_description;
  std::string series_description;
  std::string modality;
  int64_t series_number = 0;
  int64_t instance_number = 0;
  int64_t rows = 0;  // 0 for an instance without pixel data
  int64_t columns = 0;
  int64_t number_of_frames = 0;
};

// Parses `part10` (a whole Part 10 file: preamble, "DICM", meta header,
// dataset) and returns its attributes. Requires SOP Class, SOP Instance,
// Study and Series Instance UIDs and Patient ID ("missing_attribute").
StatusOr<InstanceAttributes> ReadInstance(std::string_view part10);

// One frame of grey-scale pixel data as modality values (Rescale Slope and
// Intercept applied), with what rendering needs from the header.
struct Frame {
  int64_t rows = 0;
  int64_t columns = 0;
  std::vector<double> values;  // rows * columns, row by row
  bool monochrome1 = false;    // MONOCHROME1: low values are drawn white
  // The first Window Center / Width of the header; width 0 when absent.
  double window_center = 0;
  double window_width = 0;
  // Pixel Spacing (row spacing, column spacing) in mm; 0 when absent.
  double row_spacing_mm = 0;
  double column_spacing_mm = 0;
};

// Decodes frame `frame_number` (1-based, as in DICOMweb URLs) of `part10`.
// Grey-scale only (MONOCHROME1/2, 8 or 16 bits allocated, signed or not);
// uncompressed, JPEG baseline/lossless and JPEG-LS transfer syntaxes.
StatusOr<Frame> DecodeFrame(std::string_view part10, int64_t frame_number);

// The dataset of `part10` as DICOM JSON (PS3.18 F.2), the "metadata" of
// WADO-RS: every attribute except bulk data (Pixel Data and other binary
// values over 1 KiB are left out).
StatusOr<nlohmann::json> MetadataJson(std::string_view part10);

}  // namespace mc::imaging
