#include "imaging/dicom_instance.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcistrmb.h>
#include <dcmtk/dcmdata/dcjson.h>
#include <dcmtk/dcmdata/dcmetinf.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmjpeg/djdecode.h>
#include <dcmtk/dcmjpls/djdecode.h>
#include <dcmtk/oflog/oflog.h>

#include <mutex>
#include <sstream>

namespace mc::imaging {
namespace {

constexpr size_t kPreambleBytes = 128;

void RegisterCodecsOnce() {
  static std::once_flag once;
  std::call_once(once, [] {
    // DCMTK's own log would print parse warnings of untrusted files to
    // stderr; errors come back as values here instead.
    OFLog::configure(OFLogger::FATAL_LOG_LEVEL);
    DJDecoderRegistration::registerCodecs();
    DJLSDecoderRegistration::registerCodecs();
  });
}

std::string Text(DcmItem& item, const DcmTagKey& tag) {
  OFString value;
  if (item.findAndGetOFStringArray(tag, value).bad()) return "";
  std::string text(value.c_str(), value.length());
  while (!text.empty() && (text.back() == ' ' || text.back() == '\0'))
    text.pop_back();
  return text;
}

int64_t Integer(DcmItem& item, const DcmTagKey& tag) {
  OFString value;
  if (item.findAndGetOFString(tag, value).bad()) return 0;
  try {
    return std::stoll(value.c_str());
  } catch (...) {
    return 0;
  }
}

double Decimal(DcmItem& item, const DcmTagKey& tag, unsigned long index,
               double fallback) {
  Float64 value = 0;
  if (item.findAndGetFloat64(tag, value, index).bad()) return fallback;
  return value;
}

// The parsed file, or not_dicom / truncated_dicom.
StatusOr<std::unique_ptr<DcmFileFormat>> Parse(std::string_view part10) {
  RegisterCodecsOnce();
  if (part10.size() < kPreambleBytes + 4 ||
      part10.substr(kPreambleBytes, 4) != "DICM") {
    return InvalidArgument("not_dicom",
                           "not a DICOM Part 10 file (no DICM preamble)");
  }
  auto file = std::make_unique<DcmFileFormat>();
  DcmInputBufferStream stream;
  stream.setBuffer(part10.data(), static_cast<offile_off_t>(part10.size()));
  stream.setEos();
  file->transferInit();
  const OFCondition read =
      file->read(stream, EXS_Unknown, EGL_noChange, DCM_MaxReadLength);
  file->transferEnd();
  // A file whose meta header was read but whose dataset stops early was cut
  // short (DCMTK says EC_InvalidStream or EC_StreamNotifyClient).
  OFString syntax;
  const bool meta_read = file->getMetaInfo()
                             ->findAndGetOFString(DCM_TransferSyntaxUID, syntax)
                             .good();
  if (read.bad() && meta_read &&
      (read == EC_InvalidStream || read == EC_StreamNotifyClient ||
       read == EC_PrematureSequDelimitationItem)) {
    return InvalidArgument("truncated_dicom",
                           "the DICOM file ends inside an element");
  }
  if (read.bad() || file->getDataset() == nullptr ||
      file->getDataset()->card() == 0) {
    return InvalidArgument("not_dicom",
                           "the file holds no readable DICOM dataset");
  }
  return file;
}

}  // namespace

StatusOr<InstanceAttributes> ReadInstance(std::string_view part10) {
  MC_ASSIGN_OR_RETURN(std::unique_ptr<DcmFileFormat> file, Parse(part10));
  DcmDataset& data = *file->getDataset();
  InstanceAttributes attributes;
  attributes.sop_class_uid = Text(data, DCM_SOPClassUID);
  attributes.sop_instance_uid = Text(data, DCM_SOPInstanceUID);
  attributes.study_instance_uid = Text(data, DCM_StudyInstanceUID);
  attributes.series_instance_uid = Text(data, DCM_SeriesInstanceUID);
  attributes.transfer_syntax_uid =
      Text(*file->getMetaInfo(), DCM_TransferSyntaxUID);
  attributes.patient_id = Text(data, DCM_PatientID);
  attributes.patient_name = Text(data, DCM_PatientName);
  attributes.patient_birth_date = Text(data, DCM_PatientBirthDate);
  attributes.patient_sex = Text(data, DCM_PatientSex);
  attributes.study_date = Text(data, DCM_StudyDate);
  attributes.study_time = Text(data, DCM_StudyTime);
  attributes.study_id = Text(data, DCM_StudyID);
  attributes.accession_number = Text(data, DCM_AccessionNumber);
  attributes.referring_physician_name = Text(data, DCM_ReferringPhysicianName);
  attributes.study_description = Text(data, DCM_StudyDescription);
  attributes.series_description = Text(data, DCM_SeriesDescription);
  attributes.modality = Text(data, DCM_Modality);
  attributes.series_number = Integer(data, DCM_SeriesNumber);
  attributes.instance_number = Integer(data, DCM_InstanceNumber);
  attributes.rows = Integer(data, DCM_Rows);
  attributes.columns = Integer(data, DCM_Columns);
  attributes.number_of_frames =
      data.tagExists(DCM_PixelData)
          ? std::max<int64_t>(1, Integer(data, DCM_NumberOfFrames))
          : 0;
  const std::pair<const std::string*, const char*> required[] = {
      {&attributes.sop_class_uid, "SOPClassUID (0008,0016)"},
      {&attributes.sop_instance_uid, "SOPInstanceUID (0008,0018)"},
      {&attributes.study_instance_uid, "StudyInstanceUID (0020,000D)"},
      {&attributes.series_instance_uid, "SeriesInstanceUID (0020,000E)"},
      {&attributes.patient_id, "PatientID (0010,0020)"},
  };
  for (const auto& [value, name] : required) {
    if (value->empty()) {
      return InvalidArgument("missing_attribute",
                             std::string("the instance has no ") + name);
    }
  }
  return attributes;
}

StatusOr<Frame> DecodeFrame(std::string_view part10, int64_t frame_number) {
  MC_ASSIGN_OR_RETURN(std::unique_ptr<DcmFileFormat> file, Parse(part10));
  DcmDataset& data = *file->getDataset();
  Frame frame;
  frame.rows = Integer(data, DCM_Rows);
  frame.columns = Integer(data, DCM_Columns);
  const int64_t frames =
      std::max<int64_t>(1, Integer(data, DCM_NumberOfFrames));
  if (!data.tagExists(DCM_PixelData) || frame.rows <= 0 || frame.columns <= 0) {
    return NotFound("frame_not_found", "the instance holds no image");
  }
  if (frame_number < 1 || frame_number > frames) {
    return NotFound("frame_not_found", "no such frame in this instance");
  }
  const std::string photometric = Text(data, DCM_PhotometricInterpretation);
  if ((photometric != "MONOCHROME1" && photometric != "MONOCHROME2") ||
      Integer(data, DCM_SamplesPerPixel) > 1) {
    return InvalidArgument("unsupported_image",
                           "only grey-scale images can be rendered");
  }
  frame.monochrome1 = photometric == "MONOCHROME1";
  const int64_t bits_allocated = Integer(data, DCM_BitsAllocated);
  int64_t bits_stored = Integer(data, DCM_BitsStored);
  if (bits_stored <= 0 || bits_stored > bits_allocated)
    bits_stored = bits_allocated;
  const bool is_signed = Integer(data, DCM_PixelRepresentation) == 1;
  if (bits_allocated != 8 && bits_allocated != 16) {
    return InvalidArgument("unsupported_image",
                           "only 8 or 16 bits per pixel can be rendered");
  }
  if (data.chooseRepresentation(EXS_LittleEndianExplicit, nullptr).bad() ||
      !data.canWriteXfer(EXS_LittleEndianExplicit)) {
    return InvalidArgument(
        "unsupported_image",
        "the pixel data's transfer syntax cannot be decoded here");
  }
  const size_t pixels = static_cast<size_t>(frame.rows * frame.columns);
  const size_t first = pixels * static_cast<size_t>(frame_number - 1);
  std::vector<int64_t> raw(pixels);
  // The frame's stored values from Pixel Data read as `Sample` (8 or 16 bits).
  const auto copy = [&](const auto* samples, unsigned long count,
                        bool read) -> Status {
    if (!read || samples == nullptr || count < first + pixels) {
      return InvalidArgument("truncated_dicom",
                             "the pixel data is shorter than the image");
    }
    for (size_t index = 0; index < pixels; ++index)
      raw[index] = samples[first + index];
    return Status();
  };
  unsigned long count = 0;
  if (bits_allocated == 16) {
    const Uint16* words = nullptr;
    const bool read =
        data.findAndGetUint16Array(DCM_PixelData, words, &count).good();
    MC_RETURN_IF_ERROR(copy(words, count, read));
  } else {
    const Uint8* bytes = nullptr;
    const bool read =
        data.findAndGetUint8Array(DCM_PixelData, bytes, &count).good();
    MC_RETURN_IF_ERROR(copy(bytes, count, read));
  }
  const int64_t mask = (int64_t{1} << bits_stored) - 1;
  const int64_t sign_bit = int64_t{1} << (bits_stored - 1);
  const double slope = Decimal(data, DCM_RescaleSlope, 0, 1.0);
  const double intercept = Decimal(data, DCM_RescaleIntercept, 0, 0.0);
  frame.values.resize(pixels);
  for (size_t index = 0; index < pixels; ++index) {
    int64_t stored = raw[index] & mask;
    if (is_signed && (stored & sign_bit) != 0)
      stored -= (int64_t{1} << bits_stored);
    frame.values[index] = static_cast<double>(stored) * slope + intercept;
  }
  frame.window_center = Decimal(data, DCM_WindowCenter, 0, 0.0);
  frame.window_width = Decimal(data, DCM_WindowWidth, 0, 0.0);
  frame.row_spacing_mm = Decimal(data, DCM_PixelSpacing, 0, 0.0);
  frame.column_spacing_mm = Decimal(data, DCM_PixelSpacing, 1, 0.0);
  return frame;
}

StatusOr<nlohmann::json> MetadataJson(std::string_view part10) {
  MC_ASSIGN_OR_RETURN(std::unique_ptr<DcmFileFormat> file, Parse(part10));
  DcmDataset& data = *file->getDataset();
  constexpr Uint32 kBulkBytes = 1024;
  for (unsigned long index = data.card(); index-- > 0;) {
    DcmElement* element = data.getElement(index);
    const DcmEVR vr = element->ident();
    const bool binary = vr == EVR_OB || vr == EVR_OW || vr == EVR_OF ||
                        vr == EVR_OD || vr == EVR_OL || vr == EVR_OV ||
                        vr == EVR_UN || vr == EVR_PixelData ||
                        vr == EVR_OverlayData;
    if (element->getTag() == DCM_PixelData ||
        (binary && element->getLength() > kBulkBytes)) {
      delete data.remove(index);
    }
  }
  std::ostringstream out;
  DcmJsonFormatCompact format(OFFalse);
  if (data.writeJson(out, format).bad()) {
    return Internal("dicom_json",
                    "the dataset could not be written as DICOM JSON");
  }
  // A dataset writes its members only; the braces are the caller's.
  nlohmann::json metadata =
      nlohmann::json::parse("{" + out.str() + "}", nullptr, false);
  if (!metadata.is_object()) {
    return Internal("dicom_json", "DCMTK wrote DICOM JSON that does not parse");
  }
  return metadata;
}

}  // namespace mc::imaging
