// Compressed transfer syntaxes decode to the same values as the
// uncompressed file: the phantom is re-encoded here with DCMTK's own lossless
// encoders (JPEG lossless SV1, JPEG-LS lossless) and read back through
// DecodeFrame, which registers the decoders.
#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcistrmb.h>
#include <dcmtk/dcmdata/dcmetinf.h>
#include <dcmtk/dcmdata/dcostrmb.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmjpeg/djencode.h>
#include <dcmtk/dcmjpeg/djrplol.h>
#include <dcmtk/dcmjpls/djencode.h>
#include <dcmtk/dcmjpls/djrparam.h>
#include <gtest/gtest.h>

#include "imaging/dicom_instance.h"
#include "imaging/phantom.h"

namespace mc::imaging {
namespace {

std::string Recompress(const std::string& part10, E_TransferSyntax syntax,
                       const DcmRepresentationParameter* parameter) {
  static const bool registered = [] {
    DJEncoderRegistration::registerCodecs();
    DJLSEncoderRegistration::registerCodecs();
    return true;
  }();
  (void)registered;
  DcmFileFormat file;
  DcmInputBufferStream in;
  in.setBuffer(part10.data(), static_cast<offile_off_t>(part10.size()));
  in.setEos();
  file.transferInit();
  EXPECT_TRUE(
      file.read(in, EXS_Unknown, EGL_noChange, DCM_MaxReadLength).good());
  file.transferEnd();
  EXPECT_TRUE(
      file.getDataset()->chooseRepresentation(syntax, parameter).good());
  EXPECT_TRUE(file.getDataset()->canWriteXfer(syntax));
  const Uint32 length =
      file.calcElementLength(syntax, EET_ExplicitLength) + 65536;
  std::string bytes(length, '\0');
  DcmOutputBufferStream out(bytes.data(), length);
  file.transferInit();
  EXPECT_TRUE(file.write(out, syntax, EET_ExplicitLength, nullptr).good());
  file.transferEnd();
  void* buffer = nullptr;
  offile_off_t used = 0;
  out.flushBuffer(buffer, used);
  bytes.resize(static_cast<size_t>(used));
  return bytes;
}

TEST(CompressedFramesTest, JpegLosslessAndJpegLsDecodeToTheSameValues) {
  PhantomOptions options;
  options.patient_id = "p";
  options.slices = 2;
  options.size = 64;
  auto files = MakePhantomSeries(options);
  ASSERT_TRUE(files.ok()) << files.status();
  auto plain = DecodeFrame(files->at(1), 1);
  ASSERT_TRUE(plain.ok()) << plain.status();
  const DJ_RPLossless jpeg_lossless;
  const DJLSRepresentationParameter jpeg_ls(2, OFTrue);
  const std::pair<E_TransferSyntax, const DcmRepresentationParameter*>
      syntaxes[] = {{EXS_JPEGProcess14SV1, &jpeg_lossless},
                    {EXS_JPEGLSLossless, &jpeg_ls}};
  for (const auto& [syntax, parameter] : syntaxes) {
    const std::string compressed = Recompress(files->at(1), syntax, parameter);
    auto attributes = ReadInstance(compressed);
    ASSERT_TRUE(attributes.ok()) << attributes.status();
    EXPECT_NE(attributes->transfer_syntax_uid, "1.2.840.10008.1.2.1");
    auto decoded = DecodeFrame(compressed, 1);
    ASSERT_TRUE(decoded.ok())
        << decoded.status() << " " << attributes->transfer_syntax_uid;
    EXPECT_EQ(decoded->values, plain->values)
        << attributes->transfer_syntax_uid;
  }
}

}  // namespace
}  // namespace mc::imaging
