#include "imaging/phantom.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcmetinf.h>
#include <dcmtk/dcmdata/dcostrmb.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <fmt/format.h>

#include <cmath>

namespace mc::imaging {
namespace {

// Half the phantom's extent in mm: its unit cube spans the 240 mm field.
constexpr double kHalfExtentMm = 120.0;

struct Ellipsoid {
  double hu;       // added inside
  double a, b, c;  // semi-axes (phantom units)
  double x0, y0, z0;
  double phi_degrees;  // rotation about z
};

// Kak & Slaney's 3D Shepp-Logan ellipsoids; contributions chosen so that
// the regions have CT-like values on a -1000 HU background.
constexpr Ellipsoid kEllipsoids[] = {
    {2000, 0.6900, 0.920, 0.810, 0, 0, 0, 0},        // skull
    {-960, 0.6624, 0.874, 0.780, 0, -0.0184, 0, 0},  // brain
    {-40, 0.1100, 0.310, 0.220, 0.22, 0, 0, -18},    // right ventricle
    {-40, 0.1600, 0.410, 0.280, -0.22, 0, 0, 18},    // left ventricle
    {30, 0.2100, 0.250, 0.410, 0, 0.35, -0.15, 0},
    {20, 0.0460, 0.046, 0.050, 0, 0.1, 0.25, 0},
    {20, 0.0460, 0.046, 0.050, 0, -0.1, 0.25, 0},
    {20, 0.0460, 0.023, 0.050, -0.08, -0.605, 0, 0},
    {20, 0.0230, 0.023, 0.020, 0, -0.606, 0, 0},
    {20, 0.0230, 0.046, 0.020, 0.06, -0.605, 0, 0},
};

std::string NewUid(const char* root) {
  char uid[100];
  dcmGenerateUniqueIdentifier(uid, root);
  return uid;
}

std::string Decimal(double value) { return fmt::format("{:.6g}", value); }

StatusOr<std::string> Serialize(DcmFileFormat& file) {
  const E_TransferSyntax syntax = EXS_LittleEndianExplicit;
  file.getMetaInfo()->putAndInsertString(
      DCM_TransferSyntaxUID, UID_LittleEndianExplicitTransferSyntax);
  const Uint32 length =
      file.calcElementLength(syntax, EET_ExplicitLength) + 4096;
  std::string bytes(length, '\0');
  DcmOutputBufferStream stream(bytes.data(), length);
  file.transferInit();
  const OFCondition written = file.write(stream, syntax, EET_ExplicitLength,
                                         nullptr, EGL_recalcGL, EPD_noChange);
  file.transferEnd();
  if (written.bad()) return Internal("phantom_write", written.text());
  void* buffer = nullptr;
  offile_off_t used = 0;
  stream.flushBuffer(buffer, used);
  bytes.resize(static_cast<size_t>(used));
  return bytes;
}

}  // namespace

double PhantomHu(double x_mm, double y_mm, double z_mm) {
  const double x = x_mm / kHalfExtentMm, y = y_mm / kHalfExtentMm,
               z = z_mm / kHalfExtentMm;
  double hu = -1000;
  for (const Ellipsoid& e : kEllipsoids) {
    const double phi = e.phi_degrees * M_PI / 180.0;
    const double dx = x - e.x0, dy = y - e.y0, dz = z - e.z0;
    const double u = dx * std::cos(phi) + dy * std::sin(phi);
    const double v = -dx * std::sin(phi) + dy * std::cos(phi);
    if ((u * u) / (e.a * e.a) + (v * v) / (e.b * e.b) +
            (dz * dz) / (e.c * e.c) <=
        1.0) {
      hu += e.hu;
    }
  }
  return hu;
}

StatusOr<std::vector<std::string>> MakePhantomSeries(
    const PhantomOptions& options) {
  if (options.slices < 1 || options.slices > 1024 || options.size < 1 ||
      options.size > 1024) {
    return InvalidArgument("invalid_phantom",
                           "slices and size must be 1..1024");
  }
  const std::string study_uid = NewUid(SITE_STUDY_UID_ROOT);
  const std::string series_uid = NewUid(SITE_SERIES_UID_ROOT);
  const std::string frame_of_reference_uid = NewUid(SITE_SERIES_UID_ROOT);
  const double first_x = -(options.size - 1) / 2.0 * options.pixel_spacing_mm;
  const double first_z = -(options.slices - 1) / 2.0 * options.slice_spacing_mm;
  std::vector<std::string> files;
  std::vector<Uint16> pixels(static_cast<size_t>(options.size) * options.size);
  for (int slice = 0; slice < options.slices; ++slice) {
    const double z = first_z + slice * options.slice_spacing_mm;
    for (int row = 0; row < options.size; ++row) {
      for (int column = 0; column < options.size; ++column) {
        const double hu =
            PhantomHu(first_x + column * options.pixel_spacing_mm,
                      first_x + row * options.pixel_spacing_mm, z);
        pixels[static_cast<size_t>(row) * options.size + column] =
            static_cast<Uint16>(
                std::lround(std::clamp(hu + 1024, 0.0, 4095.0)));
      }
    }
    DcmFileFormat file;
    DcmDataset& data = *file.getDataset();
    const auto put = [&data](const DcmTagKey& tag, const std::string& value) {
      data.putAndInsertString(tag, value.c_str());
    };
    put(DCM_SpecificCharacterSet, "ISO_IR 192");
    put(DCM_ImageType, "ORIGINAL\\PRIMARY\\AXIAL");
    put(DCM_SOPClassUID, UID_CTImageStorage);
    put(DCM_SOPInstanceUID, NewUid(SITE_INSTANCE_UID_ROOT));
    put(DCM_StudyDate, options.study_date);
    put(DCM_SeriesDate, options.study_date);
    put(DCM_ContentDate, options.study_date);
    put(DCM_StudyTime, options.study_time);
    put(DCM_SeriesTime, options.study_time);
    put(DCM_ContentTime, options.study_time);
    put(DCM_AccessionNumber, options.accession_number);
    put(DCM_Modality, "CT");
    put(DCM_Manufacturer, "MetaClinic (synthetic phantom)");
    put(DCM_ReferringPhysicianName, "");
    put(DCM_StudyDescription, options.study_description);
    put(DCM_SeriesDescription, "Axial 2.5 mm, Shepp-Logan phantom");
    put(DCM_PatientName, options.patient_name);
    put(DCM_PatientID, options.patient_id);
    put(DCM_PatientBirthDate, options.patient_birth_date);
    put(DCM_PatientSex, options.patient_sex);
    put(DCM_SliceThickness, Decimal(options.slice_spacing_mm));
    put(DCM_KVP, "120");
    put(DCM_PatientPosition, "HFS");
    put(DCM_StudyInstanceUID, study_uid);
    put(DCM_SeriesInstanceUID, series_uid);
    put(DCM_StudyID, "1");
    put(DCM_SeriesNumber, "1");
    put(DCM_InstanceNumber, std::to_string(slice + 1));
    put(DCM_ImagePositionPatient, fmt::format("{}\\{}\\{}", Decimal(first_x),
                                              Decimal(first_x), Decimal(z)));
    put(DCM_ImageOrientationPatient, "1\\0\\0\\0\\1\\0");
    put(DCM_FrameOfReferenceUID, frame_of_reference_uid);
    put(DCM_PositionReferenceIndicator, "");
    put(DCM_SliceLocation, Decimal(z));
    data.putAndInsertUint16(DCM_SamplesPerPixel, 1);
    put(DCM_PhotometricInterpretation, "MONOCHROME2");
    data.putAndInsertUint16(DCM_Rows, static_cast<Uint16>(options.size));
    data.putAndInsertUint16(DCM_Columns, static_cast<Uint16>(options.size));
    put(DCM_PixelSpacing,
        fmt::format("{}\\{}", Decimal(options.pixel_spacing_mm),
                    Decimal(options.pixel_spacing_mm)));
    data.putAndInsertUint16(DCM_BitsAllocated, 16);
    data.putAndInsertUint16(DCM_BitsStored, 12);
    data.putAndInsertUint16(DCM_HighBit, 11);
    data.putAndInsertUint16(DCM_PixelRepresentation, 0);
    put(DCM_WindowCenter, "40");
    put(DCM_WindowWidth, "400");
    put(DCM_RescaleIntercept, "-1024");
    put(DCM_RescaleSlope, "1");
    put(DCM_RescaleType, "HU");
    data.putAndInsertUint16Array(DCM_PixelData, pixels.data(),
                                 static_cast<unsigned long>(pixels.size()));
    MC_ASSIGN_OR_RETURN(std::string bytes, Serialize(file));
    files.push_back(std::move(bytes));
  }
  return files;
}

}  // namespace mc::imaging
